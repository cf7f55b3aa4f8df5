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

export async function inProcessCreatesPerSecond(count: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'tkctl-bench-'));
  const store = new Store(join(dir, 'state.db'));
  try {
    const server = new ApiServer(store);
    bootstrap(server);
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const res = await server.handle({ method: 'POST', path: '/api/v1/namespaces/default/pods', query: { fieldValidation: 'Strict' }, headers: { 'content-type': 'application/json' }, body: podBody(`pod-${i}`) });
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.body}`);
    }
    return count / ((performance.now() - started) / 1000);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
