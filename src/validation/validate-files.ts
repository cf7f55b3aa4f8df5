// `tkctl validate`: every problem of every document of the given files, with file, document,
// line and path, without a cluster. Documents are read one by one, so a YAML error in one
// document does not hide the problems of the others.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { LineCounter, parseAllDocuments, type Node } from 'yaml';
import { CliError } from '../client/errors.js';
import { lineOf } from './lines.js';
import { fieldPath, type Problem, type Segment } from './problem.js';
import { validateObject } from './validate.js';

export interface Finding {
  file: string;
  /** 1-based, as the documents of the file come. */
  document: number;
  line: number;
  kind?: string;
  name?: string;
  /** The field, as Kubernetes prints paths; empty for the whole document. */
  path: string;
  type: 'YAMLError' | 'NotAnObject' | 'MissingKind' | 'DecodeError' | 'UnknownField' | 'Invalid';
  message: string;
}

export interface ValidationResult {
  documents: number;
  findings: Finding[];
}

const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);
const TYPES = { decode: 'DecodeError', unknown: 'UnknownField', invalid: 'Invalid' } as const;

/** The files -f names: a file as given, a directory's manifests (its subdirectories' with -R). */
export function expandFiles(path: string, recursive: boolean): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new CliError(`error: the path "${path}" does not exist`);
  }
  if (!st.isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((entry) => {
    const child = join(path, entry);
    if (statSync(child).isDirectory()) return recursive ? expandFiles(child, true) : [];
    return EXTENSIONS.has(extname(entry)) ? [child] : [];
  });
}

export function validateText(text: string, file: string): ValidationResult {
  const lines = new LineCounter();
  const findings: Finding[] = [];
  let documents = 0;
  for (const doc of parseAllDocuments(text, { lineCounter: lines })) {
    documents++;
    const at = (offset: number | undefined) => lines.linePos(offset ?? 0).line;
    const base = { file, document: documents };
    if (doc.errors.length) {
      for (const e of doc.errors) {
        findings.push({ ...base, line: at(e.pos[0]), path: '', type: 'YAMLError', message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') });
      }
      continue;
    }
    const value = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) {
      documents--;
      continue;
    }
    const root = doc.contents as Node | null;
    if (typeof value !== 'object' || Array.isArray(value)) {
      findings.push({ ...base, line: at(root?.range?.[0]), path: '', type: 'NotAnObject', message: `json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}` });
      continue;
    }
    const isList = typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items);
    const objects: Array<[Record<string, any>, Segment[]]> = isList ? value.items.map((item: any, i: number) => [item, ['items', i]]) : [[value, []]];
    for (const [obj, prefix] of objects) {
      if (!obj || typeof obj !== 'object' || !obj.kind) {
        findings.push({ ...base, line: lineOf(root, prefix, lines), path: fieldPath(prefix), type: 'MissingKind', message: "Object 'Kind' is missing" });
        continue;
      }
      for (const p of validateObject(obj) ?? []) findings.push(finding(p, obj, prefix, { ...base, line: lineOf(root, [...prefix, ...p.path], lines) }));
    }
  }
  return { documents, findings };
}

function finding(p: Problem, obj: Record<string, any>, prefix: Segment[], at: Pick<Finding, 'file' | 'document' | 'line'>): Finding {
  const name = obj.metadata?.name ? { name: String(obj.metadata.name) } : {};
  return { ...at, kind: String(obj.kind), ...name, path: fieldPath([...prefix, ...p.path]), type: TYPES[p.stage], message: p.message };
}

export function validateFiles(paths: string[], recursive: boolean, readStdin: () => string): ValidationResult {
  const result: ValidationResult = { documents: 0, findings: [] };
  for (const path of paths) {
    const files = path === '-' ? ['-'] : expandFiles(path, recursive);
    for (const file of files) {
      const one = validateText(file === '-' ? readStdin() : readFileSync(file, 'utf8'), file === '-' ? 'STDIN' : file);
      result.documents += one.documents;
      result.findings.push(...one.findings);
    }
  }
  return result;
}

/** One line a finding: `file:line: document N (Kind name): path: message`. */
export function formatFindings(findings: Finding[]): string {
  return findings.map((f) => {
    const what = f.kind ? ` (${f.kind}${f.name ? ` ${f.name}` : ''})` : '';
    // An unknown field's message already names its path.
    const path = f.path && (f.type === 'DecodeError' || f.type === 'Invalid') ? `${f.path}: ` : '';
    return `${f.file}:${f.line}: document ${f.document}${what}: ${path}${f.message}\n`;
  }).join('');
}
