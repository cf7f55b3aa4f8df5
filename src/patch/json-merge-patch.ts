// JSON merge patch (RFC 7386) as kube-apiserver applies it (evanphx/json-patch v4's MergePatch)
// and kubectl computes it for kinds without a schema (CreateThreeWayJSONMergePatch).
import { badRequest } from './errors.js';
import { deepClone, deepEqual, has, isMap, setKey, type JsonMap } from './json-value.js';

/** Applies a merge patch to `original` (not mutated). */
export function jsonMergePatch(original: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) return pruneNulls(deepClone(patch));
  if (!isMap(patch)) throw badRequest('Invalid JSON Patch');
  const target = isMap(original) ? deepClone(original) : {};
  mergeDocs(target, deepClone(patch));
  return target;
}

function mergeDocs(doc: JsonMap, patch: JsonMap): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete doc[key];
    else if (!has(doc, key) || doc[key] === null) setKey(doc, key, pruneNulls(value));
    else setKey(doc, key, mergeValue(doc[key], value));
  }
}

function mergeValue(current: unknown, patch: unknown): unknown {
  if (!isMap(current)) return pruneNulls(patch);
  if (!isMap(patch)) return patch;
  mergeDocs(current, patch);
  return current;
}

/** Drops null members of objects, also of objects inside arrays (null array items stay). */
function pruneNulls(value: unknown): unknown {
  if (isMap(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item === null) delete value[key];
      else pruneNulls(item);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) if (item !== null) pruneNulls(item);
  }
  return value;
}

/** The merge patch that turns `original` into `modified` (evanphx/json-patch's CreateMergePatch). */
export function createJsonMergePatch(original: JsonMap, modified: JsonMap): JsonMap {
  const patch: JsonMap = {};
  for (const [key, value] of Object.entries(modified)) {
    if (!has(original, key)) {
      setKey(patch, key, value);
      continue;
    }
    const before = original[key];
    if (isMap(before) && isMap(value)) {
      const nested = createJsonMergePatch(before, value);
      if (Object.keys(nested).length > 0) setKey(patch, key, nested);
    } else if (!deepEqual(before, value)) {
      setKey(patch, key, value);
    }
  }
  for (const key of Object.keys(original)) if (!has(modified, key)) setKey(patch, key, null);
  return patch;
}

/**
 * kubectl apply's patch for kinds without a strategic merge schema: the additions and changes
 * from `current` to `modified`, plus the deletions from `original` (the last applied
 * configuration) to `modified`. Returns {} when nothing changes.
 */
export function threeWayJsonMergePatch(original: unknown, modified: unknown, current: unknown): JsonMap {
  const asDoc = (value: unknown): JsonMap => (isMap(value) ? value : {});
  const changes = keepOrDeleteNulls(createJsonMergePatch(asDoc(current), asDoc(modified)), false);
  const deletions = keepOrDeleteNulls(createJsonMergePatch(asDoc(original), asDoc(modified)), true);
  return jsonMergePatch(deletions, changes) as JsonMap;
}

/** Keeps only the nulls (deletions) of a merge patch, or only what is not null. */
function keepOrDeleteNulls(patch: JsonMap, keepNull: boolean): JsonMap {
  const filtered: JsonMap = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      if (keepNull) setKey(filtered, key, null);
    } else if (isMap(value)) {
      // An empty map set on purpose is a value, not an empty patch.
      if (Object.keys(value).length === 0) {
        if (!keepNull) setKey(filtered, key, value);
        continue;
      }
      const nested = keepOrDeleteNulls(value, keepNull);
      if (Object.keys(nested).length > 0) setKey(filtered, key, nested);
    } else if (!keepNull) {
      setKey(filtered, key, value);
    }
  }
  return filtered;
}
