// Cron schedules as the CronJob controller reads them (robfig/cron's standard parser): five
// fields (minute hour day-of-month month day-of-week) with *, ?, lists, ranges, steps and names,
// the @yearly/@monthly/@weekly/@daily/@hourly descriptors and @every, in an IANA time zone.

export interface Schedule {
  /** The first activation strictly after `after`, or undefined when there is none (e.g. Feb 30). */
  next(after: Date): Date | undefined;
}

interface FieldSpec { min: number; max: number; names?: string[] }

const FIELDS: FieldSpec[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};

/** A parsed field: the allowed values, and whether it was a bare * or ? (which matters for days). */
interface Field { values: Set<number>; star: boolean }

export class ScheduleError extends Error {}

function parseValue(text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + spec.min;
  if (!/^\d+$/.test(text)) throw new ScheduleError(`failed to parse int from ${text}: strconv.Atoi: parsing "${text}": invalid syntax`);
  return Number(text);
}

function parseField(text: string, spec: FieldSpec): Field {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined) throw new ScheduleError(`too many slashes: ${part}`);
    let start: number;
    let end: number;
    const all = range === '*' || range === '?';
    if (all) {
      [start, end] = [spec.min, spec.max];
    } else {
      const bounds = range!.split('-');
      if (bounds.length > 2) throw new ScheduleError(`too many hyphens: ${part}`);
      start = parseValue(bounds[0]!, spec);
      end = bounds.length === 2 ? parseValue(bounds[1]!, spec) : stepText !== undefined ? spec.max : start;
    }
    const step = stepText === undefined ? 1 : parseValue(stepText, { min: 0, max: 0 });
    if (start < spec.min) throw new ScheduleError(`beginning of range (${start}) below minimum (${spec.min}): ${part}`);
    if (end > spec.max) throw new ScheduleError(`end of range (${end}) above maximum (${spec.max}): ${part}`);
    if (start > end) throw new ScheduleError(`beginning of range (${start}) beyond end of range (${end}): ${part}`);
    if (step === 0) throw new ScheduleError(`step of range should be a positive number: ${part}`);
    if (all && step === 1) star = true;
    for (let v = start; v <= end; v += step) values.add(v);
  }
  return { values, star };
}

/** Parse a schedule; throws ScheduleError with robfig/cron's wording. */
export function parseSchedule(text: string, timeZone = 'UTC'): Schedule {
  wallClock(timeZone); // throws on an unknown zone
  const trimmed = text.trim();
  if (trimmed.startsWith('@every ')) return everySchedule(trimmed.slice(7).trim());
  const expanded = DESCRIPTORS[trimmed.toLowerCase()] ?? trimmed;
  if (expanded.startsWith('@')) throw new ScheduleError(`unrecognized descriptor: ${trimmed}`);
  const parts = expanded.split(/\s+/).filter(Boolean);
  if (parts.length !== 5) throw new ScheduleError(`expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`);
  const [minute, hour, dom, month, dow] = parts.map((p, i) => parseField(p, FIELDS[i]!)) as [Field, Field, Field, Field, Field];
  const dayMatches = (w: Date) => {
    const d = dom.values.has(w.getUTCDate());
    const wd = dow.values.has(w.getUTCDay());
    return dom.star || dow.star ? d && wd : d || wd;
  };
  return {
    next(after) {
      // Walk wall-clock time in the zone field by field, as robfig/cron does, up to five years out.
      const toWall = wallClock(timeZone);
      let w = new Date(Math.floor(toWall(after).getTime() / 60_000) * 60_000 + 60_000);
      const limit = w.getUTCFullYear() + 5;
      while (w.getUTCFullYear() <= limit) {
        if (!month.values.has(w.getUTCMonth() + 1)) w = new Date(Date.UTC(w.getUTCFullYear(), w.getUTCMonth() + 1, 1));
        else if (!dayMatches(w)) w = new Date(Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate() + 1));
        else if (!hour.values.has(w.getUTCHours())) w = new Date(Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate(), w.getUTCHours() + 1));
        else if (!minute.values.has(w.getUTCMinutes())) w = new Date(w.getTime() + 60_000);
        else {
          const instant = fromWall(w, toWall);
          if (instant > after) return instant;
          w = new Date(w.getTime() + 60_000);
        }
      }
      return undefined;
    },
  };
}

function everySchedule(text: string): Schedule {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text) throw new ScheduleError(`failed to parse duration ${text}: time: invalid duration "${text}"`);
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0);
  // Delays are whole seconds, at least one.
  const delay = Math.max(1000, Math.floor(ms / 1000) * 1000);
  return { next: (after) => new Date(Math.floor(after.getTime() / 1000) * 1000 + delay) };
}

const clocks = new Map<string, (d: Date) => Date>();

/** A function from an instant to its wall-clock time in the zone, expressed as a UTC Date. */
function wallClock(timeZone: string): (d: Date) => Date {
  let clock = clocks.get(timeZone);
  if (clock) return clock;
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  clock = (d) => {
    const p = Object.fromEntries(format.formatToParts(d).map((x) => [x.type, Number(x.value)]));
    return new Date(Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!));
  };
  clocks.set(timeZone, clock);
  return clock;
}

/** The instant whose wall-clock time is `wall` (in a DST gap, the instant an hour on). */
function fromWall(wall: Date, toWall: (d: Date) => Date): Date {
  const offsetAt = (d: Date) => toWall(d).getTime() - Math.floor(d.getTime() / 1000) * 1000;
  const guess = new Date(wall.getTime() - offsetAt(wall));
  return new Date(wall.getTime() - offsetAt(guess));
}

/** Whether the zone is one the controller knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    wallClock(timeZone);
    return true;
  } catch {
    return false;
  }
}
