// Admission of writes to custom resources and to CRDs themselves; the built-in kinds go through
// admission/ unchanged.
import { admit } from '../admission/index.js';
import { validateObject } from '../admission/validation.js';
import { apiVersionOf, type ResourceType } from '../resources.js';
import { badRequest, invalid, type FieldError } from '../status.js';
import { invalid as invalidField } from '../admission/field-errors.js';
import { isCustomResourceDefinition } from './definition.js';
import { applySchemaDefaults, pruneUnknownFields, validateSchema } from './schema.js';
import { defaultCustomResourceDefinition } from './validation.js';

type Obj = any;

/** Defaults and validates `obj` (on update `old` is the live object), throwing 422 Invalid. */
export function admitResource(r: ResourceType, obj: Obj, old?: Obj): void {
  if (!r.custom) {
    if (isCustomResourceDefinition(r)) defaultCustomResourceDefinition(obj);
    admit(r.group, r.version, r.kind, obj, old);
    return;
  }
  applySchemaDefaults(r.custom.schema, obj);
  const errs = [...validateObject(r.group, r.version, r.kind, obj, old), ...validateSchema(r.custom.schema, obj)];
  if (errs.length) throw invalid(r.kind, r.group, obj?.metadata?.name ?? '', errs);
}

/**
 * A custom resource's body must name the URL's version; a different kind is the validator's
 * field error (missing ones are filled in from the URL).
 */
export function checkCustomBodyType(r: ResourceType, apiVersion: string | undefined, kind: string | undefined, name: string): void {
  const expected = apiVersionOf(r);
  if (apiVersion && apiVersion !== expected) {
    throw badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${expected})`);
  }
  if (kind && kind !== r.kind) {
    const errs: FieldError[] = [invalidField('kind', kind, `must be ${r.kind}`)];
    throw invalid(r.kind, r.group, name, errs);
  }
}

/** Removes what the version's schema does not specify; returns the paths, as strict decoding reports them. */
export function pruneCustomResource(r: ResourceType, obj: Obj): string[] {
  return pruneUnknownFields(r.custom?.schema, obj).sort();
}
