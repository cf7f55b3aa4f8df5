// Object plumbing shared by the REST handlers: storage keys, metadata, encoding.
import { randomUUID, randomInt } from '../../../lazy-crypto.js';
import type { ResourceType } from './resources.js';
import { apiVersionOf } from './resources.js';

export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
};

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }>;
  [key: string]: unknown;
}

/** The etcd-style key: /registry/GROUP/PLURAL[/NAMESPACE]/NAME. */
export function storageKey(r: ResourceType, namespace: string | undefined, name: string): string {
  return `${storagePrefix(r, namespace)}${name}`;
}

/** Prefix of every key of a type, optionally within one namespace; ends with '/'. */
export function storagePrefix(r: ResourceType, namespace?: string): string {
  const base = `/registry/${r.group || 'core'}/${r.plural}/`;
  return r.namespaced && namespace ? `${base}${namespace}/` : base;
}

/** Stored values carry no resourceVersion: it is the revision of the row that holds them. */
export function decode(value: string, revision: number): KubeObject {
  return stampRevision(JSON.parse(value) as KubeObject, revision);
}

/** metadata.resourceVersion set to the revision, as metadata's last member: where a stored object reads back with it. */
export function stampRevision(obj: KubeObject, revision: number): KubeObject {
  const meta = (obj.metadata ??= {});
  if (!('resourceVersion' in meta)) {
    meta.resourceVersion = String(revision);
  } else {
    // A new metadata object rather than a delete, which would leave this one a slow dictionary.
    const { resourceVersion: _old, ...rest } = meta;
    obj.metadata = { ...rest, resourceVersion: String(revision) };
  }
  return obj;
}

export function encode(obj: KubeObject): string {
  return encodeStored(obj).value;
}

export interface StoredJson {
  /** What encode() gives. */
  value: string;
  /** The object's JSON once stored at `revision`: metadata.resourceVersion added last, as decode() does. */
  at(revision: number): string;
}

/** The stored JSON of an object and, from the same serialisation, its JSON as read back. */
export function encodeStored(obj: KubeObject): StoredJson {
  const { resourceVersion: _rv, ...metadata } = obj.metadata ?? {};
  // JSON.stringify({ ...obj, metadata }) one member at a time, so that metadata can be spliced.
  const before: string[] = [];
  const after: string[] = [];
  let members = before;
  for (const key of Object.keys(obj)) {
    if (key === 'metadata') {
      members = after;
      continue;
    }
    const value = JSON.stringify(obj[key]);
    if (value !== undefined) members.push(`${JSON.stringify(key)}:${value}`);
  }
  const meta = JSON.stringify(metadata);
  const join = (m: string) => `{${[...before, `"metadata":${m}`, ...after].join(',')}}`;
  return {
    value: join(meta),
    at: (revision) => join(`${meta.slice(0, -1)}${meta === '{}' ? '' : ','}"resourceVersion":${JSON.stringify(String(revision))}}`),
  };
}

/** RFC 3339 at second precision, as metav1.Time marshals. */
// Writes stamp several times a second with the same second: the last one is kept.
let stampedSecond = NaN;
let stamp = '';

export function timestamp(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second !== stampedSecond) {
    // toISOString() always ends in ".sssZ" (and throws for an invalid date, whose second is NaN).
    stamp = d.toISOString().slice(0, -5) + 'Z';
    stampedSecond = second;
  }
  return stamp;
}

// Consonants and digits only, so generated names never spell words (utilrand.String).
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return s;
}

export function newUid(): string {
  return randomUUID();
}

export function withTypeMeta(r: ResourceType, obj: KubeObject): KubeObject {
  obj.apiVersion = apiVersionOf(r);
  obj.kind = r.kind;
  return obj;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
