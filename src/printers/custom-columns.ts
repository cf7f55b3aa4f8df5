// kubectl's -o custom-columns and -o custom-columns-file printer: one column per JSONPath.
import { goSprint } from './go-syntax.js';
import { JsonPath } from './jsonpath.js';

export interface Column {
  header: string;
  /** A complete JSONPath template, e.g. {.metadata.name}. */
  fieldSpec: string;
}

/** kubectl's RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all become `{.a.b}`. */
export function relaxedJsonPath(expression: string): string {
  if (expression === '') return '';
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expression);
  if (!m) throw new Error("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1] ?? m[2]}}`;
}

/** Columns from `NAME:.metadata.name,PHASE:.status.phase`. */
export function parseCustomColumns(spec: string): Column[] {
  if (spec === '') throw new Error('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) throw new Error(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), fieldSpec: relaxedJsonPath(part.slice(colon + 1)) };
  });
}

/** Columns from a file: a line of headers, then a line of paths, both split on white space. */
export function parseCustomColumnsFile(text: string): Column[] {
  // bufio.Scanner's lines: a final newline does not start another line.
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines[lines.length - 1] === '') lines.pop();
  const format = 'Expected format is one line of space separated headers, one line of space separated column specs.';
  if (lines.length < 1) throw new Error(`invalid template, missing header line. ${format}`);
  if (lines.length < 2) throw new Error(`invalid template, missing spec line. ${format}`);
  const headers = words(lines[0]!);
  const specs = words(lines[1]!);
  if (headers.length !== specs.length) {
    throw new Error(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  }
  return headers.map((header, i) => ({ header, fieldSpec: relaxedJsonPath(specs[i]!) }));
}

const words = (line: string): string[] => line.split(/[\s\u0085\u00a0]+/u).filter(Boolean);

/**
 * The tab-separated lines for these objects (align them with alignColumns). A column with no
 * value shows <none>; several values are joined by commas.
 */
export function customColumnsText(columns: Column[], objects: unknown[], withHeaders: boolean): string {
  const parsers = columns.map((c) => new JsonPath(c.fieldSpec, true));
  const lines = withHeaders ? [columns.map((c) => c.header).join('\t')] : [];
  for (const obj of objects) {
    lines.push(parsers.map((p) => cellOf(p.findResults(obj))).join('\t'));
  }
  return lines.map((l) => `${l}\n`).join('');
}

function cellOf(groups: unknown[][]): string {
  const values: string[] = groups.length === 0 || groups[0]!.length === 0 ? ['<none>'] : [];
  for (const group of groups) for (const v of group) values.push(goSprint(v).replaceAll('\x1b', '^[').replaceAll('\r', '\\r'));
  return values.join(',');
}
