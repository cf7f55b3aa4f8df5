// kube-apiserver decodes every body into the kind's Go struct before anything else looks at it, so
// a value of the wrong JSON type (a number for a string, a string for an object) is a 400 from the
// decoder in encoding/json's words, never something later stages trip over.
import { validateObject } from '../../../validation/validate.js';
import type { KubeObject } from './objects.js';
import type { ResourceType } from './resources.js';
import { badRequest } from './status.js';

/** Throws the decoder's 400 when apiVersion or kind is not a string (kube cannot even find the type). */
export function checkTypeMeta(obj: KubeObject): void {
  for (const field of ['apiVersion', 'kind'] as const) {
    const value: unknown = obj[field];
    if (value === undefined || value === null || typeof value === 'string') continue;
    const word = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
    throw badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${word} into Go struct field .${field} of type string`);
  }
}

/** Throws the decoder's 400 for the first value of `obj` whose JSON type its schema does not allow. */
export function checkDecodes(r: ResourceType, obj: KubeObject): void {
  const problems = validateObject(obj as Record<string, unknown>)?.filter((p) => p.stage === 'decode') ?? [];
  if (problems.length === 0) return;
  // encoding/json returns a custom unmarshaler's error at once, else the first type error it saw.
  const first = problems.find((p) => p.stopsDecoding) ?? problems[0]!;
  throw badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${first.message}`);
}
