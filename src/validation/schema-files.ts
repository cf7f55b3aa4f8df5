// The JSON Schemas of scripts/gen-json-schemas.mjs: one file per group version, read the first
// time a manifest of that group version is validated.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface JsonSchema {
  $ref?: string;
  allOf?: JsonSchema[];
  type?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  required?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  [key: string]: unknown;
}

export interface GroupVersionSchemas {
  kinds: Record<string, JsonSchema>;
  definitions: Record<string, JsonSchema>;
}

// This file sits two levels below the project root, the bundled dist/cli.cjs one level.
const SCHEMAS_DIR = fileURLToPath(new URL(import.meta.url.includes('/src/validation/') ? '../../schemas/json/' : '../schemas/json/', import.meta.url));
// An apiVersion is a file name here: only the shapes Kubernetes uses may reach the file system.
const API_VERSION = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9a-z]+$/;

const loaded = new Map<string, GroupVersionSchemas | undefined>();

export function groupVersionSchemas(apiVersion: string): GroupVersionSchemas | undefined {
  if (loaded.has(apiVersion)) return loaded.get(apiVersion);
  const schemas = API_VERSION.test(apiVersion) ? read(`${apiVersion.replace('/', '_')}.json`) : undefined;
  loaded.set(apiVersion, schemas);
  return schemas;
}

function read(file: string): GroupVersionSchemas | undefined {
  try {
    return JSON.parse(readFileSync(SCHEMAS_DIR + file, 'utf8')) as GroupVersionSchemas;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
