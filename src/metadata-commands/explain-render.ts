// kubectl explain's plaintext output (explain/v2/templates/plaintext.tmpl), rendered from a group
// version's OpenAPI v3 document: a pure function of the document, the resource and the field path.
import { CliError } from '../client/errors.js';
import { wrapWords } from './word-wrap.js';

type Schema = Record<string, any>;
type Doc = Record<string, any>;

export interface ExplainTarget { group: string; version: string; resource: string }

const indent = (amount: number, text: string) => {
  const pad = ' '.repeat(amount);
  return pad + text.replaceAll('\n', '\n' + pad);
};

const isSchemaObject = (v: unknown): v is Schema => !!v && typeof v === 'object' && !Array.isArray(v);

function resolveRef(ref: unknown, doc: Doc): Schema | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  let cur: any = doc;
  for (const part of ref.slice(1).split('/')) {
    if (!part) continue;
    cur = cur?.[part];
    if (!isSchemaObject(cur)) return undefined;
  }
  return cur;
}

/** The x-kubernetes-group-version-kind of the resource's REST paths. */
function findGvk(doc: Doc, t: ExplainTarget): Schema | undefined {
  const prefix = t.group ? `/apis/${t.group}` : '/api';
  const paths = [
    `${prefix}/${t.version}/${t.resource}`, `${prefix}/${t.version}/${t.resource}/{name}`,
    `${prefix}/${t.version}/namespaces/{namespace}/${t.resource}`, `${prefix}/${t.version}/namespaces/{namespace}/${t.resource}/{name}`,
  ];
  let gvk: Schema | undefined;
  for (const p of paths) {
    const item = doc.paths?.[p];
    if (!item) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const found = item[method]?.['x-kubernetes-group-version-kind'];
      if (found) {
        gvk = found;
        break;
      }
    }
  }
  return gvk;
}

const sameGvk = (a: Schema, b: Schema) =>
  Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => a[k] === b[k]);

/** kubectl's output; a failure after the header still prints the header (to stdout) first. */
export interface ExplainOutput { text: string; error?: string }

export function renderExplain(doc: Doc, t: ExplainTarget, fieldPath: string[], recursive: boolean): ExplainOutput {
  const gvk = findGvk(doc, t);
  if (!gvk) throw new CliError(`error: GVR (${t.group ? `${t.group}/` : ''}${t.version}, Resource=${t.resource}) not found in OpenAPI schema`);
  let out = '';
  if (gvk.group) out += `GROUP:      ${gvk.group}\n`;
  out += `KIND:       ${gvk.kind}\nVERSION:    ${gvk.version}\n\n`;
  const schemas: Record<string, Schema> = doc.components?.schemas ?? {};
  const name = Object.keys(schemas).sort().find((n) => (schemas[n]['x-kubernetes-group-version-kind'] ?? []).some((g: Schema) => sameGvk(g, gvk)));
  if (!name) return { text: out, error: `error: GVK ${gvk.group ? `${gvk.group}/` : ''}${gvk.version}, Kind=${gvk.kind} not found in OpenAPI schema` };
  const body = new Renderer(doc, recursive).output(schemas[name], fieldPath, new Set());
  if (!body) return { text: out, error: `error: field "${fieldPath[fieldPath.length - 1]}" does not exist` };
  return { text: out + body + '\n' };
}

class Renderer {
  constructor(private readonly doc: Doc, private readonly recursive: boolean) {}

  private resolved(schema: Schema): Schema {
    return resolveRef(schema.$ref, this.doc) ?? schema;
  }

  output(schema: Schema, fieldPath: string[], history: Set<string>): string {
    const ref: string = schema.$ref ?? '';
    const next = new Set(history).add(ref);
    const resolved = this.resolved(schema);
    if (fieldPath.length === 0) {
      let out = 'DESCRIPTION:\n' + indent(4, wrapWords(this.description(resolved) || '<empty>', 76)) + '\n';
      const fields = this.fieldList(resolved, 1, new Set());
      if (fields) out += 'FIELDS:\n' + fields;
      return out;
    }
    if (ref && history.has(ref)) return '';
    const [first, ...rest] = fieldPath;
    const sub = isSchemaObject(resolved.properties) ? resolved.properties[first] : undefined;
    if (sub) {
      let out = '';
      if (rest.length === 0) out += `FIELD: ${first} <${this.typeGuess(sub)}>\n${this.enumText(sub, true, -1, 0)}\n\n`;
      return out + this.output(sub, rest, new Set());
    }
    if (isSchemaObject(resolved.items)) return this.output(resolved.items, fieldPath, next);
    if (isSchemaObject(resolved.additionalProperties)) return this.output(resolved.additionalProperties, fieldPath, next);
    for (const alternative of resolved.allOf ?? []) {
      const out = this.output(alternative, fieldPath, next);
      if (out) return out;
    }
    return '';
  }

  private description(schema: Schema): string {
    const s = this.resolved(schema);
    let out = s.description ? s.description + '\n' : '';
    for (const alternative of s.allOf ?? []) out += this.description(alternative);
    if (isSchemaObject(s.items)) out += this.description(s.items);
    if (isSchemaObject(s.additionalProperties)) out += this.description(s.additionalProperties);
    return out;
  }

  private fieldList(schema: Schema, level: number, history: Set<string>): string {
    const ref: string = schema.$ref ?? '';
    if (ref && history.has(ref)) return '';
    const next = new Set(history).add(ref);
    const resolved = this.resolved(schema);
    let out = '';
    const properties: Record<string, Schema> = isSchemaObject(resolved.properties) ? resolved.properties : {};
    for (const name of Object.keys(properties).sort()) {
      out += this.fieldDetail(name, resolved, level);
      if (this.recursive) out += this.fieldList(properties[name], level + 1, next);
    }
    for (const alternative of resolved.allOf ?? []) out += this.fieldList(alternative, level, next);
    if (isSchemaObject(resolved.items)) out += this.fieldList(resolved.items, level, next);
    if (isSchemaObject(resolved.additionalProperties)) out += this.fieldList(resolved.additionalProperties, level, next);
    return out;
  }

  private fieldDetail(name: string, parent: Schema, level: number): string {
    const amount = level * 2;
    const field: Schema = parent.properties[name];
    let out = `${indent(amount, name)}\t<${this.typeGuess(field)}>`;
    if ((parent.required ?? []).includes(name)) out += ' -required-';
    out += this.enumText(field, false, 4, amount) + '\n';
    if (!this.recursive) out += indent(amount + 2, wrapWords(field.description || '<no description>', 78 - amount)) + '\n\n';
    return out;
  }

  typeGuess(schema: Schema): string {
    if (isSchemaObject(schema.items)) return '[]' + this.typeGuess(schema.items);
    if (isSchemaObject(schema.additionalProperties)) return 'map[string]' + this.typeGuess(schema.additionalProperties);
    if (schema.allOf && !schema.properties && schema.allOf.length === 1) return this.typeGuess(schema.allOf[0]);
    if (schema.$ref) {
      const target = resolveRef(schema.$ref, this.doc);
      if (!target || !target.type || target.type === 'object') return String(schema.$ref).split('/').pop()!.split('.').pop() || 'Object';
      return target.type;
    }
    return schema.type === 'object' ? 'Object' : schema.type || 'Object';
  }

  private enumText(schema: Schema, longView: boolean, limit: number, indentAmount: number): string {
    if (!Array.isArray(schema.enum) || schema.enum.length === 0) return '';
    let out = longView ? 'ENUM:' : '\n' + ' '.repeat(indentAmount) + 'enum: ';
    for (const [i, value] of schema.enum.entries()) {
      if (limit > -1 && i >= limit) {
        out += ', ....';
        break;
      }
      if (i > 0 && !longView) out += ', ';
      else if (longView) out += '\n    ';
      out += value === '' ? '""' : String(value);
    }
    return out;
  }
}
