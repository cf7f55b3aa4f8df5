// kubectl's resource builder input side: manifests from files, directories (-R), URLs and stdin,
// split into documents, Lists flattened.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { isCollection, parseAllDocuments, visit, type Document } from 'yaml';
import { CliError } from './client/errors.js';

export interface Manifest {
  /** The file name as given (or "STDIN", or the URL): kubectl's source in messages. */
  source: string;
  object: Record<string, any>;
}

const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);

export interface ReadOptions {
  recursive?: boolean;
  readStdin?: () => Promise<string>;
}

/** Read every document of every -f argument, in order; any problem is a CliError and nothing is returned. */
export async function readManifests(filenames: string[], opts: ReadOptions = {}): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const name of filenames) {
    if (name === '-') {
      out.push(...parseManifests(await (opts.readStdin ?? readStdin)(), 'STDIN'));
    } else if (/^https?:\/\//.test(name)) {
      out.push(...parseManifests(await fetchText(name), name));
    } else {
      for (const file of expandPath(name, !!opts.recursive, true)) out.push(...parseManifests(readText(file), file));
    }
  }
  return out;
}

function expandPath(path: string, recursive: boolean, top: boolean): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new CliError(`error: the path "${path}" does not exist`);
  }
  if (!st.isDirectory()) return top || EXTENSIONS.has(extname(path)) ? [path] : [];
  if (!top && !recursive) return [];
  return readdirSync(path).sort().flatMap((entry) => {
    const child = join(path, entry);
    const isDir = isDirectory(child);
    if (isDir) return recursive ? expandPath(child, recursive, false) : [];
    return EXTENSIONS.has(extname(entry)) ? [child] : [];
  });
}

// A dangling or looping link (or an entry removed since the listing) counts as a file: reading it
// then names the problem.
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

// Go's words for the errno values a file can vanish or loop with.
const GO_ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  ENOENT: 'no such file or directory',
  ELOOP: 'too many levels of symbolic links',
  EISDIR: 'is a directory',
};

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new CliError(`error: open ${file}: ${GO_ERRNO_TEXT[code] ?? (e as Error).message}`);
  }
}

async function fetchText(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow' });
  } catch (e) {
    throw new CliError(`error: unable to read URL "${url}", server reported ${(e as Error).message}`);
  }
  if (!res.ok) throw new CliError(`error: unable to read URL "${url}", server reported ${res.status} ${res.statusText}, status code=${res.status}`);
  return res.text();
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/** Split a YAML or JSON stream into objects; List kinds contribute their items. */
export function parseManifests(text: string, source: string): Manifest[] {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const out: Manifest[] = [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line;
      const message = goYamlWords(err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
      throw new CliError(`error: error parsing ${source}: error converting YAML to JSON: yaml: ${line ? `line ${line}: ` : ''}${message}`);
    }
    rejectCollectionKeys(doc, source);
    let value;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // Aliases that expand without bound (billion laughs) are refused, never expanded.
      throw new CliError(`error: error parsing ${source}: error converting YAML to JSON: yaml: ${goYamlWords((e as Error).message)}`);
    }
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new CliError(`error: error parsing ${source}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`);
    }
    if (!value.kind) {
      throw new CliError(`error: unable to decode "${source}": Object 'Kind' is missing in '${JSON.stringify(value)}'`);
    }
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      for (const item of value.items) out.push({ source, object: item });
    } else {
      out.push({ source, object: value });
    }
  }
  return out;
}

/** go-yaml's words for the limits it enforces, where our parser reports the same condition in its own. */
function goYamlWords(message: string): string {
  if (/Excessive alias count/.test(message)) return 'document contains excessive aliasing';
  if (/Maximum call stack size exceeded/.test(message)) return 'exceeded max depth of 10000';
  return message;
}

/** JSON has only string keys: go-yaml refuses a mapping or sequence used as a key (ours would stringify it). */
function rejectCollectionKeys(doc: Document, source: string): void {
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key)) {
        throw new CliError(`error: error parsing ${source}: error converting YAML to JSON: yaml: invalid map key: ${goInterfaceSyntax(pair.key.toJSON())}`);
      }
    },
  });
}

/** Go's %#v of a value go-yaml decoded into interface{}. */
function goInterfaceSyntax(v: unknown): string {
  if (Array.isArray(v)) return `[]interface {}{${v.map(goInterfaceSyntax).join(', ')}}`;
  if (v && typeof v === 'object') {
    const entries = Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${goInterfaceSyntax((v as Record<string, unknown>)[k])}`);
    return `map[interface {}]interface {}{${entries.join(', ')}}`;
  }
  if (v === null || v === undefined) return 'interface {}(nil)';
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
