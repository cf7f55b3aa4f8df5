// Applying a strategic merge patch: k8s.io/apimachinery/pkg/util/strategicpatch's mergeMap and
// the functions it calls, on plain JSON values. The inputs are mutated: callers pass copies.
import {
  errBadPatchFormatForPrimitiveList,
  errBadPatchFormatForRetainKeys,
  errBadPatchFormatForSetElementOrderList,
  errBadPatchType,
  errNoMergeKey,
  internal,
} from './errors.js';
import { deepEqual, goFormat, goType, has, isMap, setKey, type JsonMap } from './json-value.js';
import {
  asList,
  asMap,
  deduplicateScalars,
  findByMergeKey,
  normalizeElementOrder,
  partitionByPresence,
  patchDirective,
  sliceElementType,
  validatePatchWithSetOrderList,
} from './lists.js';
import type { PatchSchema } from './schema.js';

export const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';
export const setElementOrderPrefix = '$setElementOrder';
export const retainKeysDirective = '$retainKeys';

export interface MergeOptions {
  /** Apply parallel lists ($deleteFromPrimitiveList, $setElementOrder, $retainKeys); false keeps them, to merge two patches. */
  mergeParallelList: boolean;
  /** Drop nulls that delete nothing; false keeps them, to merge two patches. */
  ignoreUnmatchedNulls: boolean;
}

/** Options kube-apiserver applies a patch with. */
export const applyOptions: MergeOptions = { mergeParallelList: true, ignoreUnmatchedNulls: true };

export function mergeMap(original: JsonMap, patch: JsonMap, schema: PatchSchema, options: MergeOptions): JsonMap {
  if (has(patch, patchDirective)) return handleDirectiveInMergeMap(patch[patchDirective], patch);
  applyRetainKeysDirective(original, patch, options);
  mergePatchIntoOriginal(original, patch, schema, options);

  for (const [patchKey, patchValue] of Object.entries(patch)) {
    let key = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(deleteFromPrimitiveListPrefix)) {
      if (!options.mergeParallelList) {
        setKey(original, patchKey, patchValue);
        continue;
      }
      key = extractKey(patchKey, deleteFromPrimitiveListPrefix);
      isDeleteList = true;
    }

    if (patchValue === null) {
      delete original[key];
      if (options.ignoreUnmatchedNulls) continue;
    }

    const originalType = has(original, key) ? goType(original[key]) : undefined;
    if (originalType === undefined || originalType !== goType(patchValue)) {
      if (!isDeleteList) {
        if (options.ignoreUnmatchedNulls) discardNullValues(patchValue);
        setUnlessDirective(original, key, patchValue);
      }
      continue;
    }
    if (originalType === 'map') {
      const field = schema.lookupField(key);
      const strategy = extractRetainKeysPatchStrategy(field.strategies).strategy;
      setKey(
        original,
        key,
        strategy === 'replace' ? patchValue : mergeMap(asMap(original[key]), asMap(patchValue), field.schema, options),
      );
    } else if (originalType === 'slice') {
      const field = schema.lookupListField(key);
      const strategy = extractRetainKeysPatchStrategy(field.strategies).strategy;
      const { merged } = mergeSliceHandler(original[key], patchValue, field.schema, strategy, field.mergeKey, isDeleteList, options);
      setKey(original, key, merged);
    } else {
      setUnlessDirective(original, key, patchValue);
    }
  }
  return original;
}

function setUnlessDirective(target: JsonMap, key: string, value: unknown): void {
  const { value: cleaned, keep } = removeDirectives(value);
  if (keep) setKey(target, key, cleaned);
  else delete target[key];
}

function handleDirectiveInMergeMap(directive: unknown, patch: JsonMap): JsonMap {
  if (directive === 'replace') {
    delete patch[patchDirective];
    return patch;
  }
  if (directive === 'delete') return {};
  throw errBadPatchType(directive, patch);
}

/** Removes the items carrying a directive, which only mean something when merged into existing data. */
function removeDirectives(value: unknown): { value: unknown; keep: boolean } {
  if (isMap(value)) {
    if (has(value, patchDirective)) return { value: undefined, keep: false };
    for (const [key, item] of Object.entries(value)) setUnlessDirective(value, key, item);
    return { value, keep: true };
  }
  if (Array.isArray(value)) {
    const kept: unknown[] = [];
    for (const item of value) {
      const result = removeDirectives(item);
      if (result.keep) kept.push(result.value);
    }
    return { value: kept, keep: true };
  }
  return { value, keep: true };
}

function discardNullValues(value: unknown): void {
  if (isMap(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item === null) delete value[key];
      else discardNullValues(item);
    }
  } else if (Array.isArray(value)) {
    value.forEach(discardNullValues);
  }
}

export function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === deleteFromPrimitiveListPrefix
      ? errBadPatchFormatForPrimitiveList()
      : errBadPatchFormatForSetElementOrderList();
  }
  return key.slice(slash + 1);
}

/** Splits a field's strategies into retainKeys and the one other strategy it may have. */
export function extractRetainKeysPatchStrategy(strategies: string[]): { retainKeys: boolean; strategy: string } {
  if (strategies.length === 0) return { retainKeys: false, strategy: '' };
  if (strategies.length === 1) {
    const [only] = strategies as [string];
    return only === 'retainKeys' ? { retainKeys: true, strategy: '' } : { retainKeys: false, strategy: only };
  }
  if (strategies.length === 2) {
    const [first, second] = strategies as [string, string];
    if (first === 'retainKeys') return { retainKeys: true, strategy: second };
    if (second === 'retainKeys') return { retainKeys: true, strategy: first };
  }
  throw internal(`unexpected patch strategy: [${strategies.join(' ')}]`);
}

/** $retainKeys: clears the fields of `original` it does not list; every field the patch sets must be listed. */
function applyRetainKeysDirective(original: JsonMap, patch: JsonMap, options: MergeOptions): void {
  if (!has(patch, retainKeysDirective)) return;
  const retainKeys = patch[retainKeysDirective];
  delete patch[retainKeysDirective];

  if (!options.mergeParallelList) {
    if (!has(original, retainKeysDirective)) original[retainKeysDirective] = retainKeys;
    else if (!deepEqual(original[retainKeysDirective], retainKeys)) {
      throw internal(
        `${goFormat(original[retainKeysDirective])} and ${goFormat(retainKeys)} are not deep equal: this may happen when calculating the 3-way diff patch`,
      );
    }
    return;
  }

  if (!Array.isArray(retainKeys)) throw errBadPatchFormatForRetainKeys();
  const retained = new Set(retainKeys);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(deleteFromPrimitiveListPrefix) || key.startsWith(setElementOrderPrefix)) {
      continue;
    }
    if (!retained.has(key)) throw errBadPatchFormatForRetainKeys();
  }
  for (const key of Object.keys(original)) if (!retained.has(key)) delete original[key];
}

/**
 * $setElementOrder/<field>: merges the field's patch list (if any) and orders the result; the
 * order is $setElementOrder first, then the patch list, then the live list.
 */
function mergePatchIntoOriginal(original: JsonMap, patch: JsonMap, schema: PatchSchema, options: MergeOptions): void {
  for (const [directiveKey, setOrder] of Object.entries(patch)) {
    if (!directiveKey.startsWith(setElementOrderPrefix)) continue;
    if (!options.mergeParallelList) {
      if (!has(original, directiveKey)) original[directiveKey] = setOrder;
      else if (!deepEqual(original[directiveKey], setOrder)) throw errBadPatchFormatForSetElementOrderList();
    }
    delete patch[directiveKey];

    const setOrderList = asList(setOrder);
    const key = extractKey(directiveKey, setElementOrderPrefix);
    const foundOriginal = has(original, key);
    const foundPatch = has(patch, key);
    const originalList = foundOriginal ? asList(original[key]) : [];
    const patchList = foundPatch ? asList(patch[key]) : [];
    const field = schema.lookupListField(key);
    const strategy = extractRetainKeysPatchStrategy(field.strategies).strategy;
    validatePatchWithSetOrderList(patchList, setOrderList, field.mergeKey);

    let result: MergedList;
    if (foundOriginal && !foundPatch) result = { merged: originalList, liveOrder: originalList };
    else if (!foundOriginal && foundPatch) result = { merged: removeDirectives(patchList).value as unknown[], liveOrder: [] };
    else if (foundOriginal && foundPatch) {
      result = mergeSliceHandler(originalList, patchList, field.schema, strategy, field.mergeKey, false, options);
    } else continue;

    const [patchItems, serverOnly] = partitionByPresence(result.merged, setOrderList, field.mergeKey);
    const kind = sliceElementType(result.liveOrder, patchList);
    setKey(original, key, normalizeElementOrder(patchItems, serverOnly, setOrderList, result.liveOrder, field.mergeKey, kind));
    delete patch[key];
  }
}

/**
 * The result of merging a list, and how the original list reads afterwards. strategicpatch removes
 * deleted items by shifting them out in place and appends new items into the freed slots, and
 * orders the result of a $setElementOrder merge against the list as it then reads; kubectl and
 * kube-apiserver both depend on that order.
 */
interface MergedList {
  merged: unknown[];
  liveOrder: unknown[];
}

function mergeSliceHandler(
  original: unknown,
  patch: unknown,
  schema: PatchSchema,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  options: MergeOptions,
): MergedList {
  const originalList = asList(original);
  const patchList = asList(patch);
  // A deletion list is applied whatever the field's strategy.
  if (strategy === 'merge' || isDeleteList) {
    return mergeSlice(originalList, patchList, schema, mergeKey, options, isDeleteList);
  }
  return { merged: patchList, liveOrder: originalList };
}

function mergeSlice(
  original: unknown[],
  patch: unknown[],
  schema: PatchSchema,
  mergeKey: string,
  options: MergeOptions,
  isDeleteList: boolean,
): MergedList {
  if (original.length === 0 && patch.length === 0) return { merged: original, liveOrder: original };
  const kind = sliceElementType(original, patch);

  if (kind !== 'map') {
    if (options.mergeParallelList && isDeleteList) {
      return { merged: original.filter((item) => !patch.includes(item)), liveOrder: original };
    }
    const merged = deduplicateScalars([...original, ...patch]);
    const [present, serverOnly] = partitionByPresence(merged, patch, mergeKey);
    return { merged: normalizeElementOrder(present, serverOnly, patch, original, mergeKey, kind), liveOrder: original };
  }

  if (!mergeKey) throw internal(`cannot merge lists without merge key for ${schema.name}`);
  const special = applySpecialElements(original, patch, mergeKey);
  const merged = mergeByKey(special.remaining, special.patch, mergeKey, schema, options);
  const [present, serverOnly] = partitionByPresence(merged, special.patch, mergeKey);
  const appended = special.replaced ? [] : merged.slice(special.remaining.length);
  const liveOrder = [...special.shifted.slice(0, special.kept), ...appended, ...special.shifted.slice(special.kept + appended.length)];
  return {
    merged: normalizeElementOrder(present, serverOnly, special.patch, special.remaining, mergeKey, kind),
    liveOrder: liveOrder.slice(0, original.length),
  };
}

interface SpecialElements {
  /** The list to merge the patch items into: the original without deleted items, or the replacement list. */
  remaining: unknown[];
  /** The patch items that are not directives. */
  patch: unknown[];
  replaced: boolean;
  /** The original list after deleted items were shifted out in place, and how many items it keeps. */
  shifted: unknown[];
  kept: number;
}

/** Applies the list items that are directives: `$patch: delete` removes by key, `$patch: replace` replaces the list. */
function applySpecialElements(original: unknown[], patch: unknown[], mergeKey: string): SpecialElements {
  const shifted = [...original];
  let kept = original.length;
  const plain: unknown[] = [];
  let replaced = false;
  for (const item of patch) {
    const map = asMap(item);
    if (!has(map, patchDirective)) {
      plain.push(item);
      continue;
    }
    const directive = map[patchDirective];
    if (directive === 'delete') {
      if (!has(map, mergeKey)) throw errNoMergeKey(map, mergeKey);
      for (let i = findByMergeKey(shifted.slice(0, kept), mergeKey, map[mergeKey]); i >= 0; ) {
        shifted.copyWithin(i, i + 1, kept);
        kept--;
        i = findByMergeKey(shifted.slice(0, kept), mergeKey, map[mergeKey]);
      }
    } else if (directive === 'replace') {
      replaced = true;
    } else if (directive === 'merge') {
      throw internal('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, map);
    }
  }
  const remaining = shifted.slice(0, kept);
  return replaced
    ? { remaining: plain, patch: [], replaced, shifted, kept }
    : { remaining, patch: plain, replaced, shifted, kept };
}

function mergeByKey(original: unknown[], patch: unknown[], mergeKey: string, schema: PatchSchema, options: MergeOptions): unknown[] {
  const merged = [...original];
  for (const item of patch) {
    const map = asMap(item);
    if (!has(map, mergeKey)) throw errNoMergeKey(map, mergeKey);
    const index = findByMergeKey(merged, mergeKey, map[mergeKey]);
    if (index >= 0) merged[index] = mergeMap(asMap(merged[index]), map, schema, options);
    else merged.push(item);
  }
  return merged;
}
