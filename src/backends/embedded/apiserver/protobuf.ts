// Kubernetes' protobuf encoding of request bodies (application/vnd.kubernetes.protobuf), decoded
// into the JSON object kube-apiserver would have decoded from the same Go object: a body is the
// magic "k8s\0" then a runtime.Unknown whose `raw` is the object's own message. gogo-protobuf writes
// every non-pointer field even when it is zero, so the JSON is rebuilt by Go's encoding/json rules
// (omitempty, pointers, inlined embedded structs, custom encoders of Time, Quantity, …) from the
// generated schema.
import { messageForKind, protoMessage, type ProtoField, type ProtoMessage } from './protobuf-schema.js';

export class ProtobufError extends Error {}

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

/** One field occurrence on the wire: a varint (as bigint), a fixed 32/64-bit, or length-delimited bytes. */
type WireValue = { wire: 0 | 1 | 5; value: bigint } | { wire: 2; bytes: Uint8Array };

/** Decode a protobuf request body into JSON: the object with `apiVersion` and `kind` from the envelope. */
export function decodeKubernetesProtobuf(data: Uint8Array): Record<string, unknown> {
  if (data.length < MAGIC.length || MAGIC.some((b, i) => data[i] !== b)) {
    throw new ProtobufError(`provided data does not appear to be a protobuf message, expected prefix [${MAGIC.join(' ')}]`);
  }
  const unknown = readFields(data.subarray(MAGIC.length));
  const typeMeta = readFields(bytesOf(unknown.get(1)?.at(-1)) ?? new Uint8Array());
  const apiVersion = stringOf(typeMeta.get(1)?.at(-1));
  const kind = stringOf(typeMeta.get(2)?.at(-1));
  const message = messageForKind(apiVersion, kind);
  if (!message) throw new ProtobufError(`no kind "${kind}" is registered for version "${apiVersion}"`);
  const object = messageToJson(message, bytesOf(unknown.get(2)?.at(-1)) ?? new Uint8Array());
  return { ...(kind && { kind }), ...(apiVersion && { apiVersion }), ...(object as Record<string, unknown>) };
}

// --- the wire format ---

/** A cursor over a buffer: varints (up to 64 bits, as bigint) and little-endian fixed-width values. */
class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (this.done || shift > 63n) throw new ProtobufError('truncated or overlong varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
    }
  }

  fixed(width: 4 | 8): bigint {
    if (this.pos + width > this.buf.length) throw new ProtobufError('truncated fixed-width field');
    let v = 0n;
    for (let i = width - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.buf[this.pos + i]);
    this.pos += width;
    return v;
  }

  bytes(): Uint8Array {
    const length = Number(this.varint());
    if (this.pos + length > this.buf.length) throw new ProtobufError('truncated length-delimited field');
    this.pos += length;
    return this.buf.subarray(this.pos - length, this.pos);
  }
}

function readFields(buf: Uint8Array): Map<number, WireValue[]> {
  const fields = new Map<number, WireValue[]>();
  const r = new Reader(buf);
  while (!r.done) {
    const key = Number(r.varint());
    const number = key >>> 3;
    let value: WireValue;
    switch (key & 7) {
      case 0: value = { wire: 0, value: r.varint() }; break;
      case 1: value = { wire: 1, value: r.fixed(8) }; break;
      case 5: value = { wire: 5, value: r.fixed(4) }; break;
      case 2: value = { wire: 2, bytes: r.bytes() }; break;
      default: throw new ProtobufError(`unsupported wire type ${key & 7} for field ${number}`);
    }
    const list = fields.get(number);
    if (list) list.push(value);
    else fields.set(number, [value]);
  }
  return fields;
}

function bytesOf(v: WireValue | undefined): Uint8Array | undefined {
  return v?.wire === 2 ? v.bytes : undefined;
}

function numberOf(v: WireValue | undefined): bigint {
  return v && v.wire !== 2 ? v.value : 0n;
}

function stringOf(v: WireValue | undefined): string {
  const b = bytesOf(v);
  return b ? Buffer.from(b).toString('utf8') : '';
}

function scalar(type: string, v: WireValue): unknown {
  if (v.wire === 2) {
    if (type === 'string') return Buffer.from(v.bytes).toString('utf8');
    if (type === 'bytes') return Buffer.from(v.bytes).toString('base64');
    throw new ProtobufError(`a ${type} cannot be length-delimited`);
  }
  switch (type) {
    case 'bool': return v.value !== 0n;
    case 'int32': return Number(BigInt.asIntN(32, v.value));
    case 'uint32': return Number(BigInt.asUintN(32, v.value));
    case 'int64': return Number(BigInt.asIntN(64, v.value));
    case 'uint64': return Number(BigInt.asUintN(64, v.value));
    case 'double': return Buffer.from(new BigUint64Array([v.value]).buffer).readDoubleLE(0);
    case 'float': return Buffer.from(new Uint32Array([Number(v.value)]).buffer).readFloatLE(0);
  }
  throw new ProtobufError(`a ${type} cannot be a number on the wire`);
}

/** Numeric repeated fields may be packed: one length-delimited run of values. */
function unpack(type: string, v: WireValue): WireValue[] {
  if (v.wire !== 2 || type === 'string' || type === 'bytes') return [v];
  const r = new Reader(v.bytes);
  const out: WireValue[] = [];
  while (!r.done) {
    if (type === 'double') out.push({ wire: 1, value: r.fixed(8) });
    else if (type === 'float') out.push({ wire: 5, value: r.fixed(4) });
    else out.push({ wire: 0, value: r.varint() });
  }
  return out;
}

// --- Go's JSON encoding of the decoded message ---

const ZERO_TIME_SECONDS = -62135596800n;

/** A message's JSON, field by field in Go struct order; absent non-pointer fields are Go zero values. */
function messageToJson(message: ProtoMessage, data: Uint8Array): unknown {
  const special = customJson(message.name, data);
  if (special !== NOT_CUSTOM) return special;
  const wire = readFields(data);
  const out: Record<string, unknown> = {};
  for (const field of message.fields) {
    const values = wire.get(field.number);
    const json = fieldToJson(field, values);
    if (json === OMIT) continue;
    if (field.inline) Object.assign(out, json);
    else out[field.json] = json;
  }
  return out;
}

const OMIT = Symbol('omit');
const NOT_CUSTOM = Symbol('not custom');

function fieldToJson(field: ProtoField, values: WireValue[] | undefined): unknown {
  const sub = protoMessage(field.type);
  const one = (v: WireValue | undefined): unknown => {
    if (sub) return messageToJson(sub, bytesOf(v) ?? new Uint8Array());
    return v ? scalar(field.type, v) : zeroScalar(field.type);
  };
  if (field.map) {
    const entries = (values ?? []).map((v) => readFields(bytesOf(v) ?? new Uint8Array()));
    if (entries.length === 0) return field.omitempty ? OMIT : null;
    return Object.fromEntries(entries.map((e) => [stringOf(e.get(1)?.at(-1)), one(e.get(2)?.at(-1))]));
  }
  if (field.repeated) {
    const items = (values ?? []).flatMap((v) => (sub ? [v] : unpack(field.type, v)));
    if (items.length === 0) return field.omitempty ? OMIT : null;
    return items.map(one);
  }
  const last = values?.at(-1);
  if (field.pointer) return last ? one(last) : field.omitempty ? OMIT : null;
  if (field.type === 'bytes' && !last) return field.omitempty ? OMIT : null;
  const value = one(last);
  if (field.omitzero && isZeroJson(value)) return OMIT;
  // encoding/json never leaves out a struct for omitempty, only empty strings, numbers, bools.
  if (field.omitempty && !sub && (value === '' || value === 0 || value === false)) return OMIT;
  return value;
}

function zeroScalar(type: string): unknown {
  if (type === 'string') return '';
  if (type === 'bool') return false;
  return 0;
}

function isZeroJson(value: unknown): boolean {
  return value === null || value === '' || value === 0 || value === false
    || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0);
}

/** The types whose Go JSON encoding is their own. */
function customJson(name: string, data: Uint8Array): unknown {
  switch (name) {
    case 'meta/v1.Time':
    case 'meta/v1.MicroTime': {
      const f = readFields(data);
      const seconds = BigInt.asIntN(64, numberOf(f.get(1)?.at(-1)));
      const nanos = Number(BigInt.asIntN(32, numberOf(f.get(2)?.at(-1))));
      // An empty message is Go's zero time (Time.Marshal writes nothing for it), which encodes as null.
      if (data.length === 0 || (seconds === ZERO_TIME_SECONDS && nanos === 0)) return null;
      return formatTime(seconds, nanos, name === 'meta/v1.MicroTime');
    }
    case 'meta/v1.Duration':
      return goDuration(BigInt.asIntN(64, numberOf(readFields(data).get(1)?.at(-1))));
    case 'resource.Quantity':
      return stringOf(readFields(data).get(1)?.at(-1)) || '0';
    case 'intstr.IntOrString': {
      const f = readFields(data);
      // Type 1 is intstr.String; anything else is an int.
      if (numberOf(f.get(1)?.at(-1)) === 1n) return stringOf(f.get(3)?.at(-1));
      return Number(BigInt.asIntN(32, numberOf(f.get(2)?.at(-1))));
    }
    case 'runtime.RawExtension':
    case 'meta/v1.FieldsV1':
      return embeddedJson(bytesOf(readFields(data).get(1)?.at(-1)));
  }
  return NOT_CUSTOM;
}

/** RawExtension and FieldsV1 carry JSON, or for an embedded object possibly protobuf again. */
function embeddedJson(raw: Uint8Array | undefined): unknown {
  if (!raw || raw.length === 0) return null;
  if (MAGIC.every((b, i) => raw[i] === b)) return decodeKubernetesProtobuf(raw);
  try {
    return JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch (e) {
    throw new ProtobufError(`embedded object is not JSON: ${(e as Error).message}`);
  }
}

/** RFC 3339 in UTC as Go formats metav1.Time (whole seconds) and MicroTime (six fractional digits). */
function formatTime(seconds: bigint, nanos: number, micro: boolean): string {
  const iso = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return micro ? `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${iso}Z`;
}

/** Go's time.Duration.String(): "1h2m3.5s", "1m0s", "1.5ms", "0s". */
export function goDuration(ns: bigint): string {
  const sign = ns < 0n ? '-' : '';
  const u = ns < 0n ? -ns : ns;
  if (u === 0n) return '0s';
  if (u < 1000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${decimal(u, 3)}µs`;
  if (u < 1_000_000_000n) return `${sign}${decimal(u, 6)}ms`;
  const hours = u / 3_600_000_000_000n;
  const minutes = (u / 60_000_000_000n) % 60n;
  const seconds = `${decimal(u % 60_000_000_000n, 9)}s`;
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}

/** v / 10^digits with the fraction's trailing zeros (and a bare point) dropped. */
function decimal(v: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const fraction = (v % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return fraction ? `${v / scale}.${fraction}` : `${v / scale}`;
}
