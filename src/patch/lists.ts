// List helpers shared by applying and computing strategic merge patches: element types, merge-key
// look-ups and the ordering rules of strategicpatch (the $setElementOrder design: the order in
// the patch wins, server-only items keep their place relative to the live list).
import { errBadArgType, errNoListOfLists, errNoMergeKey, internal } from './errors.js';
import { goFormat, goType, has, isMap, type GoType, type JsonMap } from './json-value.js';

export const patchDirective = '$patch';

/** The common Go type of the elements of the lists; they must all share one, and not be lists. */
export function sliceElementType(...lists: unknown[][]): GoType {
  let elementType: GoType | undefined;
  for (const list of lists) {
    for (const item of list) {
      const type = goType(item);
      if (elementType === undefined) {
        if (type === 'slice') throw errNoListOfLists();
        elementType = type;
      } else if (type !== elementType) {
        throw internal(`list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (elementType === undefined) throw internal('no elements in any of the given slices');
  return elementType;
}

/** strategicpatch sorts scalars by their "%v" text, not by value. */
export function sortScalars(list: unknown[]): unknown[] {
  return [...list].sort((a, b) => compareText(goFormat(a), goFormat(b)));
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Removes repeated scalars the way strategicpatch does (a later duplicate is overwritten by the last item). */
export function deduplicateScalars(list: unknown[]): unknown[] {
  const items = [...list];
  let last = items.length - 1;
  for (let i = 0; i < last; i++) {
    for (let j = i + 1; j <= last; j++) {
      if (items[i] === items[j]) {
        items[j] = items[last];
        items.length = last;
        last--;
        j--;
      }
    }
  }
  return items;
}

export function findByMergeKey(list: unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isMap(item)) throw internal(`value for key ${i} is not a map`);
    if (has(item, mergeKey) && item[mergeKey] === value) return i;
  }
  return -1;
}

export function mergeKeyValue(item: unknown, mergeKey: string): unknown {
  if (!isMap(item)) throw errBadArgType('map', item);
  if (!has(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
  return item[mergeKey];
}

/** Splits `merged` into the items present in `partitionBy` and the others (server-only items). */
export function partitionByPresence(merged: unknown[], partitionBy: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const present: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) {
    const found = mergeKey
      ? findByMergeKey(partitionBy, mergeKey, mergeKeyValue(item, mergeKey)) >= 0
      : partitionBy.includes(item);
    (found ? present : serverOnly).push(item);
  }
  return [present, serverOnly];
}

function positionIn(order: unknown[], item: unknown, mergeKey: string, isMapKind: boolean): number {
  const keyOf = (value: unknown): unknown => (isMapKind ? (isMap(value) && has(value, mergeKey) ? value[mergeKey] : null) : value);
  const wanted = keyOf(item);
  return order.findIndex((candidate) => keyOf(candidate) === wanted);
}

/** Sorts `items` by their position in `order`; items that delete ($patch: delete) go last. */
export function normalizeSliceOrder(items: unknown[], order: unknown[], mergeKey: string, kind: GoType): unknown[] {
  const isMapKind = kind === 'map';
  let toSort = items;
  let toDelete: unknown[] = [];
  if (isMapKind) {
    for (const item of [...items, ...order]) mergeKeyValue(item, mergeKey);
    toSort = items.filter((item) => !isDeleteDirective(item));
    toDelete = items.filter(isDeleteDirective);
  }
  const positioned = toSort.map((item) => ({ item, position: positionIn(order, item, mergeKey, isMapKind) }));
  positioned.sort((a, b) => (a.position >= 0 && b.position >= 0 ? a.position - b.position : 0));
  return [...positioned.map(({ item }) => item), ...toDelete];
}

function isDeleteDirective(item: unknown): boolean {
  return isMap(item) && item[patchDirective] === 'delete';
}

/**
 * Orders the patch items by `patchOrder` and the server-only items by `serverOrder`, then
 * interleaves them: a server-only item goes before a patch item only when it comes first in the
 * live list.
 */
export function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: GoType,
): unknown[] {
  const right = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const left = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  const isMapKind = kind === 'map';
  const merged: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) {
      merged.push(left[i++]);
    } else if (i >= left.length) {
      merged.push(right[j++]);
    } else {
      const li = positionIn(serverOrder, left[i], mergeKey, isMapKind);
      const ri = positionIn(serverOrder, right[j], mergeKey, isMapKind);
      merged.push(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
    }
  }
  return merged;
}

/** Checks the relative order of the patch list against its $setElementOrder list. */
export function validatePatchWithSetOrderList(patchList: unknown[], setOrderList: unknown[], mergeKey: string): void {
  if (setOrderList.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? patchList.filter((item) => !isDeleteDirective(item)) : patchList;
  if (mergeKey) for (const item of patchList) if (!isMap(item)) throw errBadArgType('map', item);
  let patchIndex = 0;
  let orderIndex = 0;
  while (patchIndex < nonDelete.length && orderIndex < setOrderList.length) {
    const item = nonDelete[patchIndex];
    if (isMap(item) && has(item, patchDirective)) {
      patchIndex++;
      continue;
    }
    if (mergeKeyValueEqual(item, setOrderList[orderIndex], mergeKey)) patchIndex++;
    orderIndex++;
  }
  if (patchIndex < nonDelete.length && orderIndex >= setOrderList.length) {
    throw internal(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match $setElementOrder list:\n${goFormat(setOrderList)}\n`,
    );
  }
}

export function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  return mergeKeyValue(left, mergeKey) === mergeKeyValue(right, mergeKey);
}

export function asMap(value: unknown): JsonMap {
  if (!isMap(value)) throw errBadArgType('map', value);
  return value;
}

export function asList(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw errBadArgType('slice', value);
  return value;
}
