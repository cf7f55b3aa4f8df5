// metadata.managedFields as kube-apiserver's field manager keeps it: one entry per manager
// (Apply entries per manager and subresource, Update entries also per API version), each owning a
// set of fields. Creates, updates and patches give the writer the fields it changed; an apply
// (server-side-apply.ts) gives the applier the fields of its configuration.
import { deepFreeze } from '../../../patch/json-value.js';
import { definitionNameFor } from '../../../schemas.js';
import { messageForKind, protoMessage, type ProtoMessage } from './protobuf-schema.js';
import type { KubeObject } from './objects.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { compare, type TypeRef } from './typed-values.js';
import {
  difference, fromFieldsV1, intersection, isEmpty, recursiveDifference, setOf, toFieldsV1, union, type FieldSet,
} from './field-set.js';

export interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}

// Identity and bookkeeping fields nobody owns (the field manager's strip set): a plain
// difference, so `metadata` stays when fields under it are owned.
const STRIPPED = setOf([
  ['f:apiVersion'], ['f:kind'], ['f:metadata'], ['f:metadata', 'f:name'], ['f:metadata', 'f:namespace'],
  ['f:metadata', 'f:creationTimestamp'], ['f:metadata', 'f:selfLink'], ['f:metadata', 'f:uid'], ['f:metadata', 'f:clusterName'],
  ['f:metadata', 'f:generation'], ['f:metadata', 'f:managedFields'], ['f:metadata', 'f:resourceVersion'],
]);

/** The root schema of a resource's objects. */
export function schemaRef(r: ResourceType): TypeRef {
  const name = definitionNameFor(apiVersionOf(r), r.kind);
  return name ? { $ref: name } : undefined;
}

/**
 * Fields a write to the resource (or one of its subresources) never owns: the strategy's reset
 * fields. The main resource does not own status when status has its own endpoint; the status
 * subresource owns only status.
 */
export function ignoredFields(r: ResourceType, subresource: string | undefined): FieldSet {
  if (subresource === 'status') return setOf([['f:apiVersion'], ['f:kind'], ['f:metadata'], ['f:spec']]);
  return r.subresources?.includes('status') ? setOf([['f:status']]) : setOf([]);
}

/** The fields a writer may own: without the strip set and the reset fields. */
export function ownable(set: FieldSet, ignored: FieldSet): FieldSet {
  return difference(recursiveDifference(set, ignored), STRIPPED);
}

// The FieldsV1 each set of a stored object was decoded from (which encodeManagedFields wrote, so
// in its spelling): a set that a write leaves as it is need not be encoded again.
const storedForms = new WeakMap<FieldSet, unknown>();

/** `stored`: the object is the live one, whose entries this server encoded. */
export function decodeManagedFields(obj: KubeObject, stored = false): ManagedEntry[] {
  const raw = (obj.metadata as { managedFields?: ManagedFieldsEntry[] } | undefined)?.managedFields;
  if (!Array.isArray(raw)) return [];
  return raw.filter((e) => e && typeof e.manager === 'string').map((e) => {
    const set = fromFieldsV1(e.fieldsV1);
    if (stored && e.fieldsV1 && typeof e.fieldsV1 === 'object') storedForms.set(set, e.fieldsV1);
    return {
      manager: e.manager!,
      operation: e.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: e.apiVersion ?? '',
      time: e.time,
      subresource: e.subresource || undefined,
      set,
    };
  });
}

/** kube's order: by operation, time, manager, apiVersion, subresource. */
export function encodeManagedFields(entries: ManagedEntry[]): ManagedFieldsEntry[] {
  const sorted = [...entries].sort((a, b) =>
    cmp(a.operation, b.operation) || cmp(a.time ?? '', b.time ?? '') || cmp(a.manager, b.manager)
    || cmp(a.apiVersion, b.apiVersion) || cmp(a.subresource ?? '', b.subresource ?? ''));
  return sorted.map((e) => {
    const out: ManagedFieldsEntry = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion };
    if (e.time) out.time = e.time;
    out.fieldsType = 'FieldsV1';
    out.fieldsV1 = storedForms.get(e.set) ?? toFieldsV1(e.set);
    if (e.subresource) out.subresource = e.subresource;
    return out;
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether two entries are the same manager (BuildManagerIdentifier: appliers regardless of API version). */
export function sameManager(a: Omit<ManagedEntry, 'set'>, b: Omit<ManagedEntry, 'set'>): boolean {
  return a.manager === b.manager && a.operation === b.operation && (a.subresource ?? '') === (b.subresource ?? '')
    && (a.operation === 'Apply' || a.apiVersion === b.apiVersion);
}

/** How conflict messages name a manager: `"kubectl-client-side-apply" using apps/v1`. */
export function managerLabel(e: ManagedEntry): string {
  let label = JSON.stringify(e.manager);
  if (e.subresource) label += ` with subresource ${JSON.stringify(e.subresource)}`;
  return e.operation === 'Update' ? `${label} using ${e.apiVersion}` : label;
}

/** The `fieldManager` parameter, else the User-Agent up to its first '/' (kube-apiserver's default). */
export function requestManager(fieldManager: string | undefined, userAgent: string | undefined): string {
  return fieldManager || (userAgent ?? '').split('/')[0];
}

export interface Write {
  manager: string;
  subresource?: string;
  time: string;
}

/**
 * The managed fields after a create (`live` undefined), update or patch: the writer gains what it
 * changed, from everyone else, and nobody keeps what was removed. The writer's entry keeps its
 * time when it gained nothing.
 */
export function trackUpdate(r: ResourceType, live: KubeObject | undefined, next: KubeObject, w: Write): ManagedFieldsEntry[] {
  const ref = schemaRef(r);
  const ignored = ignoredFields(r, w.subresource);
  // A write that carries managed fields sets them; one without keeps the live ones.
  let entries = decodeManagedFields(next);
  if (live && (entries.length === 0 || w.subresource)) entries = decodeManagedFields(live, true);
  const self: Omit<ManagedEntry, 'set'> = { manager: w.manager, operation: 'Update', apiVersion: apiVersionOf(r), subresource: w.subresource };
  if (!live && entries.length === 0) {
    const created = createdFields(r, withoutManagedFields(next), ref, ignored, w.subresource);
    return isEmpty(created) ? [] : encodeManagedFields([{ ...self, time: w.time, set: created }]);
  }
  const before = live ? withoutManagedFields(live) : goZeroValue(r);
  // What was removed matters only to the fields others (or the writer) already own.
  const c = compare(before, withoutManagedFields(next), ref, entries.length > 0);
  const changed = ownable(union(c.modified, c.added), ignored);
  const out: ManagedEntry[] = [];
  let own: ManagedEntry | undefined;
  for (const e of entries) {
    const set = difference(difference(e.set, changed), c.removed);
    if (sameManager(e, self)) own = { ...e, set: difference(e.set, c.removed) };
    else if (!isEmpty(set)) out.push({ ...e, set });
  }
  if (!isEmpty(changed)) own = { ...self, time: w.time, set: union(own?.set ?? new Map(), changed) };
  if (own && !isEmpty(own.set)) out.push(own);
  return encodeManagedFields(out);
}

// A create's fields depend only on the object's shape (shapeOf): objects of one shape, such as a
// kubelet's events, share one set and its FieldsV1, worked out once. Objects with lists are worked
// out each time: their items name their path elements (a pod's volumes, by generated names).
const createdShapes = new WeakMap<ResourceType, Map<string, FieldSet>>();
const MAX_SHAPES = 256;

/** What a create without managed fields gives its writer: every field set apart from the kind's zero value. */
function createdFields(r: ResourceType, obj: KubeObject, ref: TypeRef, ignored: FieldSet, subresource: string | undefined): FieldSet {
  const fields = () => {
    const c = compare(goZeroValue(r), obj, ref, false);
    return ownable(union(c.modified, c.added), ignored);
  };
  const shape = shapeOf(obj);
  if (shape === undefined) return fields();
  let byShape = createdShapes.get(r);
  if (!byShape) createdShapes.set(r, (byShape = new Map()));
  const key = `${subresource ?? ''}\u0000${shape}`;
  let set = byShape.get(key);
  if (!set) {
    set = fields();
    // Shared by every object of the shape: frozen, so that no reader can change another's.
    storedForms.set(set, deepFreeze(toFieldsV1(set)));
    if (byShape.size >= MAX_SHAPES) byShape.delete(byShape.keys().next().value as string);
    byShape.set(key, set);
  }
  return set;
}

// The scalars a kind's zero value holds (see zeroOf); any other scalar counts only by its type.
const ZERO_SCALARS = new Set<unknown>([null, false, 0, '', '0', '0s']);
// Keys spelt as they are in a shape (JSON-quoted otherwise): none holds a quote or a shape's punctuation.
const PLAIN_KEY = /^[\w./-]*$/;

/**
 * What comparing a value without lists with a zero value depends on: its members, and which of
 * its scalars are zero-like (and which); undefined for a value with a list.
 */
function shapeOf(v: unknown): string | undefined {
  if (Array.isArray(v)) return undefined;
  if (typeof v !== 'object' || v === null) return ZERO_SCALARS.has(v) ? JSON.stringify(v) : typeof v;
  let s = '{';
  for (const k in v) {
    const inner = shapeOf((v as Record<string, unknown>)[k]);
    if (inner === undefined) return undefined;
    s += (PLAIN_KEY.test(k) ? k : JSON.stringify(k)) + ':' + inner + ',';
  }
  return s + '}';
}

export function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _m, ...metadata } = obj.metadata as Record<string, unknown>;
  return { ...obj, metadata } as KubeObject;
}

/** Entries whose fields changed between two values, as conflicts against another writer. */
export function conflictsWith(entries: ManagedEntry[], changed: FieldSet): Array<{ entry: ManagedEntry; set: FieldSet }> {
  return entries.map((entry) => ({ entry, set: intersection(entry.set, changed) })).filter((c) => !isEmpty(c.set));
}

/**
 * The object a create is compared with: the kind's Go zero value as JSON (kube-apiserver compares
 * with a new, empty typed object), so struct fields Go always writes are not "added" by a create.
 */
export function goZeroValue(r: ResourceType): KubeObject {
  const key = `${apiVersionOf(r)}/${r.kind}`;
  let zero = zeroValues.get(key);
  if (!zero) {
    const message = messageForKind(apiVersionOf(r), r.kind);
    zero = deepFreeze((message ? zeroOf(message, 0) : {}) as KubeObject);
    zeroValues.set(key, zero);
  }
  return zero;
}

// Built once per kind and shared: frozen, so that no caller can change it for the next.
const zeroValues = new Map<string, KubeObject>();

// Types with their own JSON encoding.
const SPECIAL_ZERO: Record<string, unknown> = {
  'meta/v1.Time': null, 'meta/v1.MicroTime': null, 'meta/v1.Duration': '0s', 'runtime.RawExtension': null,
};

function zeroOf(message: ProtoMessage, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of message.fields) {
    if (f.inline) {
      const inner = protoMessage(f.type);
      if (inner && depth < 20) Object.assign(out, zeroOf(inner, depth + 1));
      continue;
    }
    if (f.repeated || f.map || f.pointer) {
      if (!f.omitempty && !f.omitzero) out[f.json] = null;
      continue;
    }
    const inner = protoMessage(f.type);
    if (!inner) {
      if (f.omitempty || f.omitzero) continue;
      out[f.json] = scalarZero(f.type);
      continue;
    }
    if (f.omitzero) continue;
    if (f.type in SPECIAL_ZERO) out[f.json] = SPECIAL_ZERO[f.type];
    else if (/Quantity$/.test(f.type)) out[f.json] = '0';
    else if (/IntOrString$/.test(f.type)) out[f.json] = 0;
    else if (depth < 20) out[f.json] = zeroOf(inner, depth + 1);
  }
  return out;
}

function scalarZero(type: string): unknown {
  if (type === 'string') return '';
  if (type === 'bool') return false;
  if (type === 'bytes') return null;
  return 0;
}
