// Generate schemas/protobuf.json: the protobuf field numbers of the messages the embedded API
// server decodes, with what Go's JSON encoding of the same field does (name, pointer, omitempty,
// inline), so that a protobuf request body becomes the JSON object kube-apiserver would decode.
//
// The facts come from kubernetes/api (`<group>/<version>/generated.proto` and `types.go`) and
// kubernetes/apimachinery (`pkg/apis/meta/v1/{generated.proto,types.go}`, `pkg/util/intstr`,
// `pkg/api/resource`, `pkg/runtime` generated.proto). They are not kept in this repository. To
// regenerate, put them in a directory (any layout: each generated.proto is read with the types.go
// beside it) and run:
//
//   D=/tmp/k8s-proto
//   for g in core/v1 apps/v1 batch/v1 autoscaling/v1 autoscaling/v2 networking/v1 discovery/v1 coordination/v1 events/v1; do
//     mkdir -p $D/api/$g && for f in generated.proto types.go; do
//       curl -fsSL https://raw.githubusercontent.com/kubernetes/api/master/$g/$f -o $D/api/$g/$f; done; done
//   for p in pkg/apis/meta/v1 pkg/util/intstr pkg/api/resource pkg/runtime; do
//     mkdir -p $D/apimachinery/$p && curl -fsSL https://raw.githubusercontent.com/kubernetes/apimachinery/master/$p/generated.proto -o $D/apimachinery/$p/generated.proto; done
//   curl -fsSL https://raw.githubusercontent.com/kubernetes/apimachinery/master/pkg/apis/meta/v1/types.go -o $D/apimachinery/pkg/apis/meta/v1/types.go
//   node scripts/gen-proto-schema.mjs $D
//
// Output: { messages: { "<pkg>.<Message>": [[number, jsonName, type, flags?], …] } } where <pkg> is
// "core/v1", "apps/v1", "meta/v1", "resource", "intstr" or "runtime"; type is a scalar (string,
// int32, int64, bool, bytes) or a message name; flags: r repeated, m map (string keys; type is the
// value's), p Go pointer, o omitempty, z omitzero, i inlined into the parent's JSON.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SCALARS = new Set(['string', 'int32', 'int64', 'uint32', 'uint64', 'bool', 'bytes', 'double', 'float']);

/** "k8s.io.api.apps.v1" -> "apps/v1"; "k8s.io.apimachinery.pkg.apis.meta.v1" -> "meta/v1". */
function shortPackage(pkg) {
  const api = /^k8s\.io\.api\.([^.]+)\.([^.]+)$/.exec(pkg);
  if (api) return `${api[1]}/${api[2]}`;
  if (pkg === 'k8s.io.apimachinery.pkg.apis.meta.v1') return 'meta/v1';
  const m = /^k8s\.io\.apimachinery\.pkg\.(?:api|util)?\.?([^.]+)$/.exec(pkg);
  if (m) return m[1];
  throw new Error(`unexpected proto package ${pkg}`);
}

function qualify(type, pkg) {
  if (SCALARS.has(type)) return type;
  if (type.startsWith('.')) {
    const i = type.lastIndexOf('.');
    return `${shortPackage(type.slice(1, i))}.${type.slice(i + 1)}`;
  }
  return `${shortPackage(pkg)}.${type}`;
}

/** Messages of one .proto file: name -> [{ number, name, type, repeated, map }]. */
function parseProto(text) {
  const pkg = /^package\s+([\w.]+);/m.exec(text)[1];
  const messages = new Map();
  const body = text.replace(/\/\/.*$/gm, '');
  for (const m of body.matchAll(/^message\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const fields = [];
    for (const f of m[2].matchAll(/^\s*(?:(optional|repeated|required)\s+([\w.]+)|map<\s*(\w+)\s*,\s*([\w.]+)\s*>)\s+(\w+)\s*=\s*(\d+)\s*;/gm)) {
      const [, label, type, key, value, name, number] = f;
      if (key && key !== 'string') throw new Error(`map key ${key} in ${m[1]}`);
      fields.push({ number: Number(number), name, type: qualify(type ?? value, pkg), repeated: label === 'repeated', map: Boolean(key) });
    }
    messages.set(m[1], fields);
  }
  return { pkg: shortPackage(pkg), messages };
}

/** Go structs of a types.go: name -> Map(proto field number -> { json, pointer, omitempty, omitzero, inline }). */
function parseGoTypes(text) {
  const structs = new Map();
  // A one-line `struct{}` must not swallow the next struct.
  for (const s of text.matchAll(/^type\s+(\w+)\s+struct\s*\{(?:\}|([\s\S]*?)^\})/gm)) {
    const fields = new Map();
    for (const line of (s[2] ?? '').split('\n')) {
      const f = /^\s*(?:(\w+)\s+)?(\S+)\s+`([^`]*)`/.exec(line);
      if (!f || line.trim().startsWith('//')) continue;
      const proto = /protobuf:"[^",]*,(\d+),/.exec(f[3]);
      if (!proto) continue;
      const json = /json:"([^"]*)"/.exec(f[3])?.[1] ?? '';
      const [jsonName, ...opts] = json.split(',');
      if (jsonName === '-') continue;
      // encoding/json inlines an embedded struct that has no JSON name (`json:""` or `json:",inline"`).
      const inline = !f[1] && !jsonName;
      fields.set(Number(proto[1]), {
        json: inline ? '' : jsonName || f[1] || f[2],
        pointer: f[2].startsWith('*'),
        omitempty: opts.includes('omitempty'),
        omitzero: opts.includes('omitzero'),
        inline,
      });
    }
    structs.set(s[1], fields);
  }
  return structs;
}

function protoFiles(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return protoFiles(path);
    return name === 'generated.proto' ? [path] : [];
  });
}

function readIfExists(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

// Go types whose JSON is their own (Time, Quantity, …): the decoder knows them, their Go fields are irrelevant.
const CUSTOM_JSON = /^(meta\/v1\.(Time|MicroTime|Duration|FieldsV1)|resource\.Quantity|intstr\.IntOrString|runtime\.RawExtension|runtime\.Unknown|runtime\.TypeMeta)$/;

const root = process.argv[2];
if (!root) {
  console.error('usage: node scripts/gen-proto-schema.mjs DIR-WITH-GENERATED-PROTO-FILES');
  process.exit(2);
}
const messages = {};
for (const file of protoFiles(root)) {
  const { pkg, messages: parsed } = parseProto(readFileSync(file, 'utf8'));
  const goText = readIfExists(join(dirname(file), 'types.go'));
  const go = goText ? parseGoTypes(goText) : new Map();
  for (const [name, fields] of parsed) {
    const full = `${pkg}.${name}`;
    const goFields = go.get(name);
    if (!goFields && !CUSTOM_JSON.test(full)) console.error(`note: no Go struct for ${full}; using proto names and omitempty`);
    messages[full] = fields.map((f) => {
      const g = goFields?.get(f.number) ?? { json: f.name, pointer: false, omitempty: true, omitzero: false, inline: false };
      const flags = [f.repeated && 'r', f.map && 'm', g.pointer && 'p', g.omitempty && 'o', g.omitzero && 'z', g.inline && 'i'].filter(Boolean).join('');
      return flags ? [f.number, g.json, f.type, flags] : [f.number, g.json, f.type];
    });
  }
}
// Fields of messages outside the files read (newer alpha APIs) cannot be decoded: leave them out.
for (const fields of Object.values(messages)) {
  for (let i = fields.length - 1; i >= 0; i--) {
    const type = fields[i][2];
    if (!SCALARS.has(type) && !messages[type]) {
      console.error(`note: dropping ${fields[i][1]} (${type} is not in the files read)`);
      fields.splice(i, 1);
    }
  }
}
const sorted = Object.fromEntries(Object.entries(messages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const out = new URL('../schemas/protobuf.json', import.meta.url);
writeFileSync(out, JSON.stringify({ messages: sorted }) + '\n');
console.error(`wrote ${Object.keys(sorted).length} messages to schemas/protobuf.json`);
