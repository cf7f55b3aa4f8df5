// core/v1 Events as client-go's event recorder writes them: one Event per object, reason and
// message, counted and re-stamped when it repeats.
import { randomBytes } from 'node:crypto';
import type { KubeClient } from '../../../client/client.js';
import { StatusError } from '../../../client/errors.js';
import { timestamp, type KubeObject } from '../apiserver/objects.js';

export interface EventSource {
  component: string;
  host?: string;
}

export class EventRecorder {
  /** Events written by this recorder, by what makes them the same event. */
  private readonly recent = new Map<string, { name: string; namespace: string; count: number }>();

  constructor(
    private readonly client: KubeClient,
    private readonly now: () => Date,
  ) {}

  async record(object: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): Promise<void> {
    const meta = object.metadata ?? {};
    const namespace = meta.namespace || 'default';
    const involvedObject: Record<string, unknown> = {
      kind: object.kind, namespace: meta.namespace, name: meta.name, uid: meta.uid,
      apiVersion: object.apiVersion, resourceVersion: meta.resourceVersion,
    };
    if (fieldPath) involvedObject.fieldPath = fieldPath;
    const at = timestamp(this.now());
    const identity = [meta.uid, fieldPath ?? '', type, reason, message, source.component].join('\u0000');
    const seen = this.recent.get(identity);
    if (seen) {
      seen.count++;
      try {
        await this.client.request('PATCH', `/api/v1/namespaces/${seen.namespace}/events/${seen.name}`, {
          body: { count: seen.count, lastTimestamp: at }, contentType: 'application/merge-patch+json',
        });
        return;
      } catch (e) {
        if (!(e instanceof StatusError && e.code === 404)) throw e;
      }
    }
    // client-go names events NAME.HEX-NANOSECONDS; random hex keeps them unique across processes.
    const name = `${meta.name}.${randomBytes(8).toString('hex')}`;
    await this.client.request('POST', `/api/v1/namespaces/${namespace}/events`, {
      body: {
        apiVersion: 'v1', kind: 'Event', metadata: { name, namespace },
        involvedObject, reason, message, type, count: 1,
        firstTimestamp: at, lastTimestamp: at, eventTime: null,
        source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
        reportingComponent: source.component, reportingInstance: source.host ?? '',
      },
    });
    this.recent.set(identity, { name, namespace, count: 1 });
  }
}
