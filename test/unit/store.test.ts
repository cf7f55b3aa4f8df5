import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store, StoreError, type StoreEvent } from '../../src/backends/embedded/store/store.js';
import { startCheckpoints } from '../../src/backends/embedded/store/background-checkpoint.js';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tkctl-store-'));
  store = new Store(join(dir, 'state.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as StoreError).code;
  }
  return 'no error';
};

describe('store', () => {
  it('assigns one global revision per write, used as the value revision', () => {
    const a = store.create('/r/a', '"a1"');
    const b = store.create('/r/b', '"b1"');
    expect(b.revision).toBe(a.revision + 1);
    const a2 = store.update('/r/a', a.revision, () => '"a2"');
    expect(a2.revision).toBe(b.revision + 1);
    expect(a2.createRevision).toBe(a.revision);
    expect(store.get('/r/a')).toMatchObject({ value: '"a2"', revision: a2.revision });
    expect(store.currentRevision()).toBe(a2.revision);
  });

  it('refuses to create a live key, and allows it again after delete', () => {
    store.create('/r/a', '1');
    expect(code(() => store.create('/r/a', '2'))).toBe('KeyExists');
    store.delete('/r/a');
    expect(store.get('/r/a')).toBeUndefined();
    expect(store.create('/r/a', '3').value).toBe('3');
  });

  it('compares and swaps on revision for update and delete', () => {
    const a = store.create('/r/a', '1');
    store.update('/r/a', a.revision, () => '2');
    expect(code(() => store.update('/r/a', a.revision, () => '3'))).toBe('Conflict');
    expect(code(() => store.delete('/r/a', a.revision))).toBe('Conflict');
    expect(code(() => store.update('/r/missing', 0, () => '1'))).toBe('KeyNotFound');
    expect(store.get('/r/a')!.value).toBe('2');
  });

  it('lists by prefix in key order, with limits, at the newest or an older revision', () => {
    store.create('/r/ns1/b', 'b');
    const mid = store.create('/r/ns1/a', 'a').revision;
    store.create('/r/ns2/c', 'c');
    store.update('/r/ns1/a', 0, () => 'a2');
    store.delete('/r/ns1/b');
    expect(store.list('/r/ns1/').items.map((i) => i.value)).toEqual(['a2']);
    expect(store.list('/r/').items.map((i) => i.key)).toEqual(['/r/ns1/a', '/r/ns2/c']);
    const old = store.list('/r/ns1/', { revision: mid });
    expect(old.items.map((i) => [i.key, i.value])).toEqual([['/r/ns1/a', 'a'], ['/r/ns1/b', 'b']]);
    expect(store.list('/r/', { limit: 1 }).items.map((i) => i.key)).toEqual(['/r/ns1/a']);
    expect(store.list('/r/', { startKey: '/r/ns1/a\u0000' }).items.map((i) => i.key)).toEqual(['/r/ns2/c']);
    expect(store.count('/r/')).toBe(2);
  });

  it('leaves out the values a newest-state list is told the caller holds', () => {
    const a = store.create('/r/a', '"a1"');
    const b = store.create('/r/b', '"b1"');
    const a2 = store.update('/r/a', a.revision, () => '"a2"');
    const asked: [string, number][] = [];
    const list = store.list('/r/', { known: (key, revision) => (asked.push([key, revision]), key === '/r/b') });
    expect(asked).toEqual([['/r/a', a2.revision], ['/r/b', b.revision]]);
    expect(list.items).toEqual([
      { key: '/r/a', value: '"a2"', revision: a2.revision, createRevision: a.revision },
      { key: '/r/b', value: '', revision: b.revision, createRevision: 0 },
    ]);
    expect(list.revision).toBe(a2.revision);
    // At an older revision every value is read.
    expect(store.list('/r/', { revision: b.revision, known: () => true }).items.map((kv) => kv.value)).toEqual(['"a1"', '"b1"']);
  });

  it('reports events after a revision, with the previous value of modifications', () => {
    const start = store.currentRevision();
    store.create('/r/a', '1');
    store.update('/r/a', 0, () => '2');
    store.delete('/r/a');
    const events = store.eventsSince(start);
    expect(events.map((e) => [e.type, e.value, e.prevValue])).toEqual([
      ['ADDED', '1', undefined], ['MODIFIED', '2', '1'], ['DELETED', '2', undefined],
    ]);
  });

  it('compacts history but keeps live values, and refuses reads from before the compaction', () => {
    store.create('/r/a', '1');
    store.update('/r/a', 0, () => '2');
    store.create('/r/b', 'x');
    store.delete('/r/b');
    const rev = store.currentRevision();
    store.compact(rev);
    expect(store.compactedRevision()).toBe(rev);
    expect(store.get('/r/a')!.value).toBe('2');
    expect(code(() => store.eventsSince(rev - 2))).toBe('Compacted');
    expect(code(() => store.list('/r/', { revision: rev - 1 }))).toBe('Compacted');
    expect(store.list('/r/').items.map((i) => i.value)).toEqual(['2']);
  });

  it('runs several writes atomically: all or none', () => {
    store.create('/r/taken', '1');
    expect(code(() => store.atomically(() => {
      store.create('/r/new', '1');
      store.create('/r/taken', '2');
    }))).toBe('KeyExists');
    expect(store.get('/r/new')).toBeUndefined();
  });

  it('delivers writes of another connection to subscribers', async () => {
    const other = new Store(join(dir, 'state.db'));
    const seen: StoreEvent[] = [];
    const stop = store.subscribe((events) => seen.push(...events));
    other.create('/r/x', '1');
    other.update('/r/x', 0, () => '2');
    for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    stop();
    other.close();
    expect(seen.map((e) => [e.type, e.key, e.value])).toEqual([['ADDED', '/r/x', '1'], ['MODIFIED', '/r/x', '2']]);
  });

  it("delivers its own writes and another connection's in revision order, each once", async () => {
    const other = new Store(join(dir, 'state.db'));
    const seen: StoreEvent[] = [];
    const stop = store.subscribe((events) => seen.push(...events));
    store.create('/r/a', '1');
    other.create('/r/b', '1');
    store.update('/r/a', 0, () => '2');
    store.delete('/r/a');
    for (let i = 0; i < 100 && seen.length < 4; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    stop();
    other.close();
    expect(seen.map((e) => [e.type, e.key, e.value, e.prevValue])).toEqual([
      ['ADDED', '/r/a', '1', undefined], ['ADDED', '/r/b', '1', undefined], ['MODIFIED', '/r/a', '2', '1'], ['DELETED', '/r/a', '2', undefined],
    ]);
    expect(seen.map((e) => e.revision)).toEqual([1, 2, 3, 4].map((n) => n + seen[0].revision - 1));
  });

  it('commits a batch of writes together: others see them at commitBatch, a failed write inside undoes only itself', async () => {
    const other = new Store(join(dir, 'state.db'));
    const seen: StoreEvent[] = [];
    const stop = store.subscribe((events) => seen.push(...events));
    store.beginBatch();
    store.create('/r/a', '1');
    expect(code(() => store.atomically(() => {
      store.create('/r/b', '1');
      store.create('/r/a', '2');
    }))).toBe('KeyExists');
    store.create('/r/c', '1');
    await Promise.resolve();
    // This process sees its writes, and publishes them, before they are committed.
    expect(seen.map((e) => e.key)).toEqual(['/r/a', '/r/c']);
    expect(other.get('/r/a')).toBeUndefined();
    store.commitBatch();
    expect(other.list('/r/').items.map((kv) => kv.key)).toEqual(['/r/a', '/r/c']);
    store.create('/r/d', '1');
    store.endBatch();
    expect(other.get('/r/d')?.value).toBe('1');
    stop();
    other.close();
  });

  it('numbers a batch\'s writes without gaps past a rolled-back write, and after another connection\'s between batches', () => {
    const other = new Store(join(dir, 'state.db'));
    store.beginBatch();
    const a = store.create('/r/a', '1');
    expect(code(() => store.atomically(() => {
      store.create('/r/b', '1');
      store.create('/r/a', '2');
    }))).toBe('KeyExists');
    const c = store.update('/r/a', 0, () => '3');
    expect(c.revision).toBe(a.revision + 1);
    store.commitBatch();
    const d = other.create('/r/d', '1');
    expect(d.revision).toBe(c.revision + 1);
    expect(store.create('/r/e', '1').revision).toBe(d.revision + 1);
    expect(store.currentRevision()).toBe(d.revision + 1);
    store.endBatch();
    expect(other.currentRevision()).toBe(d.revision + 1);
    other.close();
  });

  it('shares one commit among the writes of a turn of the event loop: nobody sees or hears of them before it', async () => {
    const other = new Store(join(dir, 'state.db'));
    const seen: StoreEvent[] = [];
    const stop = store.subscribe((events) => seen.push(...events));
    store.groupCommits();
    store.create('/r/a', '1');
    expect(code(() => store.create('/r/a', '2'))).toBe('KeyExists');
    store.create('/r/b', '1');
    const committed = store.committed();
    await Promise.resolve();
    expect(seen).toEqual([]);
    expect(other.get('/r/a')).toBeUndefined();
    await committed;
    expect(seen.map((e) => [e.key, e.value])).toEqual([['/r/a', '1'], ['/r/b', '1']]);
    expect(other.list('/r/').items.map((kv) => kv.value)).toEqual(['1', '1']);
    // The next turn's writes are the next group's.
    store.update('/r/a', 0, () => '3');
    expect(other.get('/r/a')?.value).toBe('1');
    await store.committed();
    expect(other.get('/r/a')?.value).toBe('3');
    stop();
    other.close();
  });

  it('lands none of a group when one of its writes fails for want of storage, and tells whoever waits', async () => {
    const seen: StoreEvent[] = [];
    const stop = store.subscribe((events) => seen.push(...events));
    store.groupCommits();
    store.create('/r/before', '1');
    await store.committed();
    const conn = (store as unknown as { db: { pragma(s: string, o?: object): unknown } }).db;
    conn.pragma(`max_page_count = ${conn.pragma('page_count', { simple: true }) as number}`);
    store.create('/r/small', '1');
    const committed = store.committed();
    let failure: unknown;
    try {
      for (let i = 0; i < 100; i++) store.create(`/r/big-${i}`, JSON.stringify('x'.repeat(20_000)));
    } catch (e) {
      failure = e;
    }
    expect((failure as Error).message).toMatch(/state\.db/);
    await expect(committed).rejects.toBe(failure);
    conn.pragma('max_page_count = 1000000');
    expect(store.list('/r/').items.map((kv) => kv.key)).toEqual(['/r/before']);
    store.create('/r/after', '1');
    await store.committed();
    expect(store.list('/r/').items.map((kv) => kv.key)).toEqual(['/r/after', '/r/before']);
    // Listeners heard of what landed, and of nothing that did not.
    expect(seen.map((e) => e.key)).toEqual(['/r/before', '/r/after']);
    stop();
  });
});

describe('background checkpoints', () => {
  it('copy the write-ahead log into the database on a thread of their own while this connection reads and writes', async () => {
    const file = join(dir, 'state.db');
    for (let i = 0; i < 200; i++) store.create(`/r/${i}`, JSON.stringify('x'.repeat(1000)));
    // Below the automatic checkpoint's threshold: the writes are in the log only.
    const before = statSync(file).size;
    const checkpoints = startCheckpoints(file, 50);
    try {
      await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before + 200 * 1000), { timeout: 10_000, interval: 50 });
      store.create('/r/after', '"a"');
    } finally {
      await checkpoints.stop();
    }
    expect(store.get('/r/199')?.value).toBe(JSON.stringify('x'.repeat(1000)));
    expect(store.get('/r/after')?.value).toBe('"a"');
  });
});
