// Compiles a generated JSON Schema into a checking function, with the semantics of kube-apiserver's
// JSON decoder rather than plain JSON Schema: null is every type's zero value, a value of the
// wrong type is skipped (its insides are never looked at), and the custom unmarshalers
// (quantity, int-or-string, date-time) stop decoding at their first error. Definitions are
// compiled the first time a value reaches them, so a kind pays only for the fields it uses.
import { base64Error } from './base64.js';
import { fitsInteger, goStructName, goTypeOfDefinition, jsonValueWord, typeErrorMessage } from './go-json.js';
import { NAME_FORMATS } from './name-formats.js';
import { fieldPath, type Problem, type Segment } from './problem.js';
import { quantityError } from './quantity.js';
import type { GroupVersionSchemas, JsonSchema } from './schema-files.js';

/** Where the walk is: the JSON path, and encoding/json's error context (innermost struct, field names). */
export interface Walk {
  path: Segment[];
  goStruct: string;
  goFields: string[];
  problems: Problem[];
}

export type Check = (value: unknown, walk: Walk) => void;

interface Compiled {
  check: Check;
  goType: string;
}

const REF = '#/definitions/';
const accept: Check = () => {};

export class SchemaCompiler {
  private readonly definitions = new Map<string, Compiled>();

  constructor(private readonly schemas: GroupVersionSchemas) {}

  /** The check of a kind's entry point, or undefined when the group version has no such kind. */
  kind(kind: string): Check | undefined {
    const entry = this.schemas.kinds[kind];
    return entry && this.compile(entry).check;
  }

  private definition(name: string): Compiled {
    let compiled = this.definitions.get(name);
    if (compiled) return compiled;
    const schema = this.schemas.definitions[name];
    // Registered before compiling so that recursive definitions (JSONSchemaProps) find themselves.
    let check: Check = accept;
    compiled = { check: (v, w) => check(v, w), goType: structTypeOf(name, schema) };
    this.definitions.set(name, compiled);
    check = this.compile(schema, name).check;
    return compiled;
  }

  /** `definition` names the schema when it is a definition's own: a Go struct. */
  private compile(schema: JsonSchema, definition?: string): Compiled {
    if (schema.$ref) return this.definition(schema.$ref.slice(REF.length));
    const checks: Check[] = [];
    let goType = 'interface {}';
    // A kind's own keywords (its name rule) first: ValidateObjectMeta runs before the spec's checks.
    const own = this.own(schema, definition);
    if (own) {
      checks.push(own.check);
      goType = own.goType;
    }
    for (const part of schema.allOf ?? []) {
      const compiled = this.compile(part);
      checks.push(compiled.check);
      goType = compiled.goType;
    }
    if (checks.length === 1) return { check: checks[0], goType };
    return { check: (v, w) => { for (const c of checks) c(v, w); }, goType };
  }

  /** The schema's own keywords, without allOf. */
  private own(schema: JsonSchema, definition?: string): Compiled | undefined {
    switch (schema.format) {
      case 'quantity': return { check: checkQuantity, goType: 'resource.Quantity' };
      case 'int-or-string': return { check: checkIntOrString, goType: 'intstr.IntOrString' };
      case 'date-time': return { check: checkTime, goType: 'v1.Time' };
    }
    const nameCheck = schema.format ? NAME_FORMATS[schema.format] : undefined;
    if (nameCheck) return { check: checkName(nameCheck), goType: 'string' };
    switch (schema.type) {
      case 'string': return schema.format === 'byte' ? { check: checkBytes, goType: '[]uint8' } : scalar('string', 'string');
      case 'boolean': return scalar('boolean', 'bool');
      case 'number': return scalar('number', 'float64');
      case 'integer': return integer(schema.format === 'int32' || schema.format === 'int64' ? schema.format : 'int');
      case 'array': return this.array(schema);
      case 'object': return this.object(schema, definition);
    }
    if (schema.properties) return this.object(schema, definition);
    return undefined;
  }

  private array(schema: JsonSchema): Compiled {
    const items = schema.items ? this.compile(schema.items) : { check: accept, goType: 'interface {}' };
    const goType = `[]${items.goType}`;
    return {
      goType,
      check: (v, w) => {
        if (v === null || v === undefined) return;
        if (!Array.isArray(v)) return typeError(v, w, goType);
        for (let i = 0; i < v.length; i++) {
          w.path.push(i);
          items.check(v[i], w);
          w.path.pop();
        }
      },
    };
  }

  private object(schema: JsonSchema, definition?: string): Compiled {
    if (!schema.properties && typeof schema.additionalProperties !== 'object') {
      // RawExtension, FieldsV1: raw JSON kept as it came.
      return { check: accept, goType: 'map[string]interface {}' };
    }
    if (!schema.properties) {
      const values = this.compile(schema.additionalProperties as JsonSchema);
      const goType = `map[string]${values.goType}`;
      return {
        goType,
        check: (v, w) => {
          if (v === null || v === undefined) return;
          if (typeof v !== 'object' || Array.isArray(v)) return typeError(v, w, goType);
          for (const key of Object.keys(v)) {
            w.path.push(key);
            values.check((v as Record<string, unknown>)[key], w);
            w.path.pop();
          }
        },
      };
    }
    const properties = new Map<string, () => Compiled>();
    for (const [key, child] of Object.entries(schema.properties)) {
      let compiled: Compiled | undefined;
      properties.set(key, () => (compiled ??= this.compile(child)));
    }
    const struct = definition && goStructName(definition);
    const goType = definition ? goTypeOfDefinition(definition) : 'map[string]interface {}';
    const closed = schema.additionalProperties === false;
    const required = schema.required ?? [];
    // A bare `properties` (a kind's name rule on metadata) only adds checks to the typed ones.
    const typed = schema.type === 'object';
    return {
      goType,
      check: (v, w) => {
        if (v === null || v === undefined) return;
        if (typeof v !== 'object' || Array.isArray(v)) {
          if (typed) typeError(v, w, goType);
          return;
        }
        const fields = v as Record<string, unknown>;
        const outer = w.goStruct;
        if (struct) w.goStruct = struct;
        for (const key of Object.keys(fields)) {
          const property = properties.get(key);
          w.path.push(key);
          if (property) {
            w.goFields.push(key);
            property().check(fields[key], w);
            w.goFields.pop();
          } else if (closed) {
            w.problems.push({ stage: 'unknown', path: [...w.path], message: `unknown field "${fieldPath(w.path)}"` });
          }
          w.path.pop();
        }
        for (const key of required) {
          if (fields[key] === null || fields[key] === undefined) {
            w.problems.push({ stage: 'invalid', path: [...w.path, key], message: 'Required value', reason: 'FieldValueRequired' });
          }
        }
        w.goStruct = outer;
      },
    };
  }
}

function structTypeOf(name: string, schema: JsonSchema): string {
  if (schema.type === 'object' || schema.properties) return goTypeOfDefinition(name);
  return 'interface {}';
}

function typeError(value: unknown, w: Walk, goType: string, valueWord?: string, stopsDecoding = false): void {
  const problem: Problem = { stage: 'decode', path: [...w.path], message: typeErrorMessage(value, w.goStruct, w.goFields, goType, valueWord) };
  if (stopsDecoding) problem.stopsDecoding = true;
  w.problems.push(problem);
}

const JS_TYPES = { string: 'string', boolean: 'boolean', number: 'number' } as const;

function scalar(type: keyof typeof JS_TYPES, goType: string): Compiled {
  const jsType = JS_TYPES[type];
  return {
    goType,
    check: (v, w) => {
      if (v !== null && v !== undefined && typeof v !== jsType) typeError(v, w, goType);
    },
  };
}

function integer(goType: string): Compiled {
  return {
    goType,
    check: (v, w) => {
      if (v === null || v === undefined) return;
      if (typeof v !== 'number') typeError(v, w, goType);
      else if (!fitsInteger(v, goType)) typeError(v, w, goType, `number ${v}`);
    },
  };
}

/** encoding/json decodes base64 into []byte and reports a bad input byte without context. */
const checkBytes: Check = (v, w) => {
  if (v === null || v === undefined) return;
  if (typeof v !== 'string') return typeError(v, w, '[]uint8');
  const message = base64Error(v);
  if (message) w.problems.push({ stage: 'decode', path: [...w.path], message });
};

/** Quantity.UnmarshalJSON parses any JSON text: a string without its quotes, anything else as written. */
const checkQuantity: Check = (v, w) => {
  if (v === null || v === undefined) return;
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  const message = quantityError(text.trim());
  if (message) w.problems.push({ stage: 'decode', path: [...w.path], message, stopsDecoding: true });
};

/** IntOrString.UnmarshalJSON: a string, or else whatever an int32 takes. */
const checkIntOrString: Check = (v, w) => {
  if (v === null || v === undefined || typeof v === 'string') return;
  if (typeof v !== 'number') typeError(v, w, 'int32', undefined, true);
  else if (!fitsInteger(v, 'int32')) typeError(v, w, 'int32', `number ${v}`, true);
};

/** metav1.Time.UnmarshalJSON decodes a string first. */
const checkTime: Check = (v, w) => {
  if (v !== null && v !== undefined && typeof v !== 'string') typeError(v, w, 'string', jsonValueWord(v), true);
};

function checkName(rule: (name: string) => string[]): Check {
  return (v, w) => {
    if (typeof v !== 'string' || v === '') return;
    for (const detail of rule(v)) {
      w.problems.push({ stage: 'invalid', path: [...w.path], message: `Invalid value: ${JSON.stringify(v)}: ${detail}`, reason: 'FieldValueInvalid' });
    }
  };
}
