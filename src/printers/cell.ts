// How kubectl's table printer renders one cell of a server-side Table.
import { compareGoStrings, formatGoNumber } from './go-format.js';

/**
 * A cell as kubectl prints it: nothing for null, a string cut at its first line break (then "..."),
 * anything else in Go's %v form ("[a b]", "map[k:v]", "1e+06"); terminal escapes are defused.
 */
export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') {
    const cut = v.search(/[\f\n\r]/);
    return cut < 0 ? escapeTerminal(v) : `${escapeTerminal(v.slice(0, cut))}...`;
  }
  return escapeTerminal(goSprint(v));
}

// kubectl's WriteEscaped: cells must not be able to drive the terminal (CVE-2021-25743).
function escapeTerminal(s: string): string {
  return s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r');
}

/** fmt.Sprint of a JSON value decoded the way Kubernetes' unstructured decoding does it. */
function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return formatGoNumber(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => compareGoStrings(a, b));
  return `map[${entries.map(([k, x]) => `${k}:${goSprint(x)}`).join(' ')}]`;
}
