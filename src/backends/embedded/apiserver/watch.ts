// Watch: a stream of ADDED/MODIFIED/DELETED/BOOKMARK events from a resourceVersion, filtered by
// namespace and selectors the way kube-apiserver's watch cache filters them (an object that stops
// matching is DELETED for this watcher, one that starts matching is ADDED).
import { StoreError, type StoreEvent } from '../store/store.js';
import { storagePrefix, type KubeObject } from './objects.js';
import { readAs } from './conversions.js';
import type { ListOptions, Registry } from './registry.js';
import type { ResourceType } from './resources.js';
import { ApiError, badRequest } from './status.js';

/** Events a watcher may have waiting before it counts as stalled. */
const MAX_QUEUED_EVENTS = 10_000;

export interface WatchOptions extends Pick<ListOptions, 'labelSelector' | 'fieldSelector'> {
  resourceVersion?: string;
  allowBookmarks?: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
  bookmarkIntervalMs?: number;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject;
}

export interface WatchStream extends AsyncIterable<WatchEvent> {
  close(): void;
}

/** Opens a watch; throws 410 Expired at once when the resourceVersion has been compacted (the server answers it as an ERROR event). */
export function openWatch(registry: Registry, r: ResourceType, namespace: string | undefined, opts: WatchOptions): WatchStream {
  const prefix = storagePrefix(r, namespace);
  const store = registry.store;
  const queue: WatchEvent[] = [];
  const timers: NodeJS.Timeout[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  let lastRevision: number;
  const push = (e: WatchEvent) => {
    queue.push(e);
    // A watcher that has stopped reading is let go, as kube-apiserver drops one whose buffer stays
    // full: it gets what was queued, then the stream ends and its client watches again from there.
    if (ready && queue.length > MAX_QUEUED_EVENTS) close();
    wake?.();
  };

  const rv = opts.resourceVersion ?? '';
  const fromList = rv === '' || rv === '0' || opts.sendInitialEvents === true;
  // Subscribe before reading, so nothing written in between is missed; events are de-duplicated by revision.
  const pending: StoreEvent[] = [];
  let ready = false;
  // Every event moves the watch on, whatever its key: revisions are global, and the catch-up below
  // ends only when it has read past the newest one (a watch on deployments opened behind a burst
  // of pod writes must not read the same pod events forever).
  const deliver = (events: StoreEvent[]) => {
    for (const e of events) {
      if (e.revision <= lastRevision) continue;
      lastRevision = e.revision;
      if (!e.key.startsWith(prefix)) continue;
      const ev = toWatchEvent(registry, r, e, opts);
      if (ev) push(ev);
    }
  };
  const unsubscribe = store.subscribe((events) => (ready ? deliver(events) : pending.push(...events)));

  try {
    if (fromList) {
      const list = registry.list(r, namespace, { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector }, { shared: true });
      for (const obj of list.items) push({ type: 'ADDED', object: obj });
      lastRevision = Number(list.resourceVersion);
      if (opts.sendInitialEvents && opts.allowBookmarks) {
        push(bookmark(r, lastRevision, { 'k8s.io/initial-events-end': 'true' }));
      }
    } else {
      const start = Number(rv);
      if (!Number.isInteger(start) || start < 0) throw badRequest(`invalid resource version: ${rv}`);
      lastRevision = start;
      const compacted = store.compactedRevision();
      if (start < compacted) throw tooOld(start, compacted);
    }
    // Catch up on history between the starting revision and now.
    for (;;) {
      const batch = store.eventsSince(lastRevision);
      if (batch.length === 0) break;
      deliver(batch);
    }
  } catch (e) {
    unsubscribe();
    if (e instanceof StoreError && e.code === 'Compacted') throw tooOld(lastRevision!, store.compactedRevision());
    throw e;
  }
  ready = true;
  deliver(pending.splice(0));

  function close() {
    if (closed) return;
    closed = true;
    unsubscribe();
    timers.forEach(clearTimeout);
    wake?.();
  }
  if (opts.allowBookmarks) {
    timers.push(setInterval(() => push(bookmark(r, lastRevision)), opts.bookmarkIntervalMs ?? 60_000));
  }
  if (opts.timeoutSeconds && opts.timeoutSeconds > 0) timers.push(setTimeout(close, opts.timeoutSeconds * 1000));

  return {
    close,
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          while (queue.length) yield queue.shift()!;
          if (closed) return;
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
      } finally {
        close();
      }
    },
  };
}

function toWatchEvent(registry: Registry, r: ResourceType, e: StoreEvent, opts: WatchOptions): WatchEvent | undefined {
  // Every watcher of a key is told of the same revision: the object is decoded once for them all.
  const object = registry.sharedObject(r, e);
  const now = registry.matches(r, object, opts);
  if (e.type === 'ADDED') return now ? { type: 'ADDED', object } : undefined;
  if (e.type === 'DELETED') return now ? { type: 'DELETED', object } : undefined;
  // Without selectors every version matches: the previous one need not be read.
  if (!opts.labelSelector?.length && !opts.fieldSelector?.length) return { type: 'MODIFIED', object };
  // The previous content, at this event's revision: what a watcher that stops seeing the object is told it was.
  const previous = e.prevValue === undefined ? undefined : readAs(r, e.prevValue, e.revision);
  const before = previous ? registry.matches(r, previous, opts) : now;
  if (now && before) return { type: 'MODIFIED', object };
  if (now) return { type: 'ADDED', object };
  if (before) return { type: 'DELETED', object: previous ?? object };
  return undefined;
}

function bookmark(r: ResourceType, revision: number, annotations?: Record<string, string>): WatchEvent {
  const metadata: Record<string, unknown> = { resourceVersion: String(revision) };
  if (annotations) metadata.annotations = annotations;
  return { type: 'BOOKMARK', object: { apiVersion: r.group ? `${r.group}/${r.version}` : r.version, kind: r.kind, metadata } };
}

function tooOld(requested: number, compacted: number): ApiError {
  return new ApiError(410, 'Expired', `too old resource version: ${requested} (${compacted})`);
}
