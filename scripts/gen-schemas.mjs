#!/usr/bin/env node
// Generates schemas/definitions.json and schemas/kinds.json from the Kubernetes OpenAPI v2
// document. The output is trimmed to what machines use (no descriptions) and written with
// sorted keys, so the committed files can be checked against a fresh run.
//
// Usage: node scripts/gen-schemas.mjs [output-dir]   (default: the schemas folder)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const schemasDir = resolve(dirname(fileURLToPath(import.meta.url)), '../schemas');
const swaggerPath = join(schemasDir, 'kubernetes-v1.36-swagger.json');
const kept = new Set(['type', 'format', 'properties', 'items', '$ref', 'required', 'additionalProperties', 'enum']);
const refPrefix = '#/definitions/';

function trimSchema(schema) {
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-kubernetes-')) out[key] = value;
    else if (!kept.has(key)) continue;
    else if (key === '$ref') out.$ref = value.startsWith(refPrefix) ? value.slice(refPrefix.length) : value;
    else if (key === 'properties') out.properties = mapValues(value, trimSchema);
    else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) out[key] = trimSchema(value);
    else out[key] = value;
  }
  return out;
}

function mapValues(object, fn) {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, fn(value)]));
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

/** One entry a line: compact to load, still readable in a diff. */
function stringifyByLine(object) {
  const lines = Object.keys(object).map((key) => `${JSON.stringify(key)}:${JSON.stringify(object[key])}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

function generate(swagger) {
  const definitions = {};
  const kinds = {};
  for (const name of Object.keys(swagger.definitions).sort()) {
    const definition = swagger.definitions[name];
    definitions[name] = sortKeys(trimSchema(definition));
    for (const { group, version, kind } of definition['x-kubernetes-group-version-kind'] ?? []) {
      const key = group ? `${group}/${version}/${kind}` : `${version}/${kind}`;
      kinds[key] ??= name;
    }
  }
  return {
    'definitions.json': stringifyByLine(definitions),
    'kinds.json': stringifyByLine(sortKeys(kinds)),
  };
}

const outDir = resolve(process.argv[2] ?? schemasDir);
const swagger = JSON.parse(readFileSync(swaggerPath, 'utf8'));
mkdirSync(outDir, { recursive: true });
for (const [file, text] of Object.entries(generate(swagger))) writeFileSync(join(outDir, file), text);
