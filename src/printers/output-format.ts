// The -o formats of `kubectl get` that print whole objects, chosen from the flag's value.
import { readFileSync } from 'node:fs';
import { customColumnsText, parseCustomColumns, parseCustomColumnsFile, type Column } from './custom-columns.js';
import { JsonPath, JsonPathError, JsonPathParseError, executeJsonPath } from './jsonpath.js';
import { printJson } from './json.js';
import { printName } from './name.js';
import { printYaml } from './yaml.js';

export const ALLOWED_FORMATS = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/** A printer of whole objects. `tabbed` output still has to go through the tabwriter. */
export interface ObjectPrinter {
  readonly tabbed: boolean;
  print(obj: unknown): string;
}

export class OutputFormatError extends Error {}

export interface FormatOptions {
  /** --template: the template when -o names only the format. */
  template?: string;
  allowMissingKeys?: boolean;
  noHeaders?: boolean;
}

/** undefined for the server-side table formats ("" and "wide"); throws OutputFormatError with kubectl's message. */
export function objectPrinter(output: string, opts: FormatOptions = {}): ObjectPrinter | undefined {
  if (output === '' || output === 'wide') return undefined;
  if (output === 'yaml') {
    let printed = 0;
    return { tabbed: false, print: (obj) => (printed++ > 0 ? '---\n' : '') + printYaml(obj) };
  }
  if (output === 'json') return { tabbed: false, print: (obj) => printJson(obj) };
  if (output === 'name') return { tabbed: false, print: (obj) => itemsOf(obj).map((o) => printName(o as Parameters<typeof printName>[0]) + '\n').join('') };
  const eq = output.indexOf('=');
  const format = eq < 0 ? output : output.slice(0, eq);
  const value = eq < 0 ? '' : output.slice(eq + 1);
  if (format === 'jsonpath' || format === 'jsonpath-file' || format === 'jsonpath-as-json') {
    return jsonPathPrinter(format, value || (opts.template ?? ''), opts.allowMissingKeys ?? true);
  }
  if (format === 'custom-columns' || format === 'custom-columns-file') {
    return columnsPrinter(format === 'custom-columns' ? parseCustomColumns(value) : parseCustomColumnsFile(readTemplate(value)), !!opts.noHeaders);
  }
  if (/^(go-template|go-template-file|template|templatefile)$/.test(format)) {
    throw new OutputFormatError(`${format} output is not supported by tkctl; use jsonpath or custom-columns`);
  }
  throw new OutputFormatError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${ALLOWED_FORMATS}`);
}

function jsonPathPrinter(format: string, value: string, allowMissingKeys: boolean): ObjectPrinter {
  if (value === '') throw new OutputFormatError('template format specified but no template given');
  let template = value;
  if (format === 'jsonpath-file') {
    try {
      template = readFileSync(value, 'utf8');
    } catch (e) {
      throw new OutputFormatError(`error reading --template ${value}, ${goFileError(e, value)}`);
    }
  }
  let jp: JsonPath;
  try {
    jp = new JsonPath(template, allowMissingKeys);
  } catch (e) {
    if (e instanceof JsonPathParseError) throw new OutputFormatError(`error parsing jsonpath ${template}, ${e.message}`);
    throw e;
  }
  return {
    tabbed: false,
    print: (obj) => {
      try {
        return executeJsonPath(jp, template, obj, format === 'jsonpath-as-json');
      } catch (e) {
        if (e instanceof JsonPathError) throw new OutputFormatError(e.message);
        throw e;
      }
    },
  };
}

function columnsPrinter(columns: Column[], noHeaders: boolean): ObjectPrinter {
  let headersPrinted = noHeaders;
  return {
    tabbed: true,
    print: (obj) => {
      const text = customColumnsText(columns, itemsOf(obj), !headersPrinted);
      headersPrinted = true;
      return text;
    },
  };
}

function readTemplate(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new OutputFormatError(`error reading template ${path}, ${goFileError(e, path)}`);
  }
}

function goFileError(e: unknown, path: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  const text = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
  return `open ${path}: ${text}`;
}

function itemsOf(obj: unknown): unknown[] {
  const o = obj as { kind?: string; items?: unknown[] };
  return typeof o?.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items) ? o.items : [obj];
}
