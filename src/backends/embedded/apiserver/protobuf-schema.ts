// The protobuf field numbers of the Kubernetes messages the embedded API server decodes, with how
// Go's JSON encoding treats each field (schemas/protobuf.json, from scripts/gen-proto-schema.mjs).
// Loaded on first use: only protobuf request bodies need it.
import { readFileSync } from 'node:fs';

export interface ProtoField {
  number: number;
  /** The JSON name; empty when the field is inlined into its parent's JSON. */
  json: string;
  /** A scalar (string, int32, int64, bool, bytes, …) or a message name such as "core/v1.PodSpec". */
  type: string;
  repeated: boolean;
  /** A map with string keys; `type` is the value's. */
  map: boolean;
  /** A Go pointer: written only when set, so a zero value on the wire is kept. */
  pointer: boolean;
  omitempty: boolean;
  omitzero: boolean;
  inline: boolean;
}

export interface ProtoMessage {
  name: string;
  /** In Go struct order, which is the order of the JSON encoding. */
  fields: ProtoField[];
  byNumber: Map<number, ProtoField>;
}

type RawField = [number, string, string, string?];

// Both src/backends/embedded/apiserver/ and the bundle in dist/ resolve to the project's schemas/.
const CANDIDATES = ['../../../../schemas/protobuf.json', '../schemas/protobuf.json'];

let raw: Record<string, RawField[]> | undefined;
const cache = new Map<string, ProtoMessage>();

function load(): Record<string, RawField[]> {
  if (raw) return raw;
  for (const candidate of CANDIDATES) {
    try {
      raw = (JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { messages: Record<string, RawField[]> }).messages;
      return raw;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  throw new Error('schemas/protobuf.json not found');
}

/** A message by name ("apps/v1.Deployment"), or undefined when the schema does not have it. */
export function protoMessage(name: string): ProtoMessage | undefined {
  const hit = cache.get(name);
  if (hit) return hit;
  const fields = load()[name];
  if (!fields) return undefined;
  const parsed = fields.map(([number, json, type, flags = '']): ProtoField => ({
    number, json, type,
    repeated: flags.includes('r'),
    map: flags.includes('m'),
    pointer: flags.includes('p'),
    omitempty: flags.includes('o'),
    omitzero: flags.includes('z'),
    inline: flags.includes('i'),
  }));
  const message = { name, fields: parsed, byNumber: new Map(parsed.map((f) => [f.number, f])) };
  cache.set(name, message);
  return message;
}

/**
 * The message of a kind in an API version: the group's own package ("apps/v1" -> apps/v1.Deployment,
 * "v1" -> core/v1.Pod), else meta/v1, where kinds every group registers (DeleteOptions) live.
 */
export function messageForKind(apiVersion: string, kind: string): ProtoMessage | undefined {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? 'core' : apiVersion.slice(0, slash).split('.')[0];
  const version = apiVersion.slice(slash + 1);
  return protoMessage(`${group}/${version}.${kind}`) ?? protoMessage(`meta/v1.${kind}`);
}
