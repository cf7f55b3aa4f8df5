// Just enough of resource.Quantity for describe: parse, add, compare, and print a sum the way
// Quantity.String canonicalises it (the suffix family of the first term, the largest exact unit).

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

export interface Quantity {
  /** The amount in base units (cores, bytes). */
  value: number;
  binary: boolean;
}

export const ZERO: Quantity = { value: 0, binary: false };

export function parseQuantity(text: unknown): Quantity {
  const m = /^([+-]?[0-9.]+)(?:[eE]([+-]?\d+))?([a-zA-Z]*)$/.exec(String(text ?? '').trim());
  if (!m) return ZERO;
  const base = Number(m[1]) * (m[2] ? 10 ** Number(m[2]) : 1);
  const suffix = m[3] ?? '';
  if (suffix in BINARY) return { value: base * BINARY[suffix]!, binary: true };
  return { value: base * (DECIMAL[suffix] ?? 1), binary: false };
}

export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { value: a.value + b.value, binary: a.value === 0 && !a.binary ? b.binary : a.binary };
}

export const milliValue = (q: Quantity): number => Math.ceil(Math.round(q.value * 1e6) / 1e3);
export const intValue = (q: Quantity): number => Math.ceil(Math.round(q.value * 1e3) / 1e3);

export function formatQuantity(q: Quantity): string {
  if (q.value === 0) return '0';
  if (q.binary && Number.isInteger(q.value) && q.value >= 1024) {
    for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
      if (q.value % BINARY[suffix]! === 0) return `${q.value / BINARY[suffix]!}${suffix}`;
    }
  }
  if (q.binary && Number.isInteger(q.value)) return String(q.value);
  const milli = Math.round(q.value * 1e3);
  if (milli % 1000 !== 0) return `${milli}m`;
  let n = milli / 1000;
  const units = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
  let i = 0;
  while (n % 1000 === 0 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n}${units[i]}`;
}
