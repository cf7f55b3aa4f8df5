// resource.ParseQuantity's verdict on a quantity's text (k8s.io/apimachinery/pkg/api/resource):
// the same scan, so the same one of its three errors for the same input.

const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const NUMERIC = 'unable to parse numeric part of quantity';
const SUFFIX = "unable to parse quantity's suffix";

const DIGIT = /[0-9]/;
const SUFFIX_CHAR = /[eEinumkKMGTP]/;
const BINARY_EXPONENTS: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXPONENTS: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const INT64_MAX = 2n ** 63n - 1n;

interface Scanned { value: string; num: string; denom: string; suffix: string }

/** parseQuantityString: sign, digits, optional fraction, then a suffix of letters and an optional exponent. */
function scan(str: string): Scanned | undefined {
  const end = str.length;
  let pos = str[0] === '-' || str[0] === '+' ? 1 : 0;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && DIGIT.test(str[i])) i++;
  if (i >= end) return { value: str, num: str.slice(pos), denom: '', suffix: '' };
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    i = ++pos;
    while (i < end && DIGIT.test(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && SUFFIX_CHAR.test(str[pos])) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && DIGIT.test(str[pos])) pos++;
  if (pos < end) return undefined;
  return { value, num, denom, suffix: str.slice(suffixStart) };
}

/** quantitySuffixer.interpret: the base and exponent a suffix stands for. */
function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number } | undefined {
  if (Object.hasOwn(BINARY_EXPONENTS, suffix)) return { base: 2, exponent: BINARY_EXPONENTS[suffix] };
  if (Object.hasOwn(DECIMAL_EXPONENTS, suffix)) return { base: 10, exponent: DECIMAL_EXPONENTS[suffix] };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[-+]?[0-9]+$/.test(suffix.slice(1))) {
    const exponent = BigInt(suffix.slice(1));
    if (exponent > INT64_MAX || exponent < -INT64_MAX - 1n) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, exponent)) };
  }
  return undefined;
}

/** The error ParseQuantity returns for `text`, or undefined when it parses. */
export function quantityError(text: string): string | undefined {
  if (text.length === 0) return FORMAT_WRONG;
  if (text === '0') return undefined;
  const scanned = scan(text);
  if (!scanned) return FORMAT_WRONG;
  const suffix = interpretSuffix(scanned.suffix);
  if (!suffix) return SUFFIX;
  const { num, denom } = scanned;
  const fastPath = suffix.base === 10
    ? 18 - (num.length + denom.length) >= 0 && suffix.exponent - denom.length >= -9
    : denom.length === 0 && 15 - num.length - Math.trunc((suffix.exponent * 3) / 10) - 1 >= 0;
  // The slow path hands the numeric part to inf.Dec, which wants at least one digit.
  if (!fastPath && !/[0-9]/.test(scanned.value)) return NUMERIC;
  return undefined;
}
