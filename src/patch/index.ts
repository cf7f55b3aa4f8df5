// Patches as the Kubernetes API applies them (kube-apiserver) and computes them (kubectl):
// JSON merge patch, JSON patch and strategic merge patch.
import { PatchError, badRequest } from './errors.js';
import { jsonMergePatch } from './json-merge-patch.js';
import { jsonPatch } from './json-patch.js';
import { deepClone, isMap, jsonTypeWord, type JsonMap } from './json-value.js';
import { definitionSchema } from './schema.js';
import { createThreeWayPatch, createTwoWayPatch } from './strategic-diff.js';
import { applyOptions, mergeMap } from './strategic-merge.js';

export { PatchError, type PatchErrorReason } from './errors.js';
export { createJsonMergePatch, jsonMergePatch, threeWayJsonMergePatch } from './json-merge-patch.js';
export { jsonPatch } from './json-patch.js';
export { schemaNameFor } from './schema.js';

export type PatchType =
  | 'application/merge-patch+json'
  | 'application/json-patch+json'
  | 'application/strategic-merge-patch+json';

/**
 * Applies a patch of the given type to `original` (not mutated) and returns the result.
 * `schemaName` is the definition name of the object's kind (see schemaNameFor), needed for
 * strategic merge; throws PatchError with kube-apiserver's message on a bad patch.
 */
export function applyPatch(type: PatchType, original: unknown, patch: unknown, schemaName?: string): unknown {
  switch (type) {
    case 'application/json-patch+json':
      return jsonPatch(original, patch);
    case 'application/merge-patch+json':
      return jsonMergePatch(original, patch);
    case 'application/strategic-merge-patch+json':
      if (schemaName === undefined) {
        // Kinds without a schema (custom resources) do not offer strategic merge patch.
        throw new PatchError(
          'the body of the request was in an unknown format - accepted media types include: ' +
            'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
          415,
          'UnsupportedMediaType',
        );
      }
      if (patch !== null && !isMap(patch)) {
        throw badRequest(`json: cannot unmarshal ${jsonTypeWord(patch)} into Go value of type map[string]interface {}`);
      }
      return strategicMergePatch(original, patch ?? {}, schemaName);
  }
}

/** Applies a strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch) to `original` (not mutated). */
export function strategicMergePatch(original: unknown, patch: JsonMap, schemaName: string): JsonMap {
  const schema = definitionSchema(schemaName);
  return mergeMap(isMap(original) ? deepClone(original) : {}, deepClone(patch), schema, applyOptions);
}

/** The strategic merge patch that turns `original` into `modified`, as kubectl edit, label and annotate send. */
export function twoWayStrategicMergePatch(original: unknown, modified: unknown, schemaName: string): JsonMap {
  return createTwoWayPatch(asDoc(original), asDoc(modified), definitionSchema(schemaName));
}

/**
 * kubectl's client-side apply: the three-way strategic merge patch from the last-applied
 * configuration, the new configuration and the live object (CreateThreeWayMergePatch).
 * Returns {} when nothing changes.
 */
export function threeWayStrategicMergePatch(
  original: unknown,
  modified: unknown,
  current: unknown,
  schemaName: string,
): JsonMap {
  return createThreeWayPatch(asDoc(original), asDoc(modified), asDoc(current), definitionSchema(schemaName));
}

function asDoc(value: unknown): JsonMap {
  return isMap(value) ? deepClone(value) : {};
}
