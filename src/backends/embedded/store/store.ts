// A revisioned key-value store on SQLite, in the manner of k3s's kine.
//
// One append-only table `kv`: every write is a row whose id is the global revision (it becomes
// metadata.resourceVersion). A create row has created=1, a delete row has deleted=1 and carries the
// last value. `current` maps each live key to its newest row so reads do not scan history. Every
// write runs in an IMMEDIATE transaction (its own, a group's or a batch's: see groupCommits and
// beginBatch), so revisions are assigned without gaps or races even with several processes on the same file. Ids are rowids, not AUTOINCREMENT (which costs a page
// write per insert); compaction keeps the newest row so that ids never go back.
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { createRequire } from 'node:module';
import { storageFailure } from './storage-error.js';

// better-sqlite3's JavaScript is bundled with the CLI; only its native addon loads from
// node_modules, named here so that the `bindings` package's search for it never runs.
export const addonPath = (): string => createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');

export interface KeyValue {
  key: string;
  value: string;
  /** Revision of the row that wrote this value. */
  revision: number;
  createRevision: number;
}

export interface StoreListOptions {
  startKey?: string;
  limit?: number;
  revision?: number;
  /**
   * Newest state only: a key whose revision the caller already holds decoded (`known` says so)
   * comes without its value and createRevision ('' and 0), which then need not be read.
   */
  known?: (key: string, revision: number) => boolean;
}

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: StoreEventType;
  key: string;
  /** For DELETED: the value the key had before the delete. */
  value: string;
  revision: number;
  prevValue?: string;
  /** The value as this process's writer had it decoded (see create and update): to copy, never to change. */
  decoded?: object;
}

export type StoreErrorCode = 'KeyExists' | 'KeyNotFound' | 'Conflict' | 'Compacted' | 'FutureRevision';

export class StoreError extends Error {
  constructor(readonly code: StoreErrorCode, message: string) {
    super(message);
  }
}

interface Row {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  value: string;
}

const SCHEMA_VERSION = 1;
const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id);
CREATE TABLE IF NOT EXISTS current (
  name TEXT PRIMARY KEY,
  id INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO meta (key, value) VALUES ('compact_revision', 0);
`;

/** The smallest string greater than every key with this prefix. */
function prefixEnd(prefix: string): string {
  return prefix + '\u{10FFFF}';
}

export class Store {
  private readonly db: SqliteDatabase;
  private readonly stmts: ReturnType<Store['prepare']>;
  /** One transaction wrapper for every call: better-sqlite3 builds a new one per db.transaction(). */
  private readonly runInTransaction;
  private readonly listeners = new Set<(events: StoreEvent[]) => void>();
  private pollTimer: NodeJS.Timeout | undefined;
  private lastSeen = 0;
  private dataVersion = 0;
  /** Events of this process's writes not yet published, oldest first: delivered without reading them back. */
  private written: StoreEvent[] = [];
  /** How deep in write() calls we are: nested writes publish with the outermost one. */
  private writeDepth = 0;
  private publishQueued = false;
  private batching = false;
  private grouping = false;
  /** The newest revision, known while this connection holds the write lock and has written under it. */
  private lockedRevision: number | undefined;
  /** The open group commit's outcome: settled when the writes made since it opened are committed, or rolled back. */
  private group: { done: Promise<void>; settle: (error?: Error) => void } | undefined;

  /** Set once a write failed for want of storage (full disk, read-only): nothing more can land. */
  failure: Error | undefined;

  constructor(readonly path: string) {
    try {
      this.db = new Database(path, { timeout: 10_000, nativeBinding: addonPath() });
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      // Checkpoints are what cost an fsync in WAL mode: keep them off the write path (a long-running
      // process calls checkpoint() when idle, the last connection to close does one) with a ~40 MB cap.
      this.db.pragma('wal_autocheckpoint = 10000');
      this.db.pragma('busy_timeout = 10000');
      // The schema is made once; user_version says so without taking the write lock on every open.
      if (this.db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) {
        this.db.exec(SCHEMA);
        this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }
    } catch (e) {
      throw storageFailure(e, 'open', path) ?? e;
    }
    this.stmts = this.prepare();
    this.runInTransaction = this.db.transaction((fn: () => unknown) => fn());
  }

  private prepare() {
    const db = this.db;
    return {
      currentRow: db.prepare(`SELECT kv.* FROM current JOIN kv ON kv.id = current.id WHERE current.name = ?`),
      liveRevision: db.prepare(`SELECT id FROM current WHERE name = ?`).pluck(),
      listCurrent: db.prepare(
        `SELECT kv.* FROM current JOIN kv ON kv.id = current.id WHERE current.name >= ? AND current.name < ? ORDER BY current.name LIMIT ?`),
      listAt: db.prepare(
        `SELECT kv.* FROM kv JOIN (SELECT MAX(id) AS id FROM kv WHERE name >= ? AND name < ? AND id <= ? GROUP BY name) latest
           ON kv.id = latest.id WHERE kv.deleted = 0 ORDER BY kv.name LIMIT ?`),
      listCurrentIds: db.prepare(`SELECT name, id FROM current WHERE name >= ? AND name < ? ORDER BY name LIMIT ?`),
      rowById: db.prepare(`SELECT * FROM kv WHERE id = ?`),
      countCurrent: db.prepare(`SELECT COUNT(*) AS n FROM current WHERE name >= ? AND name < ?`),
      prefixVersion: db.prepare(`SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS rev FROM current WHERE name >= ? AND name < ?`),
      insert: db.prepare(
        `INSERT INTO kv (name, created, deleted, create_revision, prev_revision, value) VALUES (?, ?, ?, ?, ?, ?)`),
      insertCreated: db.prepare(
        `INSERT INTO kv (id, name, created, deleted, create_revision, prev_revision, value) VALUES (?, ?, 1, 0, ?, 0, ?)`),
      insertCurrent: db.prepare(`INSERT INTO current (name, id) VALUES (?, ?)`),
      upsertCurrent: db.prepare(`INSERT INTO current (name, id) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET id = excluded.id`),
      deleteCurrent: db.prepare(`DELETE FROM current WHERE name = ?`),
      maxRevision: db.prepare(`SELECT COALESCE(MAX(id), 0) AS rev FROM kv`),
      compactRevision: db.prepare(`SELECT value FROM meta WHERE key = 'compact_revision'`),
      getMeta: db.prepare(`SELECT value FROM meta WHERE key = ?`),
      setMeta: db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      setCompactRevision: db.prepare(`UPDATE meta SET value = ? WHERE key = 'compact_revision'`),
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      since: db.prepare(`SELECT * FROM kv WHERE id > ? ORDER BY id LIMIT 1000`),
      prevValue: db.prepare(`SELECT value FROM kv WHERE id = ?`),
      // The newest row always stays: a new row's id is the largest id plus one, so revisions never repeat.
      compact: db.prepare(
        `DELETE FROM kv WHERE id <= ? AND id < (SELECT MAX(id) FROM kv)
           AND (deleted = 1 OR id < (SELECT MAX(k2.id) FROM kv k2 WHERE k2.name = kv.name AND k2.id <= ?))`),
    };
  }

  close(): void {
    this.endBatch();
    this.commitGroup();
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    this.db.close();
  }

  /** The newest revision in the store (the resourceVersion of a list). */
  currentRevision(): number {
    // Nobody else adds a revision while this connection holds the write lock: the newest is its own last.
    if (this.lockedRevision !== undefined) return this.lockedRevision;
    return (this.stmts.maxRevision.get() as { rev: number }).rev;
  }

  compactedRevision(): number {
    return (this.stmts.compactRevision.get() as { value: number }).value;
  }

  /** Bookkeeping outside the keyspace (what the control plane last settled, when it must wake). */
  getMeta(key: string): number | undefined {
    return (this.stmts.getMeta.get(key) as { value: number } | undefined)?.value;
  }

  setMeta(key: string, value: number): void {
    this.guarded(() => this.stmts.setMeta.run(key, value));
  }

  /** The revision of a live key's value, without reading the value; undefined when the key is not live. */
  revisionOf(key: string): number | undefined {
    return this.stmts.liveRevision.get(key) as number | undefined;
  }

  get(key: string): KeyValue | undefined {
    const row = this.stmts.currentRow.get(key) as Row | undefined;
    return row && toKeyValue(row);
  }

  /**
   * Keys under `prefix` in key order, starting at `startKey` (inclusive), at most `limit`.
   * `revision` 0 means the newest state; otherwise the state as of that revision.
   */
  list(prefix: string, opts: StoreListOptions = {}): { items: KeyValue[]; revision: number } {
    const start = opts.startKey && opts.startKey > prefix ? opts.startKey : prefix;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : -1;
    return this.read(() => {
      const newest = this.currentRevision();
      const revision = opts.revision ?? 0;
      if (revision > newest) throw new StoreError('FutureRevision', `revision ${revision} is in the future`);
      if (revision === 0 || revision === newest) {
        const known = opts.known;
        if (known) {
          const ids = this.stmts.listCurrentIds.all(start, prefixEnd(prefix), limit) as { name: string; id: number }[];
          const items = ids.map(({ name, id }) =>
            known(name, id) ? { key: name, value: '', revision: id, createRevision: 0 } : toKeyValue(this.stmts.rowById.get(id) as Row));
          return { items, revision: newest };
        }
        const rows = this.stmts.listCurrent.all(start, prefixEnd(prefix), limit) as Row[];
        return { items: rows.map(toKeyValue), revision: newest };
      }
      if (revision < this.compactedRevision()) {
        throw new StoreError('Compacted', `required revision ${revision} has been compacted`);
      }
      const rows = this.stmts.listAt.all(start, prefixEnd(prefix), revision, limit) as Row[];
      return { items: rows.map(toKeyValue), revision };
    });
  }

  count(prefix: string): number {
    return (this.stmts.countCurrent.get(prefix, prefixEnd(prefix)) as { n: number }).n;
  }

  /**
   * A value that changes whenever any key under `prefix` is written or deleted (revisions only
   * grow, so the live count and the newest live revision together tell), in one indexed read.
   */
  prefixVersion(prefix: string): string {
    const { n, rev } = this.stmts.prefixVersion.get(prefix, prefixEnd(prefix)) as { n: number; rev: number };
    return `${n}@${rev}`;
  }

  /** Create a key; fails with KeyExists when it is live. `decoded`: the value decoded, for listeners (StoreEvent.decoded). */
  create(key: string, value: string, decoded?: object): KeyValue {
    return this.write(() => {
      const id = this.currentRevision() + 1;
      // The key's place in `current` first: its primary key refuses a live key before anything is written.
      try {
        this.stmts.insertCurrent.run(key, id);
      } catch (e) {
        if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new StoreError('KeyExists', `key ${key} exists`);
        throw e;
      }
      this.stmts.insertCreated.run(id, key, id, value);
      this.lockedRevision = id;
      this.written.push({ type: 'ADDED', key, value, revision: id, decoded });
      return { key, value, revision: id, createRevision: id };
    });
  }

  /**
   * Compare-and-swap update. `expectedRevision` 0 means unconditional. `mutate` receives the current
   * value and returns the new one (or undefined to leave the key unchanged); `decoded`, when given,
   * is that new value decoded (StoreEvent.decoded).
   */
  update(key: string, expectedRevision: number, mutate: (current: KeyValue) => string | undefined, decoded?: object): KeyValue {
    return this.write(() => {
      const row = this.stmts.currentRow.get(key) as Row | undefined;
      if (!row) throw new StoreError('KeyNotFound', `key ${key} not found`);
      if (expectedRevision && row.id !== expectedRevision) throw new StoreError('Conflict', `key ${key} has revision ${row.id}`);
      const current = toKeyValue(row);
      const value = mutate(current);
      if (value === undefined) return current;
      const id = Number(this.stmts.insert.run(key, 0, 0, row.create_revision, row.id, value).lastInsertRowid);
      this.stmts.upsertCurrent.run(key, id);
      this.lockedRevision = id;
      this.written.push({ type: 'MODIFIED', key, value, revision: id, prevValue: row.value, decoded });
      return { key, value, revision: id, createRevision: row.create_revision };
    });
  }

  /** Compare-and-swap delete; returns the deleted value. `expectedRevision` 0 means unconditional. */
  delete(key: string, expectedRevision = 0): KeyValue {
    return this.write(() => {
      const row = this.stmts.currentRow.get(key) as Row | undefined;
      if (!row) throw new StoreError('KeyNotFound', `key ${key} not found`);
      if (expectedRevision && row.id !== expectedRevision) throw new StoreError('Conflict', `key ${key} has revision ${row.id}`);
      const id = Number(this.stmts.insert.run(key, 0, 1, row.create_revision, row.id, row.value).lastInsertRowid);
      this.stmts.deleteCurrent.run(key);
      this.lockedRevision = id;
      this.written.push({ type: 'DELETED', key, value: row.value, revision: id });
      return { key, value: row.value, revision: id, createRevision: row.create_revision };
    });
  }

  /** Run several writes as one transaction: all land or none does. */
  atomically<T>(fn: () => T): T {
    return this.write(fn);
  }

  /** Drop history at or below `revision`, keeping each live key's newest value. */
  compact(revision: number): void {
    this.write(() => {
      const target = Math.min(revision, this.currentRevision());
      if (target <= this.compactedRevision()) return;
      this.stmts.compact.run(target, target);
      this.stmts.setCompactRevision.run(target);
    });
  }

  /** Events after `revision` (exclusive), oldest first, in batches. */
  eventsSince(revision: number): StoreEvent[] {
    if (revision < this.compactedRevision()) {
      throw new StoreError('Compacted', `required revision ${revision} has been compacted`);
    }
    const rows = this.stmts.since.all(revision) as Row[];
    return rows.map((row) => {
      const type: StoreEventType = row.deleted ? 'DELETED' : row.created ? 'ADDED' : 'MODIFIED';
      const event: StoreEvent = { type, key: row.name, value: row.value, revision: row.id };
      if (type === 'MODIFIED' && row.prev_revision) {
        const prev = this.stmts.prevValue.get(row.prev_revision) as { value: string } | undefined;
        if (prev) event.prevValue = prev.value;
      }
      return event;
    });
  }

  /**
   * Subscribe to every write, from this process or another one on the same file. Writes from
   * other processes are noticed by polling SQLite's data_version, which only changes when
   * another connection commits.
   */
  subscribe(listener: (events: StoreEvent[]) => void): () => void {
    if (this.listeners.size === 0) this.startPolling();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.pollTimer) {
        clearInterval(this.pollTimer);
        this.pollTimer = undefined;
      }
    };
  }

  private startPolling(): void {
    this.lastSeen = this.currentRevision();
    this.dataVersion = this.db.pragma('data_version', { simple: true }) as number;
    this.pollTimer = setInterval(() => this.poll(), 20);
    this.pollTimer.unref();
  }

  /** Deliver now what other processes have committed since the last look (done every 20 ms while subscribed). */
  poll(): void {
    if (!this.pollTimer) return;
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version === this.dataVersion) return;
    this.dataVersion = version;
    this.publish();
  }

  /**
   * Deliver every event after the last one delivered: this process's own writes as they were
   * made, anything another process wrote in between (a gap in revisions) read back from SQLite.
   */
  private publish(): void {
    // An open group's writes are told once it is committed (commitGroup publishes then, with
    // whatever another process wrote before it).
    if (this.group) return;
    const written = this.written;
    this.written = [];
    if (this.listeners.size === 0) return;
    let next = 0;
    for (;;) {
      while (next < written.length && written[next].revision <= this.lastSeen) next++;
      let events: StoreEvent[];
      if (next < written.length && written[next].revision === this.lastSeen + 1) {
        const from = next;
        while (next < written.length && written[next].revision === this.lastSeen + 1 + next - from) next++;
        events = written.slice(from, next);
      } else {
        try {
          events = this.eventsSince(this.lastSeen);
        } catch {
          // Compacted past what we delivered: listeners must re-list; they learn it from their own read.
          this.lastSeen = this.currentRevision();
          return;
        }
        if (events.length === 0) return;
      }
      this.lastSeen = events[events.length - 1].revision;
      for (const l of [...this.listeners]) l(events);
      if (next >= written.length) return;
    }
  }

  /**
   * Let this process's writes share one transaction, committed by commitBatch() or endBatch(): one
   * commit for a controller pass instead of one per write. Only for a process whose writes are
   * all its own (a CLI command's control plane): a write acknowledged to someone else must not
   * wait for a later commit. Events are published as each write is made, as without a batch.
   */
  beginBatch(): void {
    this.batching = true;
  }

  /** Commit what the batch has written so far; the batch goes on. */
  commitBatch(): void {
    if (this.db.inTransaction && this.writeDepth === 0) {
      this.lockedRevision = undefined;
      this.guarded(() => this.stmts.commit.run());
    }
  }

  endBatch(): void {
    this.commitBatch();
    this.batching = false;
  }

  /**
   * Let writes made in one turn of the event loop share one transaction, committed before the
   * next turn: for a server with many clients, whose requests then share a commit (a commit's
   * cost is most of a small write's). A write is not acknowledged, and nobody is told of it, until
   * its group is committed: callers answer after committed(). Batches (beginBatch) take precedence.
   */
  groupCommits(): void {
    this.grouping = true;
  }

  /** Settles once what this process has written so far is committed; rejects when it was rolled back instead. */
  committed(): Promise<void> {
    return this.group?.done ?? NOTHING_PENDING;
  }

  private openGroup(): void {
    this.guarded(() => this.stmts.begin.run());
    let settle!: (error?: Error) => void;
    const done = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
    // Nobody may be waiting (a write of the control plane's own): a failure is then the store's failure, not an unhandled one.
    done.catch(() => undefined);
    this.group = { done, settle };
    setImmediate(() => this.commitGroup());
  }

  private commitGroup(): void {
    const group = this.group;
    if (!group) return;
    this.group = undefined;
    this.lockedRevision = undefined;
    try {
      if (this.db.inTransaction) this.guarded(() => this.stmts.commit.run());
    } catch (e) {
      this.abandon(group, e as Error);
      return;
    }
    group.settle();
    this.publish();
  }

  /** A write of the group failed for want of storage, or its commit did: none of the group's writes lands. */
  private abandon(group: NonNullable<Store['group']>, error: Error): void {
    if (this.group === group) this.group = undefined;
    this.lockedRevision = undefined;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.written = [];
    group.settle(error);
  }

  private read<T>(fn: () => T): T {
    return this.runInTransaction.deferred(fn) as T;
  }

  private write<T>(fn: () => T): T {
    // Inside atomically() a write joins the transaction already open, without a savepoint of its
    // own (two more statements each): the errors callers catch and carry on after (KeyExists,
    // KeyNotFound, Conflict) come before the write changes anything, and any other error ends
    // the whole transaction, rolled back.
    if (this.writeDepth > 0) return fn();
    // A batch opens its transaction at its first write (IMMEDIATE: the write lock, or wait for it);
    // the writes inside it become savepoints, each still all-or-nothing.
    if (this.batching && !this.db.inTransaction) this.guarded(() => this.stmts.begin.run());
    else if (this.grouping && !this.batching && !this.group) this.openGroup();
    const mark = this.written.length;
    this.writeDepth++;
    try {
      return this.guarded(() => this.runInTransaction.immediate(fn) as T);
    } catch (e) {
      // Rolled back: what this write inserted, if anything, is gone.
      this.lockedRevision = undefined;
      // (A group given up meanwhile has dropped its events already, this write's among them.)
      if (this.written.length > mark) this.written.length = mark;
      throw e;
    } finally {
      if (!this.db.inTransaction) this.lockedRevision = undefined;
      // Publish once the outermost write is done, after the caller has seen its result.
      if (--this.writeDepth === 0 && this.written.length > 0 && !this.publishQueued) {
        this.publishQueued = true;
        queueMicrotask(() => {
          this.publishQueued = false;
          this.publish();
        });
      }
    }
  }

  /** A write whose failure for want of storage becomes the store's failure; SQLite has rolled it back. */
  private guarded<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      const failure = storageFailure(e, 'write', this.path);
      if (!failure) throw e;
      this.failure ??= failure;
      // SQLite may have rolled back the whole transaction: the group's other writes with it.
      if (this.group) this.abandon(this.group, failure);
      throw failure;
    }
  }
}

const NOTHING_PENDING = Promise.resolve();

function toKeyValue(row: Row): KeyValue {
  return { key: row.name, value: row.value, revision: row.id, createRevision: row.create_revision };
}
