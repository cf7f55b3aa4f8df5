// Go duration strings as kubectl flags take them ("30s", "1m30s", "0").
import { CliError } from '../client/errors.js';

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds in a Go duration; a bare number is seconds, as kubectl's timeout flags accept. */
export function parseDuration(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * UNITS[m[2]];
    matched = re.lastIndex;
  }
  if (matched !== text.length || text.length === 0) throw new CliError(`error: invalid argument "${text}": time: invalid duration "${text}"`);
  return total;
}
