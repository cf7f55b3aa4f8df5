#!/usr/bin/env node
// Generates schemas/json/<group>_<version>.json: one JSON Schema (draft-07) file per built-in API
// group version, from the Kubernetes OpenAPI v2 document. Each file holds the definitions its
// kinds reach and a `kinds` table of entry points, so a validator loads only the group versions
// it meets. Kubernetes' decoding rules become schema keywords:
//   - typed structs reject unknown fields: additionalProperties false (unless
//     x-kubernetes-preserve-unknown-fields);
//   - custom unmarshalers become formats: "quantity" (resource.Quantity takes any JSON value and
//     parses its text) and "int-or-string" (intstr.IntOrString), both without a `type`;
//   - metadata.name gets the name rule of the kind's ValidateObjectMeta as a format
//     ("dns-1123-subdomain", "dns-1123-label", "dns-1035-label", "path-segment-name");
//   - x-kubernetes-* keys are kept for the patch machinery.
// Output is written with sorted keys so the committed files can be compared with a fresh run.
//
// Usage: node scripts/gen-json-schemas.mjs [output-dir]   (default: schemas/json)
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const schemasDir = resolve(dirname(fileURLToPath(import.meta.url)), '../schemas');
const swaggerPath = join(schemasDir, 'kubernetes-v1.36-swagger.json');
const REF = '#/definitions/';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const kept = new Set(['type', 'format', 'properties', 'items', '$ref', 'required', 'additionalProperties', 'enum']);

/** The name rule each kind's ValidateObjectMeta applies (pkg/apis/<group>/validation). */
function nameFormat(group, kind) {
  if (group === '' && kind === 'Namespace') return 'dns-1123-label';
  if (group === '' && kind === 'Service') return 'dns-1035-label';
  if (group === 'rbac.authorization.k8s.io') return 'path-segment-name';
  return 'dns-1123-subdomain';
}

/** Review kinds are answered, never stored: their names are not validated. */
const unnamed = (group) => group === 'authentication.k8s.io' || group === 'authorization.k8s.io';

function toJsonSchema(node, name) {
  if (name === QUANTITY) return { format: 'quantity' };
  if (node.format === 'int-or-string') return { format: 'int-or-string', 'x-kubernetes-int-or-string': true };
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-kubernetes-')) out[key] = value;
    else if (!kept.has(key)) continue;
    else if (key === '$ref') out.$ref = REF + value.slice('#/definitions/'.length);
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]));
    else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) out[key] = toJsonSchema(value);
    else out[key] = value;
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

function refsOf(node, found) {
  if (Array.isArray(node)) node.forEach((n) => refsOf(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.add(value.slice(REF.length));
      else refsOf(value, found);
    }
  }
}

function closure(roots, definitions) {
  const seen = new Set();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.pop();
    if (seen.has(name)) continue;
    seen.add(name);
    const refs = new Set();
    refsOf(definitions[name], refs);
    queue.push(...refs);
  }
  return [...seen].sort();
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
}

/** One definition or kind a line: compact to load, still readable in a diff. */
function stringifyByLine(schema) {
  const field = ([key, value]) => {
    if (key !== 'definitions' && key !== 'kinds') return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
    const lines = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
    return `${JSON.stringify(key)}:{\n${lines.join(',\n')}\n}`;
  };
  return `{\n${Object.entries(schema).map(field).join(',\n')}\n}\n`;
}

/** A kind's entry: its definition, with the kind's name rule on metadata.name. */
function kindEntry(group, kind, definition) {
  const entry = { $ref: REF + definition };
  if (unnamed(group)) return entry;
  return {
    allOf: [entry],
    properties: { metadata: { properties: { name: { format: nameFormat(group, kind) } } } },
  };
}

export function generate(swagger) {
  const definitions = Object.fromEntries(Object.entries(swagger.definitions).map(([n, d]) => [n, toJsonSchema(d, n)]));
  const groupVersions = new Map();
  for (const [name, definition] of Object.entries(swagger.definitions)) {
    if (name.startsWith('io.k8s.apimachinery.')) continue; // Status, WatchEvent, DeleteOptions…: not manifests
    for (const { group, version, kind } of definition['x-kubernetes-group-version-kind'] ?? []) {
      const key = `${group}/${version}`;
      if (!groupVersions.has(key)) groupVersions.set(key, { group, version, kinds: {} });
      groupVersions.get(key).kinds[kind] ??= name;
    }
  }
  const files = {};
  for (const { group, version, kinds } of groupVersions.values()) {
    const apiVersion = group ? `${group}/${version}` : version;
    const roots = Object.values(kinds);
    if (!unnamed(group)) roots.push(OBJECT_META);
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: apiVersion,
      kinds: Object.fromEntries(Object.entries(kinds).map(([kind, def]) => [kind, kindEntry(group, kind, def)])),
      definitions: Object.fromEntries(closure(roots, definitions).map((n) => [n, definitions[n]])),
    };
    files[`${apiVersion.replace('/', '_')}.json`] = stringifyByLine(sortKeys(schema));
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? join(schemasDir, 'json'));
  const files = generate(JSON.parse(readFileSync(swaggerPath, 'utf8')));
  mkdirSync(outDir, { recursive: true });
  for (const stale of readdirSync(outDir)) if (!(stale in files)) rmSync(join(outDir, stale));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(outDir, file), text);
}
