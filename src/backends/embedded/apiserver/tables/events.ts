// The Event table (printEvent in printers.go). kube-apiserver serves core/v1 and events.k8s.io/v1
// Events from one store and prints both from the internal core Event, so the events.k8s.io
// fields are first read under their core names, as the v1 conversion maps them.

import { NAME_COLUMN, column, doc, int, nameOf, since, timestampMillis } from './format.js';
import type { KindPrinter } from './types.js';

interface CoreEvent {
  name: string;
  type: string;
  reason: string;
  message: string;
  involvedObject: { kind?: string; name?: string; fieldPath?: string };
  source: { component?: string; host?: string };
  reportingController: string;
  reportingInstance: string;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  count: number;
  series?: { count?: number; lastObservedTime?: string };
}

export function asCoreEvent(group: string, event: any): CoreEvent {
  const common = {
    name: nameOf(event),
    type: event.type ?? '',
    reason: event.reason ?? '',
    reportingInstance: event.reportingInstance ?? '',
    eventTime: event.eventTime,
    series: event.series,
  };
  if (group === 'events.k8s.io') {
    return {
      ...common,
      message: event.note ?? '',
      involvedObject: event.regarding ?? {},
      source: event.deprecatedSource ?? {},
      reportingController: event.reportingController ?? '',
      firstTimestamp: event.deprecatedFirstTimestamp,
      lastTimestamp: event.deprecatedLastTimestamp,
      count: int(event.deprecatedCount),
    };
  }
  return {
    ...common,
    message: event.message ?? '',
    involvedObject: event.involvedObject ?? {},
    source: event.source ?? {},
    reportingController: event.reportingComponent ?? '',
    firstTimestamp: event.firstTimestamp,
    lastTimestamp: event.lastTimestamp,
    count: int(event.count),
  };
}

/** formatEventSource: component (or reporting controller), then ", host" (or reporting instance) when known. */
function eventSource(event: CoreEvent): string {
  const component = event.source.component || event.reportingController;
  const instance = event.source.host || event.reportingInstance;
  return instance ? `${component}, ${instance}` : component;
}

function eventCells(event: CoreEvent, now: Date): unknown[] {
  const firstSeen = timestampMillis(event.firstTimestamp) === undefined ? since(event.eventTime, now) : since(event.firstTimestamp, now);
  let lastSeen = timestampMillis(event.lastTimestamp) === undefined ? firstSeen : since(event.lastTimestamp, now);
  let count = event.count;
  if (event.series) {
    lastSeen = since(event.series.lastObservedTime, now);
    count = int(event.series.count);
  } else if (count === 0) {
    // Singleton events of the new API carry no count.
    count = 1;
  }
  const { kind = '', name = '', fieldPath = '' } = event.involvedObject;
  const target = name ? `${kind.toLowerCase()}/${name}` : kind.toLowerCase();
  return [lastSeen, event.type, event.reason, target, fieldPath, eventSource(event), event.message.trim(), firstSeen, count, event.name];
}

export function eventPrinter(group: string): KindPrinter {
  return {
    columns: [
      column('Last Seen', 'string', doc('core/v1 Event.lastTimestamp')),
      column('Type', 'string', doc('core/v1 Event.type')),
      column('Reason', 'string', doc('core/v1 Event.reason')),
      column('Object', 'string', doc('core/v1 Event.involvedObject')),
      column('Subobject', 'string', doc('core/v1 ObjectReference.fieldPath'), { priority: 1 }),
      column('Source', 'string', doc('core/v1 Event.source'), { priority: 1 }),
      column('Message', 'string', doc('core/v1 Event.message')),
      column('First Seen', 'string', doc('core/v1 Event.firstTimestamp'), { priority: 1 }),
      column('Count', 'string', doc('core/v1 Event.count'), { priority: 1 }),
      { ...NAME_COLUMN, priority: 1 },
    ],
    cells: (event, now) => eventCells(asCoreEvent(group, event), now),
  };
}
