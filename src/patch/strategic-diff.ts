// Computing strategic merge patches: strategicpatch's diffMaps, CreateTwoWayMergePatch and
// CreateThreeWayMergePatch (what kubectl apply sends), on plain JSON values.
import { internal } from './errors.js';
import { deepEqual, goFormat, goType, has, setKey, type JsonMap } from './json-value.js';
import {
  compareText,
  deduplicateScalars,
  mergeKeyValue,
  mergeKeyValueEqual,
  normalizeSliceOrder,
  patchDirective,
  sliceElementType,
  sortScalars,
} from './lists.js';
import type { PatchSchema } from './schema.js';
import {
  deleteFromPrimitiveListPrefix,
  extractRetainKeysPatchStrategy,
  mergeMap,
  retainKeysDirective,
  setElementOrderPrefix,
} from './strategic-merge.js';

interface DiffOptions {
  /** Emit $setElementOrder lists for merging lists whose content or order changed. */
  setElementOrder: boolean;
  ignoreChangesAndAdditions: boolean;
  ignoreDeletions: boolean;
  /** Emit $retainKeys for this map (its field has the retainKeys strategy). */
  buildRetainKeysDirective: boolean;
}

/** The patch that turns `original` into `modified` (CreateTwoWayMergePatch). */
export function createTwoWayPatch(original: JsonMap, modified: JsonMap, schema: PatchSchema): JsonMap {
  return diffMaps(original, modified, schema, options({ setElementOrder: true }));
}

/**
 * kubectl apply's patch (CreateThreeWayMergePatch with overwrite): the changes from `current`
 * to `modified` without deletions, plus the deletions from `original` (the last applied
 * configuration) to `modified`, so fields others set are kept.
 */
export function createThreeWayPatch(original: JsonMap, modified: JsonMap, current: JsonMap, schema: PatchSchema): JsonMap {
  const delta = diffMaps(current, modified, schema, options({ ignoreDeletions: true, setElementOrder: true }));
  const deletions = diffMaps(original, modified, schema, options({ setElementOrder: true, ignoreChangesAndAdditions: true }));
  return mergeMap(deletions, delta, schema, { mergeParallelList: false, ignoreUnmatchedNulls: false });
}

function options(set: Partial<DiffOptions>): DiffOptions {
  return {
    setElementOrder: false,
    ignoreChangesAndAdditions: false,
    ignoreDeletions: false,
    buildRetainKeysDirective: false,
    ...set,
  };
}

function diffMaps(original: JsonMap, modified: JsonMap, schema: PatchSchema, opts: DiffOptions): JsonMap {
  const patch: JsonMap = {};
  const retainKeys: string[] = [];

  for (const [key, modifiedValue] of Object.entries(modified)) {
    if (opts.buildRetainKeysDirective && modifiedValue !== null) retainKeys.push(key);
    if (!has(original, key)) {
      if (!opts.ignoreChangesAndAdditions) setKey(patch, key, modifiedValue);
      continue;
    }
    const originalValue = original[key];
    if (key === patchDirective) {
      if (typeof originalValue !== 'string' || typeof modifiedValue !== 'string') {
        throw internal(`invalid value for special key: ${patchDirective}`);
      }
      if (originalValue !== modifiedValue) setKey(patch, key, modifiedValue);
      continue;
    }
    const type = goType(originalValue);
    if (type !== goType(modifiedValue)) {
      if (!opts.ignoreChangesAndAdditions) setKey(patch, key, modifiedValue);
    } else if (type === 'map') {
      diffMapField(key, originalValue as JsonMap, modifiedValue as JsonMap, patch, schema, opts);
    } else if (type === 'slice') {
      diffListField(key, originalValue as unknown[], modifiedValue as unknown[], patch, schema, opts);
    } else {
      replaceIfNotEqual(key, originalValue, modifiedValue, patch, opts);
    }
  }

  if (!opts.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!has(modified, key)) setKey(patch, key, null);
  }
  // Without changes $retainKeys is still needed when the original has fields to clear.
  const originalHasExtraFields = Object.entries(original).some(([key, value]) => value !== null && !has(modified, key));
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || originalHasExtraFields)) {
    patch[retainKeysDirective] = sortScalars(retainKeys);
  }
  return patch;
}

function replaceIfNotEqual(key: string, original: unknown, modified: unknown, patch: JsonMap, opts: DiffOptions): void {
  if (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)) setKey(patch, key, modified);
}

function diffMapField(
  key: string,
  original: JsonMap,
  modified: JsonMap,
  patch: JsonMap,
  schema: PatchSchema,
  opts: DiffOptions,
): void {
  const field = schema.lookupField(key);
  const { retainKeys, strategy } = extractRetainKeysPatchStrategy(field.strategies);
  if (strategy === 'replace') {
    if (!opts.ignoreChangesAndAdditions) setKey(patch, key, modified);
    return;
  }
  const value = diffMaps(original, modified, field.schema, { ...opts, buildRetainKeysDirective: retainKeys });
  if (Object.keys(value).length > 0) setKey(patch, key, value);
}

function diffListField(
  key: string,
  original: unknown[],
  modified: unknown[],
  patch: JsonMap,
  schema: PatchSchema,
  opts: DiffOptions,
): void {
  const field = schema.lookupListField(key);
  const { retainKeys, strategy } = extractRetainKeysPatchStrategy(field.strategies);
  if (strategy !== 'merge') {
    replaceIfNotEqual(key, original, modified, patch, opts);
    return;
  }
  const lists = diffLists(original, modified, field.schema, field.mergeKey, { ...opts, buildRetainKeysDirective: retainKeys });
  if (lists.patch.length > 0) setKey(patch, key, lists.patch);
  if (lists.deletions.length > 0) patch[`${deleteFromPrimitiveListPrefix}/${key}`] = lists.deletions;
  if (lists.setOrder.length > 0) patch[`${setElementOrderPrefix}/${key}`] = lists.setOrder;
}

interface ListDiff {
  patch: unknown[];
  /** Scalars to delete ($deleteFromPrimitiveList). */
  deletions: unknown[];
  /** The new order ($setElementOrder). */
  setOrder: unknown[];
}

function diffLists(original: unknown[], modified: unknown[], schema: PatchSchema, mergeKey: string, opts: DiffOptions): ListDiff {
  const none: ListDiff = { patch: [], deletions: [], setOrder: [] };
  if (original.length === 0) {
    if (modified.length === 0 || opts.ignoreChangesAndAdditions) return none;
    return { ...none, patch: modified };
  }

  const kind = sliceElementType(original, modified);
  if (kind === 'map') {
    const { changes, deletions } = diffListsOfMaps(original, modified, schema, mergeKey, opts);
    const patch = [...normalizeSliceOrder(changes, modified, mergeKey, kind), ...deletions];
    const orderSame = isOrderSame(original, modified, mergeKey);
    const wantOrder =
      opts.setElementOrder &&
      ((!opts.ignoreChangesAndAdditions && (patch.length > 0 || !orderSame)) ||
        (!opts.ignoreDeletions && patch.length > 0));
    const setOrder = wantOrder ? modified.map((item) => ({ [mergeKey]: mergeKeyValue(item, mergeKey) })) : [];
    return { patch, deletions: [], setOrder };
  }

  const { additions, deletions } = diffListsOfScalars(original, modified, opts);
  const patch = normalizeSliceOrder(additions, modified, mergeKey, kind);
  // strategicpatch sorts the original list in place before comparing it with the modified one,
  // so a reordering that leaves the list sorted goes unnoticed; kubectl sends the same.
  const changed = !deepEqual(sortScalars(original), modified);
  const wantOrder =
    opts.setElementOrder &&
    ((!opts.ignoreDeletions && deletions.length > 0) || (!opts.ignoreChangesAndAdditions && changed));
  return { patch, deletions, setOrder: wantOrder ? modified : [] };
}

function isOrderSame(original: unknown[], modified: unknown[], mergeKey: string): boolean {
  return original.length === modified.length && modified.every((item, i) => mergeKeyValueEqual(original[i], item, mergeKey));
}

/** Walks both lists sorted by the "%v" text of their items, as strategicpatch does. */
function diffListsOfScalars(original: unknown[], modified: unknown[], opts: DiffOptions): { additions: unknown[]; deletions: unknown[] } {
  const originalSorted = sortScalars(original);
  const modifiedSorted = sortScalars(modified);
  const additions: unknown[] = [];
  const deletions: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < originalSorted.length || j < modifiedSorted.length) {
    const order =
      i >= originalSorted.length ? 1 : j >= modifiedSorted.length ? -1 : compareText(goFormat(originalSorted[i]), goFormat(modifiedSorted[j]));
    if (order === 0) {
      i++;
      j++;
    } else if (order < 0) {
      if (!opts.ignoreDeletions) deletions.push(originalSorted[i]);
      i++;
    } else {
      if (!opts.ignoreChangesAndAdditions) additions.push(modifiedSorted[j]);
      j++;
    }
  }
  return { additions, deletions: deduplicateScalars(deletions) };
}

/** Matches items by merge key: recursive patches for changed and added items, delete directives for removed ones. */
function diffListsOfMaps(
  original: unknown[],
  modified: unknown[],
  schema: PatchSchema,
  mergeKey: string,
  opts: DiffOptions,
): { changes: unknown[]; deletions: unknown[] } {
  const originalSorted = sortByMergeKey(original, mergeKey);
  const modifiedSorted = sortByMergeKey(modified, mergeKey);
  const changes: unknown[] = [];
  const deletions: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < originalSorted.length || j < modifiedSorted.length) {
    const originalItem = originalSorted[i];
    const modifiedItem = modifiedSorted[j];
    if (originalItem && modifiedItem && originalItem.text === modifiedItem.text) {
      const value = diffMaps(originalItem.map, modifiedItem.map, schema, opts);
      if (Object.keys(value).length > 0) {
        value[mergeKey] = modifiedItem.key;
        changes.push(value);
      }
      i++;
      j++;
    } else if (modifiedItem && (!originalItem || originalItem.text > modifiedItem.text)) {
      if (!opts.ignoreChangesAndAdditions) changes.push(modifiedItem.map);
      j++;
    } else if (originalItem) {
      if (!opts.ignoreDeletions) deletions.push({ [mergeKey]: originalItem.key, [patchDirective]: 'delete' });
      i++;
    }
  }
  return { changes, deletions };
}

interface KeyedItem {
  map: JsonMap;
  key: unknown;
  text: string;
}

function sortByMergeKey(list: unknown[], mergeKey: string): KeyedItem[] {
  const keyed = list.map((item) => {
    const key = mergeKeyValue(item, mergeKey);
    return { map: item as JsonMap, key, text: goFormat(key) };
  });
  return keyed.sort((a, b) => compareText(a.text, b.text));
}

