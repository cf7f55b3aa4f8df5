// Go's textual forms of numbers and strings, as kubectl (a Go program) produces them.

const INT64_MIN = -(2 ** 63);
const INT64_LIMIT = 2 ** 63;
const UINT64_LIMIT = 2 ** 64;

/** strconv.FormatFloat(f, 'g', -1, 64), which is also what fmt's %v prints for a float64. */
export function formatGoFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  // toExponential() without digits gives the shortest round-tripping digits, as Go's shortest mode does.
  const [mantissa, exponentText] = n.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  const sign = n < 0 ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  // In shortest mode Go switches to %e when the exponent is < -4 or >= 6 (not 21 as in JSON).
  if (exponent < -4 || exponent >= 6) {
    const fraction = digits.slice(1);
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${digits[0]}${fraction ? `.${fraction}` : ''}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  const pointAt = exponent + 1;
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return `${sign}${digits}${'0'.repeat(pointAt - digits.length)}`;
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

/**
 * A JSON number as Kubernetes' unstructured decoding holds it (int64 when integral, float64 otherwise),
 * printed with fmt's %v.
 */
export function formatGoNumber(n: number): string {
  if (Number.isInteger(n) && n >= INT64_MIN && n < INT64_LIMIT) return BigInt(n).toString();
  return formatGoFloat(n);
}

/**
 * A JSON number as sigs.k8s.io/yaml renders it: go-yaml re-reads Go's JSON text, so integers up to
 * uint64 stay integers and everything else becomes a float64 printed with 'g'.
 */
export function formatYamlNumber(n: number): string {
  if (Number.isInteger(n) && n >= INT64_MIN && n < UINT64_LIMIT) return BigInt(n).toString();
  return formatGoFloat(n);
}

/** Go strings are UTF-8: a lone UTF-16 surrogate cannot survive decoding and becomes U+FFFD. */
export function toGoString(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Byte-wise UTF-8 order (Go's string <), which is code point order, not UTF-16 unit order. */
export function compareGoStrings(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < x.length && i < y.length; i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
