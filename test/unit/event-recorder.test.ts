// The controllers' event recorder correlates as client-go's EventCorrelator does: repeats are
// counted, ten distinct messages about one object and reason are combined, and a source says at
// most 25 things about one object until the bucket refills (one per five minutes).
import { describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/client/client.js';
import { inProcessTransport } from '../../src/backends/embedded/in-process-transport.js';
import { EventRecorder } from '../../src/backends/embedded/controllers/events.js';
import { useApiServer } from './apiserver-harness.js';

const h = useApiServer();
const RS = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d8f', namespace: 'default', uid: 'rs-uid' } };
const SOURCE = { component: 'replicaset-controller' };

async function events(): Promise<any[]> {
  return (await h.get('/api/v1/namespaces/default/events')).body.items;
}

describe('EventRecorder', () => {
  it('counts a repeated event on one Event', async () => {
    const recorder = new EventRecorder(new KubeClient(inProcessTransport(h.server), 'default'), () => h.now);
    for (let i = 0; i < 3; i++) await recorder.record(RS, 'Warning', 'FailedCreate', 'quota exceeded', SOURCE);
    const items = await events();
    expect(items.map((e) => [e.message, e.count])).toEqual([['quota exceeded', 3]]);
  });

  it('combines similar events from the tenth message on and drops them after 25 until the bucket refills', async () => {
    const recorder = new EventRecorder(new KubeClient(inProcessTransport(h.server), 'default'), () => h.now);
    for (let i = 1; i <= 40; i++) await recorder.record(RS, 'Normal', 'SuccessfulCreate', `Created pod: web-5d8f-${i}`, SOURCE);
    let items = await events();
    expect(items).toHaveLength(10);
    const combined = items.filter((e) => e.message.startsWith('(combined from similar events): '));
    expect(combined.map((e) => [e.message, e.count])).toEqual([['(combined from similar events): Created pod: web-5d8f-25', 16]]);
    expect(items.filter((e) => e.count === 1 && !e.message.startsWith('(')).map((e) => e.message).sort())
      .toEqual(Array.from({ length: 9 }, (_, i) => `Created pod: web-5d8f-${i + 1}`).sort());

    h.now = new Date(h.now.getTime() + 5 * 60_000);
    await recorder.record(RS, 'Normal', 'SuccessfulCreate', 'Created pod: web-5d8f-41', SOURCE);
    await recorder.record(RS, 'Normal', 'SuccessfulCreate', 'Created pod: web-5d8f-42', SOURCE);
    items = await events();
    expect(items.find((e) => e.message.startsWith('(combined'))).toMatchObject({ message: '(combined from similar events): Created pod: web-5d8f-41', count: 17 });
  });
});
