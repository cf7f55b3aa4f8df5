// The Events section every describer ends with (DescribeEvents), and the field selector kubectl
// finds an object's events with (searchEvents).
import { humanDuration } from '../duration.js';
import type { Obj } from './format.js';
import type { PrefixWriter } from './writer.js';

/** Events ordered by lastTimestamp, oldest first; an event without one sorts first. */
export function sortEvents(events: Obj[]): Obj[] {
  const time = (e: Obj) => (e.lastTimestamp ? new Date(e.lastTimestamp).getTime() : -Infinity);
  return [...events].sort((a, b) => time(a) - time(b));
}

const age = (t: string | undefined, now: Date): string => (t ? humanDuration(now.getTime() - new Date(t).getTime()) : '<unknown>');

export function describeEvents(events: Obj[] | undefined, w: PrefixWriter, now: Date): void {
  if (!events) return;
  if (events.length === 0) return w.write(0, 'Events:\t<none>\n');
  // kubectl flushes here, so the events table is aligned on its own.
  w.flush();
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sortEvents(events)) {
    const first = e.eventTime ? age(e.eventTime, now) : age(e.firstTimestamp, now);
    let interval = first;
    if (e.series) interval = `${age(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${age(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    const source = e.source?.component || e.reportingComponent || '';
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${String(e.message ?? '').trim()}\n`);
  }
}

export interface EventTarget {
  name: string;
  namespace: string;
  kind?: string;
  uid?: string;
}

/** GetFieldSelector's selector: its fields sorted by name, as fields.Set.AsSelector prints them. */
export function eventFieldSelector(t: EventTarget): string {
  const fields: Array<[string, string]> = [['involvedObject.name', t.name], ['involvedObject.namespace', t.namespace]];
  if (t.kind) fields.push(['involvedObject.kind', t.kind]);
  if (t.uid) fields.push(['involvedObject.uid', t.uid]);
  return fields.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(',');
}
