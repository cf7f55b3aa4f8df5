// Field validation: the paths of fields a kind's schema does not know, in the form kube-apiserver's
// strict decoder reports them ("spec.containers[0].ports[0].containerPorts"). Decoding into the
// kind's typed struct drops those fields, so a stored object never has them.
import { definitionNameFor, resolveSchema, type SchemaNode } from '../../../schemas.js';

/** Removes the fields `obj`'s schema does not know and returns their paths. */
export function dropUnknownFields(apiVersion: string, kind: string, obj: unknown): string[] {
  const name = definitionNameFor(apiVersion, kind);
  if (!name) return [];
  return dropUnknownFieldsBySchema({ $ref: name }, obj, '');
}

/** The same for a value of the given schema node found at `path`. */
export function dropUnknownFieldsBySchema(node: SchemaNode, value: unknown, path: string): string[] {
  const found: string[] = [];
  walk(node, value, path, found);
  return found;
}

function walk(node: SchemaNode | undefined, value: unknown, path: string, found: string[]): void {
  const schema = resolveSchema(node);
  if (!schema || value === null || typeof value !== 'object') return;
  if (schema['x-kubernetes-preserve-unknown-fields']) return;
  if (Array.isArray(value)) {
    const items = schema.items;
    if (items) value.forEach((v, i) => isObject(v) && walk(items, v, `${path}[${i}]`, found));
    return;
  }
  const fields = value as Record<string, unknown>;
  const child = (k: string) => (path ? `${path}.${k}` : k);
  if (schema.properties) {
    for (const [k, v] of Object.entries(fields)) {
      const prop = schema.properties[k];
      if (!prop) {
        found.push(child(k));
        delete fields[k];
      } else if (isObject(v)) {
        walk(prop, v, child(k), found);
      }
    }
  } else if (typeof schema.additionalProperties === 'object') {
    const elem = schema.additionalProperties;
    for (const [k, v] of Object.entries(fields)) if (isObject(v)) walk(elem, v, child(k), found);
  }
}

/** Only objects and arrays can hold unknown fields. */
function isObject(v: unknown): boolean {
  return v !== null && typeof v === 'object';
}
