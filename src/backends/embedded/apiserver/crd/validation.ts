// CustomResourceDefinition defaulting and validation: the essentials of apiextensions-apiserver's
// ValidateCustomResourceDefinition (names, group, scope, versions, structural schemas, printer
// columns), with its messages.
import type { FieldError } from '../status.js';
import { forbidden, IMMUTABLE, invalid, notSupported, required } from '../admission/field-errors.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../admission/names.js';
import { isConditionTrue, type JsonSchemaProps } from './definition.js';

type Obj = any;

const SCOPES = ['Cluster', 'Namespaced'];
const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const SCHEMA_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

/** The v1 defaults: singular and listKind from kind, the None conversion strategy. */
export function defaultCustomResourceDefinition(crd: Obj): void {
  const spec = crd?.spec;
  if (!spec || typeof spec !== 'object') return;
  const names = spec.names;
  if (names && typeof names === 'object' && typeof names.kind === 'string' && names.kind) {
    names.singular ||= names.kind.toLowerCase();
    names.listKind ||= `${names.kind}List`;
  }
  spec.conversion ??= { strategy: 'None' };
}

/** The field errors of a CRD after the common ObjectMeta checks, on create or (with `old`) update. */
export function validateCustomResourceDefinition(crd: Obj, old?: Obj): FieldError[] {
  const spec = crd?.spec ?? {};
  const names = spec.names ?? {};
  const errs: FieldError[] = [];
  const name = crd?.metadata?.name;
  if (name && name !== `${names.plural}.${spec.group}`) errs.push(invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));

  if (!spec.group) errs.push(required('spec.group'));
  else if (isDNS1123Subdomain(spec.group).length) errs.push(invalid('spec.group', spec.group, isDNS1123Subdomain(spec.group).join(',')));
  else if (!spec.group.includes('.')) errs.push(invalid('spec.group', spec.group, 'should be a domain with at least one dot'));

  if (!spec.scope) errs.push(required('spec.scope'));
  else if (!SCOPES.includes(spec.scope)) errs.push(notSupported('spec.scope', spec.scope, SCOPES));

  const versions: Obj[] = Array.isArray(spec.versions) ? spec.versions : [];
  versions.forEach((v, i) => errs.push(...validateVersion(v, `spec.versions[${i}]`, spec.preserveUnknownFields === true)));
  const versionNames = versions.map((v) => v?.name);
  if (new Set(versionNames).size !== versionNames.length) errs.push(invalid('spec.versions', versions, 'must contain unique version names'));
  if (versions.filter((v) => v?.storage === true).length !== 1) {
    errs.push(invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));
  }

  for (const field of ['plural', 'singular', 'kind', 'listKind']) if (!names[field]) errs.push(required(`spec.names.${field}`));
  errs.push(...validateNames(names, 'spec.names'));

  if (old) {
    const immutable = (field: string, now: unknown, before: unknown) => {
      if (now !== before) errs.push(invalid(field, now, IMMUTABLE));
    };
    if (isConditionTrue(old, 'Established')) {
      immutable('spec.scope', spec.scope, old.spec?.scope);
      immutable('spec.names.kind', names.kind, old.spec?.names?.kind);
    }
    immutable('spec.group', spec.group, old.spec?.group);
    immutable('spec.names.plural', names.plural, old.spec?.names?.plural);
  }
  return errs;
}

function validateVersion(v: Obj, path: string, preserveUnknownFields: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const problems = isDNS1035Label(String(v?.name ?? ''));
  if (problems.length) errs.push(invalid(`${path}.name`, v?.name ?? '', problems.join(',')));
  const schema = v?.schema?.openAPIV3Schema;
  if (!schema) {
    if (!preserveUnknownFields) errs.push(required(`${path}.schema.openAPIV3Schema`, 'schemas are required'));
  } else {
    const root = `${path}.schema.openAPIV3Schema`;
    if (v.subresources?.status && schema.type !== 'object') {
      errs.push(invalid(`${root}.type`, schema.type ?? '', 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled'));
    }
    errs.push(...validateStructural(schema, root, 'must not be empty at the root'));
  }
  (Array.isArray(v?.additionalPrinterColumns) ? v.additionalPrinterColumns : []).forEach((c: Obj, i: number) => {
    errs.push(...validateColumn(c ?? {}, `${path}.additionalPrinterColumns[${i}]`));
  });
  return errs;
}

/** Structural schemas: every node says its type (unless it is int-or-string or preserves anything). */
function validateStructural(s: JsonSchemaProps, path: string, emptyType: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!s || typeof s !== 'object') return errs;
  const open = s['x-kubernetes-int-or-string'] || s['x-kubernetes-preserve-unknown-fields'];
  if (!s.type && !open) errs.push(required(`${path}.type`, emptyType));
  else if (s.type && !SCHEMA_TYPES.includes(s.type)) errs.push(notSupported(`${path}.type`, s.type, SCHEMA_TYPES));
  if (s.properties && s.additionalProperties !== undefined && s.additionalProperties !== true) {
    errs.push(forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
  }
  for (const [k, p] of Object.entries(s.properties ?? {})) {
    errs.push(...validateStructural(p, `${path}.properties[${k}]`, 'must not be empty for specified object fields'));
  }
  if (s.items) errs.push(...validateStructural(s.items, `${path}.items`, 'must not be empty for specified array items'));
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    errs.push(...validateStructural(s.additionalProperties, `${path}.additionalProperties`, 'must not be empty for specified object fields'));
  }
  return errs;
}

function validateNames(names: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const label = (field: string, value: unknown, prefix = '') => {
    if (typeof value !== 'string' || !value) return;
    const problems = isDNS1035Label(prefix ? value.toLowerCase() : value);
    if (problems.length) errs.push(invalid(`${path}.${field}`, value, prefix + problems.join(',')));
  };
  label('plural', names.plural);
  label('singular', names.singular);
  label('kind', names.kind, 'may have mixed case, but should otherwise match: ');
  label('listKind', names.listKind, 'may have mixed case, but should otherwise match: ');
  (Array.isArray(names.shortNames) ? names.shortNames : []).forEach((n: string, i: number) => label(`shortNames[${i}]`, n));
  if (names.kind && names.kind === names.listKind) errs.push(invalid(`${path}.listKind`, names.listKind, 'kind and listKind may not be the same'));
  (Array.isArray(names.categories) ? names.categories : []).forEach((c: string, i: number) => label(`categories[${i}]`, c));
  return errs;
}

function validateColumn(c: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(`${path}.name`));
  if (!c.type) errs.push(required(`${path}.type`, `must be one of ${COLUMN_TYPES.join(',')}`));
  else if (!COLUMN_TYPES.includes(c.type)) errs.push(invalid(`${path}.type`, c.type, `must be one of ${COLUMN_TYPES.join(',')}`));
  if (c.format && !COLUMN_FORMATS.includes(c.format)) errs.push(invalid(`${path}.format`, c.format, `must be one of ${COLUMN_FORMATS.join(',')}`));
  if (!c.jsonPath) errs.push(required(`${path}.JSONPath`));
  return errs;
}
