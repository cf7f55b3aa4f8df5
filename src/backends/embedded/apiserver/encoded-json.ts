// JSON of the responses the API server builds around shared objects. What a GET, LIST or watch
// answers is frozen and shared while its revision lasts (decoded-objects.ts); the JSON of such an
// object is made once and reused, so that a LIST of thousands of pods, asked again and again,
// writes strings it already has instead of running JSON.stringify over every pod each time.
import type { KubeObject } from './objects.js';

/** The JSON of frozen objects, for as long as the object lives. */
const encoded = new WeakMap<object, string>();
/** Views of frozen objects: a list item (no apiVersion and kind), a Table row's PartialObjectMetadata. */
const items = new WeakMap<object, KubeObject>();
const partials = new WeakMap<object, KubeObject>();

/** JSON.stringify(value); a frozen object's JSON is made once and reused. */
export function encodeJson(value: unknown): string {
  if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) return JSON.stringify(value) ?? 'null';
  let json = encoded.get(value);
  if (json === undefined) encoded.set(value, (json = JSON.stringify(value)));
  return json;
}

/**
 * JSON.stringify(value) of an envelope around shared objects (a list and its items, a Table and
 * its rows), in pieces to write one after the other: objects and arrays not frozen are walked
 * `depth` levels down, and what lies below is one piece, from encodeJson. A LIST answered this
 * way never builds its whole body as one string.
 */
export function encodeEnvelope(value: unknown, depth: number): string[] {
  const out: string[] = [];
  encodeInto(out, value, depth);
  return out;
}

function encodeInto(out: string[], value: unknown, depth: number): void {
  if (depth === 0 || typeof value !== 'object' || value === null || Object.isFrozen(value) || 'toJSON' in value) {
    out.push(encodeJson(value));
  } else if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      if (omitted(value[i])) out.push('null');
      else encodeInto(out, value[i], depth - 1);
    }
    out.push(']');
  } else {
    let separator = '{';
    for (const k of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[k];
      if (omitted(v)) continue;
      out.push(separator, JSON.stringify(k), ':');
      encodeInto(out, v, depth - 1);
      separator = ',';
    }
    out.push(separator === '{' ? '{}' : '}');
  }
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** An object as a typed list carries it: without apiVersion and kind. */
export function listItem(obj: KubeObject): KubeObject {
  return derived(items, obj, ({ apiVersion: _a, kind: _k, ...rest }) => rest);
}

/** The object's metadata as a Table row carries it (includeObject=Metadata). */
export function partialObjectMetadata(obj: KubeObject): KubeObject {
  return derived(partials, obj, (o) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata }));
}

/** A view of an object; of a frozen one, the same frozen view each time (so its JSON is made once). */
function derived(views: WeakMap<object, KubeObject>, obj: KubeObject, view: (obj: KubeObject) => KubeObject): KubeObject {
  if (!Object.isFrozen(obj)) return view(obj);
  let v = views.get(obj);
  if (!v) views.set(obj, (v = Object.freeze(view(obj))));
  return v;
}
