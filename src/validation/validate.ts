// Validating one object against its kind's generated schema. Each group version's schemas are
// read and compiled on first use and kept for the life of the process.
import { SchemaCompiler, type Check } from './compile.js';
import type { Problem } from './problem.js';
import { groupVersionSchemas } from './schema-files.js';

const compilers = new Map<string, SchemaCompiler | undefined>();
const kindChecks = new Map<string, Check | undefined>();

function checkFor(apiVersion: string, kind: string): Check | undefined {
  const key = `${apiVersion}/${kind}`;
  if (kindChecks.has(key)) return kindChecks.get(key);
  let compiler = compilers.get(apiVersion);
  if (!compilers.has(apiVersion)) {
    const schemas = groupVersionSchemas(apiVersion);
    compiler = schemas && new SchemaCompiler(schemas);
    compilers.set(apiVersion, compiler);
  }
  const check = compiler?.kind(kind);
  kindChecks.set(key, check);
  return check;
}

/** Whether tkctl has a schema for the kind (built-in kinds do; custom resources do not). */
export function hasSchema(apiVersion: string, kind: string): boolean {
  return checkFor(apiVersion, kind) !== undefined;
}

/** Every problem of the object in document order, or undefined when its kind has no schema. */
export function validateObject(obj: Record<string, unknown>): Problem[] | undefined {
  const check = checkFor(String(obj.apiVersion ?? ''), String(obj.kind ?? ''));
  if (!check) return undefined;
  const walk = { path: [], goStruct: '', goFields: [], problems: [] };
  check(obj, walk);
  return walk.problems;
}
