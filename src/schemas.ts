// The schemas generated from the Kubernetes OpenAPI document (scripts/gen-schemas.mjs), loaded on
// first use only: most commands never need them, and start-up time matters.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface SchemaNode {
  type?: string;
  format?: string;
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  required?: string[];
  enum?: unknown[];
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [key: string]: unknown;
}

// src/schemas.ts and the bundled dist/cli.cjs both sit one level below the project root.
const SCHEMAS_DIR = fileURLToPath(new URL('../schemas/', import.meta.url));

let definitions: Record<string, SchemaNode> | undefined;
let kinds: Record<string, string> | undefined;

export function schemaDefinitions(): Record<string, SchemaNode> {
  return (definitions ??= JSON.parse(readFileSync(SCHEMAS_DIR + 'definitions.json', 'utf8')));
}

/** The definition name for a kind, e.g. ("apps/v1", "Deployment") -> "io.k8s.api.apps.v1.Deployment". */
export function definitionNameFor(apiVersion: string, kind: string): string | undefined {
  kinds ??= JSON.parse(readFileSync(SCHEMAS_DIR + 'kinds.json', 'utf8')) as Record<string, string>;
  return kinds[`${apiVersion}/${kind}`];
}

/** Follow a node's $ref to the definition it names. */
export function resolveSchema(node: SchemaNode | undefined): SchemaNode | undefined {
  let n = node;
  while (n?.$ref) n = schemaDefinitions()[n.$ref];
  return n;
}
