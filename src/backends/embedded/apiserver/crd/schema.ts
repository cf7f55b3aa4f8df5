// A custom resource against its version's openAPIV3Schema, in the order apiextensions-apiserver
// applies it: pruning of unknown fields (reported like strict decoding's unknown fields), then
// defaulting, then validation with kube-openapi's messages ("spec.replicas in body must be of
// type integer: \"string\"") turned into field errors.
import type { FieldError } from '../status.js';
import { invalid, notSupported, required, tooLong } from '../admission/field-errors.js';
import { dropUnknownFieldsBySchema } from '../unknown-fields.js';
import type { JsonSchemaProps } from './definition.js';

type Schema = JsonSchemaProps;
type Json = Record<string, unknown>;

const OBJECT_META = { $ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const child = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * Removes the fields the schema does not specify and returns their paths; apiVersion, kind and
 * metadata of the object (and of embedded resources) are always kept, metadata checked as ObjectMeta.
 */
export function pruneUnknownFields(schema: Schema | undefined, obj: Json): string[] {
  const found: string[] = [];
  if (isObject(obj.metadata)) found.push(...dropUnknownFieldsBySchema(OBJECT_META, obj.metadata, 'metadata'));
  if (schema) prune(schema, obj, '', true, found);
  return found;
}

function prune(schema: Schema, value: unknown, path: string, resource: boolean, found: string[]): void {
  if (schema['x-kubernetes-preserve-unknown-fields'] && !schema.properties && !schema.items && !isObject(schema.additionalProperties)) return;
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((v, i) => prune(schema.items!, v, `${path}[${i}]`, false, found));
    return;
  }
  if (!isObject(value)) return;
  const embedded = resource || schema['x-kubernetes-embedded-resource'] === true;
  for (const [k, v] of Object.entries(value)) {
    if (embedded && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) continue;
    const prop = schema.properties?.[k] ?? (isObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
    if (prop) prune(prop, v, child(path, k), false, found);
    else if (!schema['x-kubernetes-preserve-unknown-fields'] && schema.additionalProperties !== true) {
      found.push(child(path, k));
      delete value[k];
    }
  }
}

/** Fills in the schema's defaults for fields that are missing, as the structural defaulter does. */
export function applySchemaDefaults(schema: Schema | undefined, value: unknown): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    if (schema.items) for (const v of value) applySchemaDefaults(schema.items, v);
    return;
  }
  if (!isObject(value)) return;
  for (const [k, prop] of Object.entries(schema.properties ?? {})) {
    if (value[k] === undefined && prop.default !== undefined) value[k] = structuredClone(prop.default);
    applySchemaDefaults(prop, value[k]);
  }
  if (isObject(schema.additionalProperties)) {
    for (const [k, v] of Object.entries(value)) if (!schema.properties?.[k]) applySchemaDefaults(schema.additionalProperties, v);
  }
}

/** kube-openapi's validation of `value` at `path` ("" for the object itself). */
export function validateSchema(schema: Schema | undefined, value: unknown, path = ''): FieldError[] {
  if (!schema) return [];
  const errs: FieldError[] = [];
  const name = path || '.';
  const fail = (message: string, bad: unknown = value) => errs.push(invalid(name, bad, `${name} in body ${message}`));

  const typeError = typeProblem(schema, value);
  if (typeError) {
    errs.push(invalid(name, typeError.actual, `${name} in body must be of type ${typeError.expected}: "${typeError.actual}"`));
    return errs;
  }
  if (value === null || value === undefined) return errs;

  if (schema.enum && !schema.enum.some((e) => sameJson(e, value))) {
    errs.push(notSupported(name, value, schema.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))));
  }
  if (typeof value === 'number') {
    if (schema.maximum !== undefined && (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum)) {
      fail(`should be less than ${schema.exclusiveMaximum ? '' : 'or equal to '}${schema.maximum}`);
    }
    if (schema.minimum !== undefined && (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum)) {
      fail(`should be greater than ${schema.exclusiveMinimum ? '' : 'or equal to '}${schema.minimum}`);
    }
    if (schema.multipleOf && !Number.isInteger(value / schema.multipleOf)) fail(`should be a multiple of ${schema.multipleOf}`);
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.maxLength !== undefined && length > schema.maxLength) errs.push(tooLong(name, schema.maxLength));
    if (schema.minLength !== undefined && length < schema.minLength) fail(`should be at least ${schema.minLength} chars long`);
    const re = schema.pattern === undefined ? null : patternOf(schema.pattern);
    if (re && !re.test(value)) fail(`should match '${schema.pattern}'`);
  }
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((v, i) => errs.push(...validateSchema(schema.items, v, `${path}[${i}]`)));
    if (schema.minItems !== undefined && value.length < schema.minItems) fail(`should have at least ${schema.minItems} items`, value.length);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      errs.push({ type: 'Too many', field: name, value: value.length, detail: `must have at most ${schema.maxItems} items` });
    }
  }
  if (isObject(value)) {
    for (const k of schema.required ?? []) if (value[k] === undefined) errs.push(required(child(path, k)));
    for (const [k, v] of Object.entries(value)) {
      const prop = schema.properties?.[k] ?? (isObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
      if (prop) errs.push(...validateSchema(prop, v, child(path, k)));
    }
    const count = Object.keys(value).length;
    if (schema.minProperties !== undefined && count < schema.minProperties) fail(`should have at least ${schema.minProperties} properties`, count);
    if (schema.maxProperties !== undefined && count > schema.maxProperties) {
      errs.push({ type: 'Too many', field: name, value: count, detail: `must have at most ${schema.maxProperties} items` });
    }
  }
  for (const part of schema.allOf ?? []) errs.push(...validateSchema(part, value, path));
  return errs;
}

/** The JSON type name of a value, as kube-openapi infers it from the decoded data. */
function jsonType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : typeof value;
}

function typeProblem(schema: Schema, value: unknown): { expected: string; actual: string } | undefined {
  const expected = schema['x-kubernetes-int-or-string'] ? ['integer', 'string'] : schema.type ? [schema.type] : [];
  if (expected.length === 0) return undefined;
  const actual = jsonType(value);
  if (actual === 'null') return schema.nullable ? undefined : { expected: expected.join(','), actual };
  // An integer is a number; a float with an integral value is an integer (JSON cannot tell them apart).
  if (expected.includes(actual) || (actual === 'integer' && expected.includes('number'))) return undefined;
  return { expected: expected.join(','), actual };
}

const patterns = new Map<string, RegExp | null>();

function patternOf(pattern: string): RegExp | null {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
