// kubectl -o yaml: sigs.k8s.io/yaml marshals the object to JSON, reads that JSON back with go-yaml v2
// into plain maps, and lets go-yaml v2 write it. Every choice below follows from that round trip.
import { compareGoStrings, formatYamlNumber, toGoString } from './go-format.js';
import { emitYamlDocument, type StringScalar, type YamlNode } from './yaml-emitter.js';
import { resolvesToNonString } from './yaml-resolve.js';

/**
 * The text `kubectl get -o yaml` prints for one object (or a List built with asList).
 * Throws, as kubectl fails, when a string holds a character go-yaml refuses to read.
 */
export function printYaml(obj: unknown): string {
  const json: unknown = JSON.parse(JSON.stringify(obj ?? null));
  rejectKeysWithNextLine(json);
  return emitYamlDocument(toYamlNode(json), scalarStyleOf);
}

function scalarStyleOf(s: string): StringScalar {
  if (s.includes('\n')) return { text: s, requested: 'literal' };
  return { text: s, requested: resolvesToNonString(s) ? 'double' : 'plain' };
}

function toYamlNode(value: unknown): YamlNode {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return { number: formatYamlNumber(value) };
  if (typeof value === 'string') return asReadByGoYaml(value);
  if (Array.isArray(value)) return value.map(toYamlNode);
  const entries = Object.entries(value as Record<string, unknown>)
    .map(([k, v]): [string, YamlNode] => [asReadByGoYaml(k), toYamlNode(v)])
    .sort(([a], [b]) => (goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0));
  return { entries };
}

// Go's JSON encoder writes these raw, and go-yaml's reader rejects them.
const CONTROL_CHARACTERS = /[\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;
// Go's JSON encoder also writes NEL raw, and go-yaml reads it inside a quoted scalar as a line
// break: it folds, with the spaces around it, into one space (or n-1 newlines for n breaks).
const NEL_RUN = / *(?:\u0085 *)+/g;

function asReadByGoYaml(s: string): string {
  const text = toGoString(s);
  if (CONTROL_CHARACTERS.test(text)) throw new Error('yaml: control characters are not allowed');
  return text.replace(NEL_RUN, (run) => {
    const breaks = run.split('\u0085').length - 1;
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  });
}

/**
 * A NEL inside a key moves go-yaml's scanner to a new line between the key and its colon, so it
 * no longer sees a key there and kubectl fails. The line it reports counts the NELs written before.
 */
function rejectKeysWithNextLine(json: unknown): void {
  let breaksBefore = 0;
  const visit = (value: unknown): void => {
    if (typeof value === 'string') breaksBefore += value.split('\u0085').length - 1;
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      // Go's JSON text, which go-yaml reads, has its keys in byte order.
      const entries = Object.entries(value).sort(([a], [b]) => compareGoStrings(a, b));
      for (const [key, item] of entries) {
        if (key.includes('\u0085')) throw new Error(`yaml: line ${breaksBefore + 1}: did not find expected ',' or '}'`);
        visit(item);
      }
    }
  };
  visit(json);
}

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => /\p{Nd}/u.test(c);
const digitValue = (c: string): bigint => BigInt(c.codePointAt(0)! - 0x30);

/**
 * go-yaml v2 orders map keys "naturally", not byte-wise: non-letters sort before letters
 * ("_u" < "A" < "a"), and runs of digits compare as numbers ("a2" < "a10").
 */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    // A zero continuing an earlier digit run is part of that number, not a leading zero.
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = BigInt.asIntN(64, an * 10n + digitValue(ar[ai]!));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = BigInt.asIntN(64, bn * 10n + digitValue(br[bi]!));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}
