// kubectl get --sort-by: order objects (or a Table's rows, by their full objects) by the first value
// a JSONPath finds, comparing numbers, times as strings, and quantities ("2" < "10", "500m" < "1").
import { goQuote } from './go-syntax.js';
import { compareGoStrings } from './go-format.js';
import { JsonPath } from './jsonpath.js';

export class SortError extends Error {}

/**
 * Items sorted by the path's value in each item's object. Throws SortError when no object has the
 * field, or when two values cannot be compared (kubectl exits on those too).
 */
export function sortByJsonPath<T>(items: T[], field: string, objectOf: (item: T) => unknown): T[] {
  const parser = new JsonPath(field, true);
  const keys = items.map((item) => {
    const groups = parser.findResults(objectOf(item));
    return groups.length > 0 && groups[0]!.length > 0 ? { value: groups[0]![0] } : undefined;
  });
  if (items.length > 0 && !keys.some(Boolean)) {
    throw new SortError(`couldn't find any field with path ${goQuote(field)} in the list of objects`);
  }
  // kubectl's Less: an item without the field sorts before anything, even another without it.
  const less = (i: number, j: number): boolean => {
    if (!keys[i]) return true;
    if (!keys[j]) return false;
    return isLess(keys[i].value, keys[j].value, field);
  };
  const order = items.map((_, i) => i);
  // Go's sort.Sort is an insertion sort up to 12 elements; larger inputs are sorted stably here,
  // which can order equal keys differently from Go's pdqsort.
  if (order.length <= 12) {
    for (let i = 1; i < order.length; i++) {
      for (let j = i; j > 0 && less(order[j]!, order[j - 1]!); j--) [order[j], order[j - 1]] = [order[j - 1]!, order[j]!];
    }
  } else {
    order.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
  }
  return order.map((i) => items[i]!);
}

function isLess(a: unknown, b: unknown, field: string): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = parseQuantity(a);
    const qb = parseQuantity(b);
    return qa !== undefined && qb !== undefined ? qa < qb : compareGoStrings(a, b) < 0;
  }
  if (typeof a === 'number' && typeof b === 'number' && Number.isInteger(a) === Number.isInteger(b)) return a < b;
  const kind = typeof a === 'string' || typeof a === 'number' ? 'unsortable interface: interface' : `unsortable type: ${goType(a)}`;
  throw new SortError(`Field ${field} is an unsortable type: interface, err: ${kind}`);
}

function goType(v: unknown): string {
  if (typeof v === 'boolean') return 'bool';
  if (v === null || v === undefined) return '<nil>';
  return Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}';
}

const SUFFIXES: Record<string, number> = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
};

/** resource.ParseQuantity's accepted forms, as a number; undefined when the text is not a quantity. */
export function parseQuantity(text: string): number | undefined {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(.*)$/.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  const suffix = m[2]!;
  if (suffix in SUFFIXES) return value * SUFFIXES[suffix]!;
  const exponent = /^[eE]([+-]?\d+)$/.exec(suffix);
  return exponent ? value * 10 ** Number(exponent[1]) : undefined;
}
