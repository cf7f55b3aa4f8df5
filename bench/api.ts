// Creates per second through the embedded API server, called in-process: the full request path
// (routing, JSON, admission, SQLite transaction) for each pod.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src/backends/embedded/store/store.js';
import { ApiServer } from '../src/backends/embedded/apiserver/server.js';
import { bootstrap } from '../src/backends/embedded/apiserver/bootstrap.js';

export function podBody(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
  });
}

export interface Rates {
  /** Creates per second of wall time: the target's measure. */
  perSecond: number;
  /** Creates per second of this process's CPU time, which a busy machine disturbs less. */
  perCpuSecond: number;
}

/**
 * `inFlight` requests at a time, on a store set up as `tkctl cluster serve` sets it up (writes made
 * together share a commit); one at a time, as a CLI command sends them.
 */
export async function inProcessCreates(count: number, inFlight = 1): Promise<Rates> {
  const dir = mkdtempSync(join(tmpdir(), 'tkctl-bench-'));
  const store = new Store(join(dir, 'state.db'));
  try {
    const server = new ApiServer(store);
    bootstrap(server);
    if (inFlight > 1) store.groupCommits();
    const cpu = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    const client = async () => {
      while (next < count) {
        const res = await server.handle({ method: 'POST', path: '/api/v1/namespaces/default/pods', query: { fieldValidation: 'Strict' }, headers: { 'content-type': 'application/json' }, body: podBody(`pod-${next++}`) });
        if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.body}`);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, client));
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return { perSecond: count / seconds, perCpuSecond: count / ((used.user + used.system) / 1e6) };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
