// The controller manager: caches, work queues and the loop that runs every controller's syncs.
// `settle()` runs until nothing is left to do now (what a CLI command does before it exits);
// `start()` keeps running (cluster serve, watches). One process reconciles at a time: the one
// holding the kube-system/tkctl-controller-manager Lease.
import type { Store, StoreEvent } from '../store/store.js';
import type { ApiServer } from '../apiserver/server.js';
import { KubeClient } from '../../../client/client.js';
import { FatalError, StatusError } from '../../../client/errors.js';
import { Cache, type TypeName } from './cache.js';
import type { Controller, ControllerContext } from './controller.js';
import { EventRecorder } from './events.js';
import { LeaderLease } from './leader.js';
import { inProcessTransport } from '../in-process-transport.js';
import { SERVER_VERSION } from '../apiserver/discovery.js';
import type { BackgroundCheckpoints } from '../store/background-checkpoint.js';

/** Store bookkeeping: the revision the cluster was last settled at, and when it must next wake. */
/** The component a controller runs in when it names none (Controller.component). */
const CONTROLLER_MANAGER = 'kube-controller-manager';

const SETTLED_REVISION = 'settled_revision';
const NEXT_WAKEUP = 'next_wakeup_ms';

/** The longest a batch of controller writes keeps the store's write lock before committing. */
const BATCH_MS = 100;

/**
 * The longest a CLI command's drain runs without giving the event loop a turn. A process that
 * serves requests (not batching) gives one after every sync, so that requests wait for one sync at
 * most, not for the controllers' whole backlog.
 */
const YIELD_MS = 5;

/**
 * A CLI command's drain that runs longer than this has the write-ahead log copied into the
 * database on a worker thread every CHECKPOINT_MS, as serve has: left to the store's own
 * autocheckpoint, each copy stalls the drain in a commit (100 ms and more once the cluster holds
 * thousands of pods, a second and a half of a 10,000-pod rollout). Often: what is left at exit is
 * copied by the store's close, on the main thread.
 */
const LONG_DRAIN_MS = 300;
const CHECKPOINT_MS = 50;

/** How often a process waiting for another one's lease looks again. */
const WAIT_POLL_MS = 25;

/** Re-queue delays after a failed sync, doubling to a cap (client-go's rate limiter in spirit). */
const BACKOFF_BASE_MS = 5;
const BACKOFF_MAX_MS = 1_000;

export interface ControlPlaneOptions {
  server: ApiServer;
  store: Store;
  controllers: Controller[];
  clock: () => Date;
  /** Who holds the lease: "serve/…" for a long-running server, anything else for a CLI process. */
  identity: string;
  /**
   * Commit the controllers' writes in batches (see Store.beginBatch): only where nobody else
   * writes through this process's store, as in a CLI command.
   */
  batchWrites?: boolean;
}

interface Queue {
  controller: Controller;
  ready: Set<string>;
  /** key -> when it is due (time-based work, or back-off after a failure). */
  later: Map<string, number>;
  failures: Map<string, number>;
}

export class ControlPlane {
  readonly cache: Cache;
  private readonly queues: Queue[];
  /** The queues of the controllers that watch each type, in controller order. */
  private readonly watching = new Map<TypeName, Queue[]>();
  /** Each component's client and event recorder, as each runs in a cluster of its own. */
  private readonly contexts = new Map<string, ControllerContext>();
  private readonly lease: LeaderLease;
  private unsubscribe?: () => void;
  private timer?: NodeJS.Timeout;
  private running = false;
  /** The continuous loop, awaited by stop() so that it never drains alongside a settle() that follows. */
  private looping?: Promise<void>;
  private loaded = false;
  private wake?: () => void;
  /** The store revision the caches reflect: every write up to it has been (or is being) reconciled here. */
  private seen = 0;

  constructor(private readonly opts: ControlPlaneOptions) {
    this.cache = new Cache(opts.server.registry, opts.controllers.flatMap((c) => c.types));
    this.queues = opts.controllers.map((controller) => ({ controller, ready: new Set(), later: new Map(), failures: new Map() }));
    for (const q of this.queues) {
      for (const type of new Set(q.controller.types)) this.watching.set(type, [...(this.watching.get(type) ?? []), q]);
    }
    this.lease = new LeaderLease(this.contextOf(CONTROLLER_MANAGER).client, opts.identity, opts.clock);
  }

  private contextOf(component: string): ControllerContext {
    let ctx = this.contexts.get(component);
    if (!ctx) {
      // As a component's user agent reads (kube-apiserver takes the part before the first slash as the field manager).
      const agent = `${component}/${SERVER_VERSION.gitVersion.split('+')[0]} (${process.platform}/${process.arch}) kubernetes`;
      const client = new KubeClient(inProcessTransport(this.opts.server, undefined, undefined, true, agent), 'default');
      ctx = { client, cache: this.cache, events: new EventRecorder(client, this.opts.clock), now: this.opts.clock };
      this.contexts.set(component, ctx);
    }
    return ctx;
  }

  /** True when writes or due work wait for the controllers (cheap: two reads of store bookkeeping). */
  needsSettle(): boolean {
    const store = this.opts.store;
    const settled = store.getMeta(SETTLED_REVISION) ?? 0;
    const wakeup = store.getMeta(NEXT_WAKEUP) ?? 0;
    return store.currentRevision() > settled || (wakeup > 0 && wakeup <= this.opts.clock().getTime());
  }

  /**
   * Run every controller until nothing is due now. When another process holds the lease, wait
   * until it has reconciled everything written so far (it records how far it got) or until the
   * lease is free (released, or expired after a crash) and settle here.
   */
  async settle(): Promise<void> {
    const store = this.opts.store;
    const target = store.currentRevision();
    // Past expiry a crashed holder's lease is ours; a live one that keeps renewing is `serve`,
    // which records its progress as it goes, so this bound is only a safety net.
    const deadline = Date.now() + 2 * this.lease.expiryMs();
    while (!(await this.lease.acquire())) {
      if ((store.getMeta(SETTLED_REVISION) ?? 0) >= target || Date.now() >= deadline) return;
      await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
    }
    try {
      this.begin();
      await this.drain();
      // What other processes committed meanwhile is settled too (a later write is theirs to settle:
      // they find the lease free).
      store.poll();
      await this.drain();
    } finally {
      await this.finish();
    }
  }

  /** Reconcile continuously until stop(), renewing the lease (or waiting to take it over). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.looping = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    clearTimeout(this.timer);
    await this.looping;
    this.looping = undefined;
    await this.finish();
  }

  /**
   * Stop watching, record how far this process got while it still holds the lease (so records
   * from successive holders never go back), and give the lease up.
   */
  private async finish(): Promise<void> {
    const reached = this.seen;
    this.end();
    if (!this.lease.held()) return;
    this.record(reached);
    const released = await this.lease.release();
    // Our own release needs no reconciling: when nothing else was written since, count it settled.
    const store = this.opts.store;
    if (released !== undefined && store.currentRevision() === released && store.getMeta(SETTLED_REVISION) === reached) {
      bookkeeping(() => store.setMeta(SETTLED_REVISION, released));
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      if (!(await this.leaseOrRetry())) {
        await this.sleep(this.lease.retryMs());
        continue;
      }
      this.begin();
      await this.drain();
      if (!this.running) break;
      // CLI processes waiting in settle() learn from this that their writes are reconciled.
      if (this.lease.held()) this.record(this.seen);
      const renewAt = this.lease.renewAt();
      const due = Math.min(this.nextDue() ?? Infinity, renewAt);
      await this.sleep(Math.max(0, due - this.opts.clock().getTime()));
    }
  }

  /** The lease; a server that cannot store it (a full disk) is asked again after the usual wait. */
  private async leaseOrRetry(): Promise<boolean> {
    try {
      return await this.lease.acquire();
    } catch (e) {
      if (e instanceof StatusError && e.code >= 500) return false;
      throw e;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      // Never what keeps a process alive: serve and open watches do that themselves.
      this.timer = setTimeout(resolve, Math.min(ms, 60_000));
      this.timer.unref();
    });
  }

  /** Load the caches once and queue every object: level-triggered, nothing is assumed done. */
  private begin(): void {
    if (this.loaded) return;
    this.loaded = true;
    this.unsubscribe = this.opts.store.subscribe((events) => this.onEvents(events));
    this.seen = this.cache.load();
    for (const q of this.queues) {
      for (const type of q.controller.types) {
        for (const object of this.cache.list(type)) {
          for (const key of q.controller.keysFor({ type, object, deleted: false }, this.cache)) q.ready.add(key);
        }
      }
    }
  }

  private end(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.loaded = false;
  }

  private onEvents(events: StoreEvent[]): void {
    for (const e of events) {
      this.seen = Math.max(this.seen, e.revision);
      const change = this.cache.apply(e);
      if (!change) continue;
      for (const q of this.watching.get(change.type) ?? []) {
        for (const key of q.controller.keysFor(change, this.cache)) q.ready.add(key);
      }
    }
    this.wake?.();
  }

  /**
   * Sync until every queue is empty and nothing is due now, renewing the lease as it goes. The
   * first queue (in controller order) with work syncs every key it holds at that moment before
   * the queues are looked at again: keys that come back meanwhile wait for the next round, so a
   * burst of changes (a thousand pods going Ready) costs their owner one sync, not one each, as
   * kube's work queues coalesce them.
   */
  private async drain(): Promise<void> {
    if (!this.opts.batchWrites) return this.drainQueues();
    const store = this.opts.store;
    store.beginBatch();
    const checkpoints = checkpointsOnceLong(store.path);
    try {
      await this.drainQueues();
    } finally {
      await checkpoints.stop();
      store.endBatch();
    }
  }

  private async drainQueues(): Promise<void> {
    let committedAt = Date.now();
    let yieldedAt = Date.now();
    const yieldMs = this.opts.batchWrites ? YIELD_MS : 0;
    for (;;) {
      const now = this.opts.clock().getTime();
      for (const q of this.queues) {
        for (const [key, at] of q.later) {
          if (at <= now) {
            q.later.delete(key);
            q.ready.add(key);
          }
        }
      }
      const q = this.queues.find((x) => x.ready.size > 0);
      if (!q) return;
      const batch = [...q.ready];
      q.ready.clear();
      for (const [i, key] of batch.entries()) {
        // A long drain must not outlive the lease, or a second process would reconcile alongside.
        if ((this.looping && !this.running) || !(await this.lease.acquire())) {
          for (const k of batch.slice(i)) q.ready.add(k);
          return;
        }
        await this.syncOne(q, key);
        // Other processes wait for the write lock a batch holds: not for long.
        if (this.opts.batchWrites && Date.now() - committedAt >= BATCH_MS) {
          this.opts.store.commitBatch();
          committedAt = Date.now();
        }
        // This process's own writes reach the cache as they are made (the store publishes them in a
        // microtask); the event loop gets a turn now and then, for timers, signals and other I/O.
        if (Date.now() - yieldedAt >= yieldMs) {
          await new Promise((r) => setImmediate(r));
          yieldedAt = Date.now();
        }
      }
    }
  }

  private async syncOne(q: Queue, key: string): Promise<void> {
    try {
      const requeueAt = (await q.controller.sync(key, this.contextOf(q.controller.component ?? CONTROLLER_MANAGER)))?.getTime();
      q.failures.delete(key);
      // An invalid date (NaN) from a controller must not become a wake-up time.
      if (requeueAt !== undefined && Number.isFinite(requeueAt)) q.later.set(key, Math.min(q.later.get(key) ?? Infinity, requeueAt));
    } catch (e) {
      const failures = (q.failures.get(key) ?? 0) + 1;
      q.failures.set(key, failures);
      const delay = Math.min(BACKOFF_BASE_MS * 2 ** (failures - 1), BACKOFF_MAX_MS);
      if (failures > 8 && process.env.TKCTL_DEBUG_CONTROLLERS) {
        process.stderr.write(`controller ${q.controller.name}: ${key}: ${(e as Error).message}\n`);
      }
      // In a one-shot settle, a key that keeps failing is left for the next command.
      if (failures <= 8 || this.running) q.later.set(key, this.opts.clock().getTime() + delay);
    }
  }

  private nextDue(): number | undefined {
    let next: number | undefined;
    for (const q of this.queues) for (const at of q.later.values()) next = next === undefined ? at : Math.min(next, at);
    return next;
  }

  /**
   * Remember what is settled and when time-based work falls due, for the next process. Only what
   * this process has seen counts as settled: a write that lands after its last drain is not.
   */
  private record(reached: number): void {
    const store = this.opts.store;
    bookkeeping(() => {
      store.setMeta(SETTLED_REVISION, reached);
      store.setMeta(NEXT_WAKEUP, this.nextDue() ?? 0);
    });
  }
}

/** Background checkpoints of the store at `path` that start once LONG_DRAIN_MS have passed. */
function checkpointsOnceLong(path: string): { stop(): Promise<void> } {
  let started: Promise<BackgroundCheckpoints | undefined> | undefined;
  const timer = setTimeout(() => {
    // A worker that cannot start leaves the log to the store's autocheckpoint, as before.
    started = import('../store/background-checkpoint.js')
      .then(({ startCheckpoints }) => startCheckpoints(path, CHECKPOINT_MS))
      .catch(() => undefined);
  }, LONG_DRAIN_MS);
  return {
    async stop() {
      clearTimeout(timer);
      await (await started)?.stop();
    },
  };
}

/**
 * Bookkeeping the store cannot take (a full disk) is left undone: the next round records it, and
 * meanwhile CLI processes settle for themselves, which is slower but right.
 */
function bookkeeping(write: () => void): void {
  try {
    write();
  } catch (e) {
    if (!(e instanceof FatalError)) throw e;
  }
}
