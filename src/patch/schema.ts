import { definitionNameFor, schemaDefinitions, type SchemaNode } from '../schemas.js';
import { internal } from './errors.js';

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

/** The patch schema of a definition in schemas/definitions.json. */
export function definitionSchema(name: string): PatchSchema {
  const definitions = schemaDefinitions() as Definitions;
  const node = definitions[name];
  if (!node) throw internal(`unknown schema definition: ${name}`);
  return new PatchSchema(definitions, node);
}

/** The definition name of a kind, e.g. ("apps/v1", "Deployment") -> "io.k8s.api.apps.v1.Deployment". */
export const schemaNameFor = definitionNameFor;
