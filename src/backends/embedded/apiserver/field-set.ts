// Sets of field paths, as sigs.k8s.io/structured-merge-diff keeps them, and their FieldsV1 wire
// form: a tree keyed by path elements ("f:name", "k:{...}", "v:value", "i:0") in which "." marks
// a path that is itself in the set (and not only some of its children).

export interface FieldNode {
  member: boolean;
  children: FieldSet;
}

/** Children by path element, each in FieldsV1's spelling. */
export type FieldSet = Map<string, FieldNode>;

/** A path: its elements in FieldsV1's spelling. */
export type FieldPath = string[];

export function emptySet(): FieldSet {
  return new Map();
}

export function insert(set: FieldSet, path: FieldPath): void {
  let level = set;
  for (let i = 0; i < path.length; i++) {
    let node = level.get(path[i]);
    if (!node) level.set(path[i], (node = { member: false, children: new Map() }));
    if (i === path.length - 1) node.member = true;
    level = node.children;
  }
}

export function isEmpty(set: FieldSet): boolean {
  return set.size === 0;
}

// Sets are not changed once built, so the operations below share the nodes they keep unchanged.

export function union(a: FieldSet, b: FieldSet): FieldSet {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const out: FieldSet = new Map(a);
  for (const [key, y] of b) {
    const x = a.get(key);
    out.set(key, x ? { member: x.member || y.member, children: union(x.children, y.children) } : y);
  }
  return out;
}

/** Members of `a` that are not members of `b`: `a` itself when they have none in common. */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  if (b.size === 0 || a.size === 0) return a;
  const out: FieldSet = new Map();
  let same = true;
  for (const [key, x] of a) {
    const y = b.get(key);
    if (!y) {
      out.set(key, x);
      continue;
    }
    const member = x.member && !y.member;
    const children = difference(x.children, y.children);
    if (member === x.member && children === x.children) out.set(key, x);
    else {
      same = false;
      if (member || children.size) out.set(key, { member, children });
    }
  }
  return same ? a : out;
}

export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = new Map();
  for (const [key, x] of a) {
    const y = b.get(key);
    if (!y) continue;
    const node = { member: x.member && y.member, children: intersection(x.children, y.children) };
    if (node.member || node.children.size) out.set(key, node);
  }
  return out;
}

/** `a` without any path that is, or lies under, a member of `b`. */
export function recursiveDifference(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = new Map();
  for (const [key, x] of a) {
    const y = b.get(key);
    if (y?.member) continue;
    const node = { member: x.member, children: y ? recursiveDifference(x.children, y.children) : x.children };
    if (node.member || node.children.size) out.set(key, node);
  }
  return out;
}

/** Every member path, in the set's order. */
export function members(set: FieldSet, prefix: FieldPath = []): FieldPath[] {
  const out: FieldPath[] = [];
  for (const key of sortedKeys(set)) {
    const node = set.get(key)!;
    const path = [...prefix, key];
    if (node.member) out.push(path);
    out.push(...members(node.children, path));
  }
  return out;
}

export function setOf(paths: FieldPath[]): FieldSet {
  const set = emptySet();
  for (const p of paths) insert(set, p);
  return set;
}

type FieldsV1 = { [key: string]: FieldsV1 };

export function toFieldsV1(set: FieldSet): FieldsV1 {
  const out: FieldsV1 = {};
  fillFieldsV1(out, set);
  return out;
}

function fillFieldsV1(out: FieldsV1, set: FieldSet): void {
  for (const key of sortedKeys(set)) {
    const node = set.get(key)!;
    const inner: FieldsV1 = {};
    if (node.member && node.children.size) inner['.'] = {};
    fillFieldsV1(inner, node.children);
    out[key] = inner;
  }
}

export function fromFieldsV1(fields: unknown): FieldSet {
  const out: FieldSet = new Map();
  if (!fields || typeof fields !== 'object') return out;
  for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
    if (key === '.') continue;
    const children = fromFieldsV1(value);
    const v = (value ?? {}) as Record<string, unknown>;
    out.set(key, { member: children.size === 0 || '.' in v, children });
  }
  return out;
}

/** A path as structured-merge-diff prints it in conflict messages: `.spec.containers[name="x"].image`. */
export function pathString(path: FieldPath): string {
  return path.map((pe) => {
    const rest = pe.slice(2);
    switch (pe.slice(0, 2)) {
      case 'f:': return '.' + rest;
      case 'k:': return '[' + Object.entries(JSON.parse(rest) as Record<string, unknown>).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',') + ']';
      case 'v:': return `[=${rest}]`;
      default: return `[${rest}]`;
    }
  }).join('');
}

// structured-merge-diff orders path elements: field names, then keys, then values, then indexes.
const KIND_ORDER: Record<string, number> = { 'f:': 0, 'k:': 1, 'v:': 2, 'i:': 3 };

function sortedKeys(set: FieldSet): string[] {
  const keys = [...set.keys()];
  return keys.length > 1 ? keys.sort(comparePathElements) : keys;
}

const F = 'f'.charCodeAt(0);
const COLON = ':'.charCodeAt(0);

function comparePathElements(a: string, b: string): number {
  // Two field names, by far the most common pair: their common "f:" prefix does not change the order.
  if (a.charCodeAt(0) === F && b.charCodeAt(0) === F && a.charCodeAt(1) === COLON && b.charCodeAt(1) === COLON) return a < b ? -1 : a > b ? 1 : 0;
  const ka = KIND_ORDER[a.slice(0, 2)] ?? 4;
  const kb = KIND_ORDER[b.slice(0, 2)] ?? 4;
  if (ka !== kb) return ka - kb;
  const ra = a.slice(2);
  const rb = b.slice(2);
  switch (a.slice(0, 2)) {
    case 'k:': return compareKeys(JSON.parse(ra), JSON.parse(rb));
    case 'v:': return compareValues(JSON.parse(ra), JSON.parse(rb));
    case 'i:': return Number(ra) - Number(rb);
    default: return ra < rb ? -1 : ra > rb ? 1 : 0;
  }
}

function compareKeys(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ea = Object.entries(a);
  const eb = Object.entries(b);
  for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
    if (ea[i][0] !== eb[i][0]) return ea[i][0] < eb[i][0] ? -1 : 1;
    const c = compareValues(ea[i][1], eb[i][1]);
    if (c) return c;
  }
  return ea.length - eb.length;
}

function rank(v: unknown): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return 1;
  if (typeof v === 'number') return 2;
  if (typeof v === 'string') return 3;
  return 4;
}

function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
