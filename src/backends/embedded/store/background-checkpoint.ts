// WAL checkpoints on a worker thread with a connection of its own, for the serve process and for a
// CLI command's long controller drain. Copying the write-ahead log into the database, and the
// fsync that follows, takes a busy cluster's event loop 100 ms and more: every request (or sync)
// waiting meanwhile would wait that long. SQLite lets another
// connection checkpoint while this one reads and writes (PASSIVE mode waits for no one).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { addonPath } from './store.js';

// A checkpoint that fails (a full disk) is simply tried again next time: nothing is lost, the
// log only stays longer, and the writes themselves report the full disk.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path, { timeout: 10000, nativeBinding: workerData.addon });
parentPort.on('message', () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {}
  parentPort.postMessage('done');
});
`;

export interface BackgroundCheckpoints {
  stop(): Promise<void>;
}

/** Checkpoint the database at `path` every `intervalMs`, one checkpoint at a time. */
export function startCheckpoints(path: string, intervalMs: number): BackgroundCheckpoints {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { path, module: createRequire(import.meta.url).resolve('better-sqlite3'), addon: addonPath() },
  });
  worker.unref();
  let running = false;
  worker.on('message', () => (running = false));
  // A worker that could not start (or died) leaves the log to the last connection's checkpoint at close.
  worker.on('error', () => clearInterval(timer));
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    worker.postMessage('checkpoint');
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await worker.terminate();
    },
  };
}
