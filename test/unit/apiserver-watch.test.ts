// Conformance of the embedded API server's watch with kube-apiserver: event order and
// resourceVersions, selector transitions, initial events, compaction, bookmarks and tables.
import { describe, expect, it, vi } from 'vitest';
import { openWatch } from '../../src/backends/embedded/apiserver/watch.js';
import { findResource } from '../../src/backends/embedded/apiserver/resources.js';
import { Store } from '../../src/backends/embedded/store/store.js';
import { CONFIGMAPS, PODS, configMap, eventReader, pod, useApiServer } from './apiserver-harness.js';

const h = useApiServer();
const MERGE = 'application/merge-patch+json';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

async function watch(query: Record<string, string>, headers?: Record<string, string>) {
  const res = await h.server.handle({ method: 'GET', path: CONFIGMAPS, query: { watch: 'true', ...query }, headers });
  expect(res.status).toBe(200);
  expect(res.stream).toBeDefined();
  return eventReader(res.stream!);
}

const summary = (e: { type: string; object: any }) => [e.type, e.object.metadata.name, e.object.metadata.resourceVersion];

describe('watch', () => {
  it('streams ADDED, MODIFIED and DELETED after a resourceVersion, in order', async () => {
    const a = await h.create(CONFIGMAPS, configMap('a'));
    const w = await watch({ resourceVersion: a.metadata.resourceVersion });
    const modified = (await h.patch(`${CONFIGMAPS}/a`, MERGE, { data: { k: 'v2' } })).body;
    const b = await h.create(CONFIGMAPS, configMap('b'));
    await h.del(`${CONFIGMAPS}/a`);
    const deletedAt = String(h.store.currentRevision());
    const events = await w.take(3);
    w.close();
    expect(events.map(summary)).toEqual([
      ['MODIFIED', 'a', modified.metadata.resourceVersion],
      ['ADDED', 'b', b.metadata.resourceVersion],
      ['DELETED', 'a', deletedAt],
    ]);
    expect(events[0].object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', data: { k: 'v2' } });
    expect(events[2].object.data).toEqual({ k: 'v2' });
  });

  it('replays history written between the resourceVersion and the watch', async () => {
    const a = await h.create(CONFIGMAPS, configMap('a'));
    const b = await h.create(CONFIGMAPS, configMap('b'));
    const w = await watch({ resourceVersion: a.metadata.resourceVersion });
    expect(summary(await w.next())).toEqual(['ADDED', 'b', b.metadata.resourceVersion]);
    w.close();
  });

  it('replays history that ends with other resources\' writes, reading each revision once', async () => {
    // What `kubectl rollout status` meets against a busy control plane: it lists deployments, the
    // controllers write pods, then its watch starts from the list's resourceVersion. The replay once
    // re-read the pods' events forever, blocking the whole process.
    const a = await h.create(CONFIGMAPS, configMap('a'));
    const b = await h.create(CONFIGMAPS, configMap('b'));
    for (let i = 0; i < 3; i++) await h.create(PODS, pod(`p${i}`));
    const reads = vi.spyOn(h.store, 'eventsSince');
    reads.mockImplementation(function (this: Store, revision: number) {
      if (reads.mock.calls.length > 10) throw new Error(`replay read the events after ${revision} again and again`);
      return Store.prototype.eventsSince.call(this, revision);
    });
    const w = await watch({ resourceVersion: a.metadata.resourceVersion, allowWatchBookmarks: 'true' });
    expect(reads.mock.calls.map(([rv]) => rv)).toEqual([Number(a.metadata.resourceVersion), h.store.currentRevision()]);
    reads.mockRestore();
    expect(summary(await w.next())).toEqual(['ADDED', 'b', b.metadata.resourceVersion]);
    const c = await h.create(CONFIGMAPS, configMap('c'));
    expect(summary(await w.next())).toEqual(['ADDED', 'c', c.metadata.resourceVersion]);
    w.close();
  });

  it('lets a watcher that stopped reading go once 10,000 events wait for it, after delivering them', async () => {
    const r = findResource('', 'v1', 'configmaps')!;
    const w = openWatch(h.server.registry, r, 'default', { resourceVersion: String(h.store.currentRevision()) });
    const key = '/registry/core/configmaps/default/flood';
    h.store.create(key, JSON.stringify(configMap('flood')));
    for (let i = 0; i < 10_000; i++) h.store.update(key, 0, () => JSON.stringify(configMap('flood', undefined, { i: String(i) })));
    await new Promise((resolve) => setImmediate(resolve));
    let received = 0;
    for await (const _ of w) received++;
    expect(received).toBe(10_001);
  });

  it('shows an object that stops matching the label selector as DELETED, and ADDED when it matches again', async () => {
    const start = String(h.store.currentRevision());
    const w = await watch({ resourceVersion: start, labelSelector: 'app=web' });
    await h.create(CONFIGMAPS, configMap('other', { app: 'db' }));
    const added = await h.create(CONFIGMAPS, configMap('a', { app: 'web' }));
    const moved = (await h.patch(`${CONFIGMAPS}/a`, MERGE, { metadata: { labels: { app: 'db' } } })).body;
    await h.patch(`${CONFIGMAPS}/a`, MERGE, { data: { k: 'unseen' } });
    const back = (await h.patch(`${CONFIGMAPS}/a`, MERGE, { metadata: { labels: { app: 'web' } } })).body;
    const events = await w.take(3);
    w.close();
    expect(events.map(summary)).toEqual([
      ['ADDED', 'a', added.metadata.resourceVersion],
      ['DELETED', 'a', moved.metadata.resourceVersion],
      ['ADDED', 'a', back.metadata.resourceVersion],
    ]);
    // The cacher sends the last content the watcher could see, at the event's resourceVersion.
    expect(events[1].object.metadata.labels).toEqual({ app: 'web' });
  });

  it('starts with synthetic ADDED events for what exists when resourceVersion is 0', async () => {
    const a = await h.create(CONFIGMAPS, configMap('a'));
    const b = await h.create(CONFIGMAPS, configMap('b'));
    const w = await watch({ resourceVersion: '0' });
    const c = await h.create(CONFIGMAPS, configMap('c'));
    const events = await w.take(3);
    w.close();
    expect(events.map(summary)).toEqual([
      ['ADDED', 'a', a.metadata.resourceVersion],
      ['ADDED', 'b', b.metadata.resourceVersion],
      ['ADDED', 'c', c.metadata.resourceVersion],
    ]);
  });

  it('ends with one ERROR event, 410 Expired, for a compacted resourceVersion', async () => {
    const a = await h.create(CONFIGMAPS, configMap('a'));
    await h.patch(`${CONFIGMAPS}/a`, MERGE, { data: { k: 'v2' } });
    const compacted = h.store.currentRevision();
    h.store.compact(compacted);
    const res = await h.server.handle({ method: 'GET', path: CONFIGMAPS, query: { watch: 'true', resourceVersion: String(Number(a.metadata.resourceVersion) - 1) } });
    expect(res.status).toBe(200);
    const chunks: string[] = [];
    for await (const chunk of res.stream!) chunks.push(chunk);
    expect(chunks.map((c) => JSON.parse(c))).toEqual([{
      type: 'ERROR',
      object: {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Expired', code: 410,
        message: `too old resource version: ${Number(a.metadata.resourceVersion) - 1} (${compacted})`,
      },
    }]);
    // The compacted revision itself is still a valid start.
    const w = await watch({ resourceVersion: String(compacted) });
    w.close();
  });

  it('answers 400 for a resourceVersion that is not one', async () => {
    const res = await h.get(CONFIGMAPS, { watch: 'true', resourceVersion: 'abc' });
    expect(res.status).toBe(400);
  });

  it('sends bookmarks with the current resourceVersion only when asked', async () => {
    const r = findResource('', 'v1', 'configmaps')!;
    await h.create(CONFIGMAPS, configMap('a'));
    const rv = h.store.currentRevision();
    const w = openWatch(h.server.registry, r, 'default', { resourceVersion: String(rv), allowBookmarks: true, bookmarkIntervalMs: 20 });
    const it = w[Symbol.asyncIterator]();
    const first = await it.next();
    w.close();
    expect(first.value).toEqual({ type: 'BOOKMARK', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: String(rv) } } });

    const quiet = openWatch(h.server.registry, r, 'default', { resourceVersion: String(rv), bookmarkIntervalMs: 20 });
    const next = quiet[Symbol.asyncIterator]().next();
    const outcome = await Promise.race([next.then(() => 'event'), new Promise((resolve) => setTimeout(() => resolve('none'), 100))]);
    quiet.close();
    expect(outcome).toBe('none');
  });

  it('marks the end of initial events with a bookmark', async () => {
    await h.create(CONFIGMAPS, configMap('a'));
    const w = await watch({ sendInitialEvents: 'true', allowWatchBookmarks: 'true', resourceVersionMatch: 'NotOlderThan' });
    const [added, bookmark] = await w.take(2);
    w.close();
    expect(summary(added)).toEqual(['ADDED', 'a', String(h.store.currentRevision())]);
    expect(bookmark).toEqual({
      type: 'BOOKMARK',
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: String(h.store.currentRevision()), annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
  });

  it('sends Table events when the Accept header asks, with columns only in the first', async () => {
    await h.create(CONFIGMAPS, configMap('a'));
    const w = await watch({ resourceVersion: '0' }, { accept: TABLE });
    const b = await h.create(CONFIGMAPS, configMap('b', undefined, { x: '1', y: '2' }));
    const [first, second] = await w.take(2);
    w.close();
    expect(first.type).toBe('ADDED');
    expect(first.object).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect(first.object.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(first.object.rows[0].cells).toEqual(['a', 1, '0s']);
    expect(second.object.columnDefinitions).toBeNull();
    expect(second.object.metadata.resourceVersion).toBe(b.metadata.resourceVersion);
    expect(second.object.rows[0].cells).toEqual(['b', 2, '0s']);
    expect(second.object.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'b' } });
  });
});
