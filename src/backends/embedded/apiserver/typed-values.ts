// Objects read through their OpenAPI schema as structured-merge-diff types them: structs
// (separable unless `x-kubernetes-map-type: atomic`), maps, lists by `x-kubernetes-list-type`
// (falling back to the patch strategy as kube-apiserver's schema conversion does), scalars, and
// values without a schema deduced from their shape. On that typing: the field set of a value,
// the comparison of two values, and the merge of an applied configuration into a live object.
import { deepClone } from '../../../patch/json-value.js';
import { resolveSchema, type SchemaNode } from '../../../schemas.js';
import { deepEqual } from './objects.js';
import { emptySet, insert, type FieldNode, type FieldPath, type FieldSet } from './field-set.js';

/** A schema node, or undefined for a value typed by its shape. */
export type TypeRef = SchemaNode | undefined;

type Atom =
  | { kind: 'scalar' }
  | { kind: 'map'; atomic: boolean; field(name: string): TypeRef; declared(name: string): boolean }
  | { kind: 'list'; relation: 'atomic' | 'set' | 'map'; keys: string[]; item: TypeRef };

// Keys of associative lists that kube's types default (`+default=`), which structured-merge-diff
// fills in when an item omits them.
const KEY_DEFAULTS: Record<string, Record<string, unknown>> = {
  'io.k8s.api.core.v1.ContainerPort': { protocol: 'TCP' },
  'io.k8s.api.core.v1.ServicePort': { protocol: 'TCP' },
};

const deducedMap: Atom = { kind: 'map', atomic: false, field: () => undefined, declared: () => false };
const deducedList: Atom = { kind: 'list', relation: 'atomic', keys: [], item: undefined };
const scalar: Atom = { kind: 'scalar' };

// A schema node's typing depends on the node alone: worked out once per node.
const typedAtoms = new WeakMap<SchemaNode, Atom>();

function atomOf(ref: TypeRef, v: unknown): Atom {
  const n = resolveSchema(ref);
  if (!n || n['x-kubernetes-preserve-unknown-fields'] || (n.type === 'object' && !n.properties && !n.additionalProperties)) {
    if (isObject(v)) return deducedMap;
    if (Array.isArray(v)) return deducedList;
    return scalar;
  }
  let atom = typedAtoms.get(n);
  if (!atom) typedAtoms.set(n, (atom = typedAtom(n)));
  return atom;
}

function typedAtom(n: SchemaNode): Atom {
  if (n.type === 'array') {
    const listType = n['x-kubernetes-list-type'];
    const strategy = n['x-kubernetes-patch-strategy'] ?? '';
    const mergeKey = n['x-kubernetes-patch-merge-key'];
    let relation: 'atomic' | 'set' | 'map' = 'atomic';
    let keys: string[] = [];
    if (listType === 'map') [relation, keys] = ['map', n['x-kubernetes-list-map-keys'] ?? []];
    else if (listType === 'set') relation = 'set';
    else if (!listType && strategy.includes('merge')) [relation, keys] = mergeKey ? ['map', [mergeKey]] : ['set', []];
    return { kind: 'list', relation, keys: [...keys].sort(), item: n.items };
  }
  const atomic = n['x-kubernetes-map-type'] === 'atomic';
  if (n.properties) {
    const props = n.properties;
    return { kind: 'map', atomic, field: (k) => props[k], declared: (k) => k in props };
  }
  if (n.additionalProperties && typeof n.additionalProperties === 'object') {
    const elem = n.additionalProperties;
    return { kind: 'map', atomic, field: () => elem, declared: () => false };
  }
  return scalar;
}

// The path element of each field name, made once: the same string every time is hashed once.
const fieldElements = new Map<string, string>();

function fieldElement(name: string): string {
  let pe = fieldElements.get(name);
  if (pe === undefined) {
    pe = 'f:' + name;
    // Bounded: the keys of labels, annotations and other maps are field names here too.
    if (fieldElements.size < 10_000) fieldElements.set(name, pe);
  }
  return pe;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmptyObject(v: Record<string, unknown>): boolean {
  for (const _ in v) return false;
  return true;
}

function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isObject(v) && isEmptyObject(v));
}

/** The path element of a list item: `k:{...}` for associative lists, `v:` for sets, else its index. */
function itemElement(atom: Extract<Atom, { kind: 'list' }>, item: unknown, index: number): string {
  if (atom.relation === 'set') return 'v:' + JSON.stringify(item);
  if (atom.relation === 'map' && isObject(item)) {
    const defaults = (atom.item?.$ref && KEY_DEFAULTS[atom.item.$ref]) || {};
    const key: Record<string, unknown> = {};
    for (const k of atom.keys) {
      if (item[k] !== undefined) key[k] = item[k];
      else if (defaults[k] !== undefined) key[k] = defaults[k];
    }
    if (Object.keys(key).length) return 'k:' + JSON.stringify(key);
  }
  return 'i:' + index;
}

/** The items of a list by path element, first occurrence winning, in list order. */
function indexItems(atom: Extract<Atom, { kind: 'list' }>, list: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!Array.isArray(list)) return out;
  list.forEach((item, i) => {
    const pe = itemElement(atom, item, i);
    if (!out.has(pe)) out.set(pe, item);
  });
  return out;
}

/** The fields a value sets (structured-merge-diff's ToFieldSet). */
export function toFieldSet(value: unknown, ref: TypeRef): FieldSet {
  const set = emptySet();
  walkFields(value, ref, [], set);
  return set;
}

// The walks below keep the current path in one array, pushing an element on the way down and
// popping it on the way up; insert() copies what it needs.
function walkFields(v: unknown, ref: TypeRef, path: FieldPath, set: FieldSet): void {
  const atom = atomOf(ref, v);
  if (atom.kind === 'scalar') return insert(set, path);
  if (atom.kind === 'list') {
    if (atom.relation === 'atomic') return insert(set, path);
    for (const [pe, item] of indexItems(atom, v)) {
      path.push(pe);
      walkFields(item, atom.item, path, set);
      insert(set, path);
      path.pop();
    }
    return;
  }
  if (atom.atomic) return insert(set, path);
  if (!isObject(v)) return;
  for (const k in v) {
    const child = v[k];
    path.push(fieldElement(k));
    walkFields(child, atom.field(k), path, set);
    if (child === null || (isObject(child) && isEmptyObject(child)) || !atom.declared(k)) insert(set, path);
    path.pop();
  }
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

interface CompareWalk extends Comparison {
  withRemoved: boolean;
}

/**
 * What changed from `lhs` to `rhs` (structured-merge-diff's Compare), both JSON values. Without
 * `withRemoved`, `removed` stays empty and what only `lhs` has is not walked.
 */
export function compare(lhs: unknown, rhs: unknown, ref: TypeRef, withRemoved = true): Comparison {
  const c = { added: emptySet(), modified: emptySet(), removed: emptySet(), withRemoved };
  walkCompare(lhs, rhs, ref, [], c);
  return { added: c.added, modified: c.modified, removed: c.removed };
}

function walkCompare(l: unknown, r: unknown, ref: TypeRef, path: FieldPath, c: CompareWalk): void {
  const atom = atomOf(ref, r !== undefined && r !== null ? r : l);
  if (atom.kind === 'scalar') return compareLeaf(l, r, path, c);
  if (atom.kind === 'list') {
    if (atom.relation === 'atomic' || (isEmptyValue(l) && isEmptyValue(r))) return compareLeaf(l, r, path, c);
    if ((l != null && !Array.isArray(l)) || (r != null && !Array.isArray(r))) return compareLeaf(l, r, path, c);
    const left = indexItems(atom, l);
    const right = indexItems(atom, r);
    for (const [pe, item] of left) compareChild(item, right.get(pe), atom.item, path, pe, c);
    for (const [pe, item] of right) if (!left.has(pe)) compareChild(undefined, item, atom.item, path, pe, c);
  } else {
    if (atom.atomic || (isEmptyValue(l) && isEmptyValue(r))) return compareLeaf(l, r, path, c);
    if ((l != null && !isObject(l)) || (r != null && !isObject(r))) return compareLeaf(l, r, path, c);
    const left = (l ?? {}) as Record<string, unknown>;
    const right = (r ?? {}) as Record<string, unknown>;
    for (const k in left) compareChild(left[k], right[k], atom.field(k), path, fieldElement(k), c);
    for (const k in right) if (!Object.hasOwn(left, k)) compareChild(left[k], right[k], atom.field(k), path, fieldElement(k), c);
  }
  if (l === undefined) insert(c.added, path);
  else if (r === undefined) insert(c.removed, path);
}

function compareChild(l: unknown, r: unknown, ref: TypeRef, path: FieldPath, pe: string, c: CompareWalk): void {
  // A value only the left side has is all removed fields.
  if (r === undefined && l !== undefined && !c.withRemoved) return;
  // One value on both sides (a write that kept part of the live object) has nothing changed under it.
  if (l === r && typeof l === 'object' && l !== null) return;
  path.push(pe);
  walkCompare(l, r, ref, path, c);
  path.pop();
}

function compareLeaf(l: unknown, r: unknown, path: FieldPath, c: Comparison): void {
  if (l === undefined) insert(c.added, path);
  else if (r === undefined) insert(c.removed, path);
  else if (!deepEqual(l, r)) insert(c.modified, path);
}

/** The applied configuration merged into the live object, the configuration winning (Merge). */
export function merge(live: unknown, config: unknown, ref: TypeRef): unknown {
  if (config === undefined) return live;
  if (live === undefined) return deepClone(config);
  const atom = atomOf(ref, config !== null ? config : live);
  if (atom.kind === 'scalar') return deepClone(config);
  if (atom.kind === 'list') {
    if (atom.relation === 'atomic' || (isEmptyValue(live) && isEmptyValue(config))) return deepClone(config);
    if (!Array.isArray(live) && live !== null) return deepClone(config);
    return mergeItems(atom, indexItems(atom, live), indexItems(atom, config));
  }
  if (atom.atomic || (isEmptyValue(live) && isEmptyValue(config))) return deepClone(config);
  if (!isObject(live)) return deepClone(config);
  // A null for a non-empty map keeps the live content, as structured-merge-diff's walk does.
  const right = isObject(config) ? config : {};
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(live)) out[k] = k in right ? merge(live[k], right[k], atom.field(k)) : live[k];
  for (const k of Object.keys(right)) if (!(k in live)) out[k] = deepClone(right[k]);
  return out;
}

/** List items in structured-merge-diff's order: shared items where the config puts them, live-only ones kept in place. */
function mergeItems(atom: Extract<Atom, { kind: 'list' }>, left: Map<string, unknown>, right: Map<string, unknown>): unknown[] {
  const lhs = [...left.keys()];
  const rhs = [...right.keys()];
  const shared = rhs.filter((pe) => left.has(pe));
  let next = shared.shift();
  const out: unknown[] = [];
  const take = (pe: string) => out.push(merge(left.get(pe), right.get(pe), atom.item));
  let l = 0;
  let r = 0;
  while (l < lhs.length || r < rhs.length) {
    if (l < lhs.length && r < rhs.length) {
      if (lhs[l] === rhs[r]) {
        take(lhs[l]);
        l++;
        r++;
        next = shared.shift();
        continue;
      }
      if (right.has(lhs[l]) && next !== undefined && next !== lhs[l]) {
        l++;
        continue;
      }
    }
    if (l < lhs.length && !right.has(lhs[l])) {
      take(lhs[l]);
      l++;
      continue;
    }
    if (r < rhs.length) {
      take(rhs[r]);
      if (next === rhs[r]) next = shared.shift();
      r++;
    } else {
      l++;
    }
  }
  return out;
}

/**
 * Remove what a manager applied last time and no longer applies, unless someone else still owns
 * it: the nodes in `last` but not in `keep`. A struct field counts as owned when any field under
 * it is (structured-merge-diff's EnsureNamedFieldsAreMembers); items and map entries only as members.
 */
export function prune(value: unknown, last: FieldSet, keep: FieldSet, ref: TypeRef): unknown {
  const atom = atomOf(ref, value);
  if (atom.kind === 'scalar' || (atom.kind === 'list' && atom.relation === 'atomic') || (atom.kind === 'map' && atom.atomic)) return value;
  const owned = (node: FieldNode | undefined, named: boolean) => Boolean(node && (node.member || (named && node.children.size > 0)));
  if (atom.kind === 'list') {
    if (!Array.isArray(value)) return value;
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const pe = itemElement(atom, item, i);
      const l = last.get(pe);
      const k = keep.get(pe);
      if (owned(l, false) && !owned(k, false)) return;
      out.push(l?.children.size ? prune(item, l.children, k?.children ?? new Map(), atom.item) : item);
    });
    return out;
  }
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const pe = fieldElement(key);
    const l = last.get(pe);
    const k = keep.get(pe);
    const named = atom.declared(key);
    if (owned(l, named) && !owned(k, named)) continue;
    out[key] = l?.children.size ? prune(child, l.children, k?.children ?? new Map(), atom.field(key)) : child;
  }
  return out;
}

