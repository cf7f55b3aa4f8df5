import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { internal } from './errors.js';

/** A schema as scripts/gen-schemas.mjs writes it into schemas/definitions.json. */
export interface SchemaNode {
  type?: string;
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
}

export type Definitions = Record<string, SchemaNode>;

/** How a field is patched: its strategies (`merge`, `replace`, `retainKeys`) and merge key. */
export interface FieldPatchMeta {
  schema: PatchSchema;
  strategies: string[];
  mergeKey: string;
}

/**
 * Looks up patch metadata field by field, as strategicpatch's LookupPatchMeta does. A field the
 * schema does not describe (free-form JSON, preserved unknown fields) gets no strategy: its maps
 * merge and its lists are replaced.
 */
export class PatchSchema {
  constructor(
    private readonly definitions: Definitions,
    private readonly node?: SchemaNode,
  ) {}

  /** The Go kind name strategicpatch uses in its messages. */
  get name(): string {
    const node = this.resolved();
    return node?.properties || node?.type === 'object' ? 'struct' : (node?.type ?? 'struct');
  }

  lookupField(key: string): FieldPatchMeta {
    const field = this.fieldNode(key);
    return { schema: new PatchSchema(this.definitions, field), ...patchMeta(field) };
  }

  /** Like lookupField, but the schema returned is that of the list's items. */
  lookupListField(key: string): FieldPatchMeta {
    const field = this.fieldNode(key);
    // A list field's items; a field that is not an array stands for its own items (as openapi's lookup does).
    const items = this.resolve(field)?.items ?? field;
    return { schema: new PatchSchema(this.definitions, items), ...patchMeta(field) };
  }

  private fieldNode(key: string): SchemaNode | undefined {
    const node = this.resolved();
    const property = node?.properties?.[key];
    if (property) return property;
    return typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined;
  }

  private resolved(): SchemaNode | undefined {
    return this.resolve(this.node);
  }

  private resolve(node: SchemaNode | undefined): SchemaNode | undefined {
    let current = node;
    for (let depth = 0; current?.$ref !== undefined && depth < 100; depth++) current = this.definitions[current.$ref];
    return current;
  }
}

function patchMeta(field: SchemaNode | undefined): { strategies: string[]; mergeKey: string } {
  const strategy = field?.['x-kubernetes-patch-strategy'];
  return { strategies: strategy ? strategy.split(',') : [], mergeKey: field?.['x-kubernetes-patch-merge-key'] ?? '' };
}

let definitions: Definitions | undefined;
let kinds: Record<string, string> | undefined;

/** The patch schema of a definition in schemas/definitions.json, loaded on first use. */
export function definitionSchema(name: string): PatchSchema {
  definitions ??= readSchemaFile('definitions.json') as Definitions;
  const node = definitions[name];
  if (!node) throw internal(`unknown schema definition: ${name}`);
  return new PatchSchema(definitions, node);
}

/** The definition name of a kind, e.g. ("apps/v1", "Deployment") -> "io.k8s.api.apps.v1.Deployment". */
export function schemaNameFor(apiVersion: string, kind: string): string | undefined {
  kinds ??= readSchemaFile('kinds.json') as Record<string, string>;
  return kinds[`${apiVersion}/${kind}`];
}

function readSchemaFile(file: string): unknown {
  return JSON.parse(readFileSync(join(schemasDir(), file), 'utf8'));
}

/** The schemas folder, looked for upwards from this module, whether it runs from src/ or a bundle in dist/. */
function schemasDir(): string {
  const start = moduleDir();
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'schemas', 'definitions.json'))) return join(dir, 'schemas');
    if (dirname(dir) === dir) throw internal(`schemas/definitions.json not found above ${start}`);
  }
}

function moduleDir(): string {
  // esbuild empties import.meta when it bundles to CommonJS; __dirname exists there instead.
  const url: string | undefined = import.meta.url;
  return url ? dirname(fileURLToPath(url)) : __dirname;
}
