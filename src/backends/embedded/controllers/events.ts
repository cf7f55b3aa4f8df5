// core/v1 Events as client-go's event recorder writes them: one Event per object, reason and
// message, counted and re-stamped when it repeats, and correlated as client-go's EventCorrelator
// does: similar events (same source, object, type and reason) with ten different messages in ten
// minutes become one "(combined from similar events)" event, and a source may say at most 25
// things about one object, refilled at one per five minutes (a pod-creating ReplicaSet of 10,000
// replicas gets 25 events, not 10,000).
import { randomBytes } from '../../../lazy-crypto.js';
import type { KubeClient } from '../../../client/client.js';
import { StatusError } from '../../../client/errors.js';
import { timestamp, type KubeObject } from '../apiserver/objects.js';

export interface EventSource {
  component: string;
  host?: string;
}

/** client-go's defaults (tools/record/events_cache.go). */
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
const SPAM_BURST = 25;
const SPAM_REFILL_MS = 300_000;
/** Bound on what the correlator remembers, as client-go's LRU caches are bounded. */
const MAX_REMEMBERED = 4096;

export class EventRecorder {
  /** Events written by this recorder, by what makes them the same event. */
  private readonly recent = new Map<string, { name: string; namespace: string; count: number }>();
  /** Similar events: their distinct messages, and when the last one came. */
  private readonly similar = new Map<string, { messages: Set<string>; last: number }>();
  /** Token buckets per source and object. */
  private readonly spam = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly client: KubeClient,
    private readonly now: () => Date,
  ) {}

  async record(object: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): Promise<void> {
    const meta = object.metadata ?? {};
    const namespace = meta.namespace || 'default';
    const nowMs = this.now().getTime();
    const objectKey = [source.component, source.host ?? '', object.kind, meta.namespace, meta.name, meta.uid, object.apiVersion].join('\u0000');
    const similarKey = [objectKey, type, reason].join('\u0000');
    let identity = [meta.uid, fieldPath ?? '', type, reason, message, source.component, source.host ?? ''].join('\u0000');
    if (this.isSimilarToMany(similarKey, identity, nowMs)) {
      identity = similarKey;
      message = `(combined from similar events): ${message}`;
    }
    if (!this.takeToken(objectKey, nowMs)) return;

    const involvedObject: Record<string, unknown> = {
      kind: object.kind, namespace: meta.namespace, name: meta.name, uid: meta.uid,
      apiVersion: object.apiVersion, resourceVersion: meta.resourceVersion,
    };
    if (fieldPath) involvedObject.fieldPath = fieldPath;
    const at = timestamp(this.now());
    const seen = this.recent.get(identity);
    if (seen) {
      seen.count++;
      try {
        await this.client.request('PATCH', `/api/v1/namespaces/${seen.namespace}/events/${seen.name}`, {
          body: { count: seen.count, lastTimestamp: at, message }, contentType: 'application/merge-patch+json',
        });
        return;
      } catch (e) {
        if (!(e instanceof StatusError && e.code === 404)) throw e;
      }
    }
    // client-go names events NAME.HEX-NANOSECONDS; random hex keeps them unique across processes.
    const name = `${meta.name}.${randomHex(8)}`;
    await this.client.request('POST', `/api/v1/namespaces/${namespace}/events`, {
      body: {
        apiVersion: 'v1', kind: 'Event', metadata: { name, namespace },
        involvedObject, reason, message, type, count: 1,
        firstTimestamp: at, lastTimestamp: at, eventTime: null,
        source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
        reportingComponent: source.component, reportingInstance: source.host ?? '',
      },
      handOff: true,
    });
    remember(this.recent, identity, { name, namespace, count: 1 });
  }

  /** True once similar events, none more than the interval apart, have had AGGREGATE_MAX_EVENTS distinct messages. */
  private isSimilarToMany(similarKey: string, identity: string, nowMs: number): boolean {
    let entry = this.similar.get(similarKey);
    if (!entry || nowMs - entry.last > AGGREGATE_INTERVAL_MS) remember(this.similar, similarKey, (entry = { messages: new Set(), last: nowMs }));
    entry.last = nowMs;
    entry.messages.add(identity);
    if (entry.messages.size < AGGREGATE_MAX_EVENTS) return false;
    // The set stays just under the limit, as client-go's does, so every further one is combined.
    entry.messages.delete(entry.messages.values().next().value as string);
    return true;
  }

  /** The spam filter's token bucket: SPAM_BURST events, refilled one per SPAM_REFILL_MS. */
  private takeToken(objectKey: string, nowMs: number): boolean {
    let bucket = this.spam.get(objectKey);
    if (!bucket) remember(this.spam, objectKey, (bucket = { tokens: SPAM_BURST, at: nowMs }));
    bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + Math.max(0, nowMs - bucket.at) / SPAM_REFILL_MS);
    bucket.at = nowMs;
    if (bucket.tokens < 1) return false;
    bucket.tokens--;
    return true;
  }
}

/** Random bytes for event names come from a pool: one call into the CSPRNG costs more than the rest of an event. */
let pool = Buffer.alloc(0);
let used = 0;

function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    pool = randomBytes(4096);
    used = 0;
  }
  return pool.toString('hex', used, (used += bytes));
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_REMEMBERED && !map.has(key)) map.delete(map.keys().next().value as string);
  map.set(key, value);
}
