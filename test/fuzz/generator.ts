// A small seeded fuzzer: valid inputs mutated a few edits at a time, so most cases get past the
// first character and reach the deeper parts of a parser. The same seed gives the same cases.

export type Rng = () => number;

/** mulberry32: tiny, fast and good enough to pick mutations. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (rng: Rng, n: number) => Math.floor(rng() * n);
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)]!;

// Characters that mean something to at least one of the grammars under test, and some that no
// grammar expects: NUL, a lone surrogate, the replacement character, non-ASCII letters.
const SPECIAL = [
  '{', '}', '[', ']', '(', ')', ',', ':', ';', '=', '!', '!=', '==', '@', '$', '.', '..', '*', '?', '&', '|', '-', '+',
  '"', "'", '`', '\\', '/', '~', '#', '%', '<', '>', ' ', '\t', '\n', '\r\n', '---\n', '&a ', '*a', '!!binary ', '\u0000',
  '\ud800', '\ufffd', 'é', '日本', 'in', 'notin', 'range', 'end', 'null', 'true', '-1', '1e999', '0x1F', '9999999999999999999',
];

/** One random edit of `text`. */
export function mutate(rng: Rng, text: string): string {
  const at = int(rng, text.length + 1);
  const span = 1 + int(rng, 8);
  switch (int(rng, 7)) {
    case 0: return text.slice(0, at) + pick(rng, SPECIAL) + text.slice(at);
    case 1: return text.slice(0, at) + text.slice(at + span);
    case 2: return text.slice(0, at) + String.fromCharCode(int(rng, 0x3000)) + text.slice(at + 1);
    case 3: return text.slice(0, at) + text.slice(at, at + span).repeat(2 + int(rng, 4)) + text.slice(at + span);
    case 4: return text.slice(0, at);
    case 5: {
      const from = int(rng, text.length + 1);
      return text.slice(0, at) + text.slice(from, from + span) + text.slice(at);
    }
    default: return text.slice(0, at) + pick(rng, SPECIAL).repeat(1 + int(rng, 50)) + text.slice(at);
  }
}

/** `count` cases from the seeds: each a seed with one to four edits. */
export function* cases(seed: number, count: number, seeds: readonly string[]): Generator<string> {
  const rng = seededRng(seed);
  for (let i = 0; i < count; i++) {
    let text = pick(rng, seeds);
    for (let edits = 1 + int(rng, 4); edits > 0; edits--) text = mutate(rng, text);
    yield text;
  }
}

/** Errors that mean the code under test broke rather than refused the input. */
export function isCrash(e: unknown): boolean {
  if (!(e instanceof Error)) return true;
  if (e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError) return true;
  return /Maximum call stack|Cannot read properties|is not a function|is not iterable|undefined|\[object Object\]/.test(e.message);
}

/** Runs `fn` on every case; returns the failures (crashes and cases slower than `limitMs`). */
export function fuzz(inputs: Iterable<string>, fn: (input: string) => unknown, limitMs: number): { tried: number; failures: string[] } {
  const failures: string[] = [];
  let tried = 0;
  for (const input of inputs) {
    tried++;
    const started = performance.now();
    try {
      fn(input);
    } catch (e) {
      if (isCrash(e)) failures.push(`${JSON.stringify(input).slice(0, 200)}: ${(e as Error)?.stack?.split('\n').slice(0, 3).join(' | ') ?? String(e)}`);
    }
    const ms = performance.now() - started;
    if (ms > limitMs) failures.push(`${JSON.stringify(input).slice(0, 200)}: took ${ms.toFixed(0)} ms`);
  }
  return { tried, failures };
}

const ODD_VALUES: unknown[] = [null, 0, -1, 1.5, 1e308, '', 'x', '\u0000', true, [], [null], {}, { '': null }, ['a', 1], 'a'.repeat(300)];

/** A copy of a JSON value with one node replaced by a value of another type (or removed). */
export function mutateValue(rng: Rng, value: unknown): unknown {
  const copy = structuredClone(value);
  const nodes: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((item, i) => (nodes.push([v, i]), walk(item)));
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) nodes.push([v as Record<string, unknown>, k]), walk(item);
  };
  walk(copy);
  if (nodes.length === 0) return pick(rng, ODD_VALUES);
  const [parent, key] = pick(rng, nodes);
  if (rng() < 0.15 && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key as string];
  else (parent as Record<string | number, unknown>)[key] = structuredClone(pick(rng, ODD_VALUES));
  return copy;
}
