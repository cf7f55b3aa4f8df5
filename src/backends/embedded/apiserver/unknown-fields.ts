// Strict field validation: the paths of fields a kind's schema does not know, in the form
// kube-apiserver's strict decoder reports them ("spec.containers[0].ports[0].containerPorts").
import { definitionNameFor, resolveSchema, schemaDefinitions, type SchemaNode } from '../../../schemas.js';

export function unknownFields(apiVersion: string, kind: string, obj: unknown): string[] {
  const name = definitionNameFor(apiVersion, kind);
  if (!name) return [];
  const found: string[] = [];
  walk(schemaDefinitions()[name], obj, '', found);
  return found;
}

function walk(node: SchemaNode | undefined, value: unknown, path: string, found: string[]): void {
  const schema = resolveSchema(node);
  if (!schema || value === null || typeof value !== 'object') return;
  if (schema['x-kubernetes-preserve-unknown-fields']) return;
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((v, i) => walk(schema.items, v, `${path}[${i}]`, found));
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (schema.properties) {
    for (const [k, v] of entries) {
      const child = path ? `${path}.${k}` : k;
      const prop = schema.properties[k];
      if (prop) walk(prop, v, child, found);
      else found.push(child);
    }
  } else if (typeof schema.additionalProperties === 'object') {
    for (const [k, v] of entries) walk(schema.additionalProperties, v, path ? `${path}.${k}` : k, found);
  }
}
