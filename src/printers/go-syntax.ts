// How Go's fmt and encoding/json render JSON values decoded into interface{} (int64 for integral
// numbers, float64 otherwise), for output that must match kubectl's byte for byte.
import { compareGoStrings, formatGoFloat, formatGoNumber, toGoString } from './go-format.js';

/** A float64 whose value happens to be integral: a JSONPath literal such as `1.0`. */
export class GoFloat {
  constructor(readonly value: number) {}
}

const JSON_HTML: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** encoding/json.Marshal: compact, map keys sorted, HTML characters escaped. */
export function goJsonCompact(value: unknown): string {
  if (value instanceof GoFloat) return JSON.stringify(value.value);
  if (typeof value === 'string') return jsonString(value);
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(goJsonCompact).join(',')}]`;
  const entries = Object.entries(value).sort(([a], [b]) => compareGoStrings(a, b));
  return `{${entries.map(([k, v]) => `${jsonString(k)}:${goJsonCompact(v)}`).join(',')}}`;
}

function jsonString(s: string): string {
  return JSON.stringify(toGoString(s)).replace(/[<>&\u2028\u2029]/g, (c) => JSON_HTML[c]!);
}

/** fmt's %v: map[k:v] with sorted keys, [a b], <nil>. */
export function goSprint(value: unknown): string {
  if (value instanceof GoFloat) return formatGoFloat(value.value);
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'number') return formatGoNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goSprint).join(' ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareGoStrings(a, b));
  return `map[${entries.map(([k, v]) => `${k}:${goSprint(v)}`).join(' ')}]`;
}

/** fmt's %#v of a value held in an interface{}: map[string]interface {}{"k":"v"}, []interface {}{1}. */
export function goSyntax(value: unknown): string {
  if (value instanceof GoFloat) return formatGoFloat(value.value);
  if (value === null || value === undefined) return 'interface {}(nil)';
  if (typeof value === 'number') return formatGoNumber(value);
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSyntax).join(', ')}}`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareGoStrings(a, b));
  return `map[string]interface {}{${entries.map(([k, v]) => `${goQuote(k)}:${goSyntax(v)}`).join(', ')}}`;
}

const QUOTE_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };

/** strconv.Quote: printable characters kept, the rest escaped the way Go escapes them. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of toGoString(s)) {
    const code = ch.codePointAt(0)!;
    if (QUOTE_ESCAPES[ch]) out += QUOTE_ESCAPES[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (/[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(ch)) out += ch;
    else if (code > 0xffff) out += `\\U${code.toString(16).padStart(8, '0')}`;
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}
