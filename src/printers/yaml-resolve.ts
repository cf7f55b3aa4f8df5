// Which strings go-yaml v2 (the YAML library under kubectl's -o yaml) would read back as something
// other than a string if written plain. Those are the strings it writes in double quotes.

// Spellings go-yaml v2 reads as bool, null, float or merge keys (YAML 1.1).
const RESERVED_WORDS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
  '<<',
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** True when go-yaml v2 must quote `s` because a plain scalar would not read back as this string. */
export function resolvesToNonString(s: string): boolean {
  return resolvesToOtherTag(s) || isBase60Float(s);
}

// go-yaml only looks further when the first character hints at a non-string value.
function resolvesToOtherTag(s: string): boolean {
  if (s === '') return true;
  const first = s[0]!;
  const isSignOrDigit = first === '+' || first === '-' || (first >= '0' && first <= '9');
  if (!isSignOrDigit && first !== '.' && !'yYnNtTfFoO~'.includes(first)) return false;
  if (RESERVED_WORDS.has(s)) return true;
  if (first === '.') return DOT_FLOAT.test(s) && Number.isFinite(Number(s));
  if (!isSignOrDigit) return false;
  if (isYamlTimestamp(s)) return true;
  const plain = s.replaceAll('_', '');
  if (parsesAsGoInteger(plain, 0)) return true;
  if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return true;
  if (plain.startsWith('0b')) return parsesAsGoInteger(plain.slice(2), 2);
  if (plain.startsWith('-0b')) return parsesAsGoInteger(`-${plain.slice(3)}`, 2);
  return false;
}

// strconv.ParseInt(s, base, 64) succeeds, or strconv.ParseUint(s, base, 64) does (unsigned only).
function parsesAsGoInteger(s: string, base: 0 | 2): boolean {
  let rest = s;
  let negative = false;
  let signed = false;
  if (rest[0] === '+' || rest[0] === '-') {
    negative = rest[0] === '-';
    signed = true;
    rest = rest.slice(1);
  }
  if (rest === '') return false;
  let radix = base === 0 ? 10 : 2;
  if (base === 0 && rest[0] === '0') {
    const prefix = rest[1]?.toLowerCase();
    if (rest.length >= 3 && (prefix === 'b' || prefix === 'o' || prefix === 'x')) {
      radix = prefix === 'b' ? 2 : prefix === 'o' ? 8 : 16;
      rest = rest.slice(2);
    } else {
      radix = 8;
      rest = rest.slice(1);
    }
  }
  const digits = radix === 16 ? /^[0-9a-fA-F]*$/ : radix === 8 ? /^[0-7]*$/ : radix === 2 ? /^[01]*$/ : /^[0-9]*$/;
  if (!digits.test(rest)) return false;
  let value = 0n;
  for (const c of rest) value = value * BigInt(radix) + BigInt(parseInt(c, radix));
  if (negative) return value <= INT64_MAX + 1n;
  return value <= (signed ? INT64_MAX : UINT64_MAX);
}

/** YAML 1.1 base 60 numbers ("10:30"): go-yaml quotes them for other parsers' sake. */
function isBase60Float(s: string): boolean {
  return /^[-+0-9]/.test(s) && s.includes(':') && BASE60_FLOAT.test(s);
}

// go-yaml v2 tries Go's time.Parse with "2006-1-2T15:4:5.999999999Z07:00" (also with a lower-case t),
// "2006-1-2 15:4:5.999999999" and "2006-1-2"; this mirrors what those layouts accept.
const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(?:Z|[+-](\d\d):(\d\d)))| +(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?)?$/;

function isYamlTimestamp(s: string): boolean {
  const m = TIMESTAMP.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  const hour = m[4] ?? m[9];
  if (hour !== undefined) {
    const [minute, second] = [m[5] ?? m[10], m[6] ?? m[11]];
    if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return false;
  }
  if (m[7] !== undefined && (Number(m[7]) > 24 || Number(m[8]) > 60)) return false;
  return true;
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}
