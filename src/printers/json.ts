// kubectl -o json: Go's json.MarshalIndent of an unstructured object.
import { compareGoStrings, toGoString } from './go-format.js';

// Go's encoder escapes HTML-significant characters and the JavaScript line terminators; JSON.stringify
// already escapes control characters the same way Go 1.22+ does (\b, \f, \n, \r, \t, \u00XX).
const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** The text `kubectl get -o json` prints: keys sorted, four-space indent, trailing newline. */
export function printJson(obj: unknown): string {
  const plain: unknown = JSON.parse(JSON.stringify(obj ?? null));
  return `${goJson(plain, '')}\n`;
}

// Written by hand rather than with JSON.stringify, which would put integer-like keys ("2", "10")
// first in numeric order whatever order they were inserted in.
function goJson(value: unknown, indent: string): string {
  if (typeof value === 'string') return goString(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + goJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).map(([k, v]): [string, unknown] => [toGoString(k), v]);
  if (entries.length === 0) return '{}';
  entries.sort(([a], [b]) => compareGoStrings(a, b));
  return `{\n${entries.map(([k, v]) => `${inner}${goString(k)}: ${goJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

function goString(s: string): string {
  return JSON.stringify(toGoString(s)).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]!);
}
