// Several tkctl processes on one embedded cluster: one reconciles at a time (the Lease), the
// others wait for it instead of leaving their writes unreconciled, `cluster serve` reconciles for
// CLI processes, and a holder killed with SIGKILL is taken over once its lease expires. State is
// read straight from the database after the processes exit, so nothing reconciles it afterwards.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BIN, FIXTURES, ROOT, sandbox, serve, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = sandbox();
  expect((await tkctl(sb, ['cluster', 'create', 'demo', '--config', join(FIXTURES, 'clusters/kind.yaml')])).code).toBe(0);
});
afterAll(() => sb.cleanup());

const deployment = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: web, image: nginx:1.14.2}]}
`;

/** What the store holds now, read without running any controller. */
function snapshot() {
  const db = new Database(join(sb.env.TKCTL_HOME!, 'clusters/demo/state.db'), { readonly: true });
  let objects: any[];
  try {
    objects = db.prepare(`SELECT current.name, kv.value FROM current JOIN kv ON kv.id = current.id`).all()
      .map((r: any) => ({ key: r.name, ...JSON.parse(r.value) }));
  } finally {
    db.close();
  }
  const under = (prefix: string) => objects.filter((o) => o.key.startsWith(prefix));
  return {
    replicas: (name: string) => under(`/registry/apps/deployments/default/${name}`)[0]?.spec.replicas,
    activePods: (app: string) => under('/registry/core/pods/default/').filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp),
    replicaSets: (app: string) => under('/registry/apps/replicasets/default/').filter((rs) => rs.metadata.labels?.app === app),
    leaseHolder: (): string | undefined => under('/registry/coordination.k8s.io/leases/kube-system/tkctl-controller-manager')[0]?.spec.holderIdentity,
  };
}

const apply = (name: string, replicas: number) => tkctl(sb, ['apply', '-f', '-'], deployment(name, replicas));

describe('tkctl processes reconciling one cluster', () => {
  it('applying and scaling from four processes at once: exact replica counts, every write reconciled by the writers', async () => {
    expect((await apply('shared', 1)).code).toBe(0);
    const plans = [[2, 5, 3], [4, 1, 2], [3, 3, 6], [1, 4, 1]];
    const worker = async (i: number) => {
      for (const [step, replicas] of plans[i]!.entries()) {
        const own = await apply(`app${i}`, replicas);
        expect(own.code).toBe(0);
        const shared = await apply('shared', replicas + step);
        expect(shared.code).toBe(0);
      }
    };
    await Promise.all(plans.map((_, i) => worker(i)));

    const state = snapshot();
    for (const [i, plan] of plans.entries()) {
      expect(state.activePods(`app${i}`)).toHaveLength(plan.at(-1)!);
      expect(state.replicaSets(`app${i}`)).toHaveLength(1);
    }
    // Whichever write to the shared deployment landed last, its pods match it exactly.
    expect(state.activePods('shared')).toHaveLength(state.replicas('shared'));
    expect(state.leaseHolder()).toBe('');
  }, 120_000);

  it('while `cluster serve` holds the lease, a CLI write is reconciled by serve before the command returns', async () => {
    const server = await serve(sb, 'demo');
    try {
      // serve takes the lease as it starts.
      for (let i = 0; i < 100 && !snapshot().leaseHolder()?.startsWith('serve/'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(snapshot().leaseHolder()).toMatch(/^serve\//);
      for (const replicas of [4, 2]) {
        const started = Date.now();
        expect((await apply('served', replicas)).code).toBe(0);
        expect(Date.now() - started).toBeLessThan(10_000);
        const state = snapshot();
        expect(state.activePods('served')).toHaveLength(replicas);
        expect(state.leaseHolder()).toMatch(/^serve\//);
      }
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('a lease holder killed with SIGKILL: the next command waits out the lease and converges', async () => {
    expect((await apply('survivor', 1)).code).toBe(0);
    // A watch reconciles (and holds the lease) for as long as it is open.
    const watcher = spawn(process.execPath, [BIN, 'get', 'pods', '-w'], { env: sb.env, cwd: ROOT, stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && !snapshot().leaseHolder()?.startsWith('cli/'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(snapshot().leaseHolder()).toMatch(/^cli\//);
    } finally {
      watcher.kill('SIGKILL');
    }
    await new Promise((r) => watcher.once('exit', r));

    const started = Date.now();
    expect((await apply('survivor', 3)).code).toBe(0);
    const elapsed = Date.now() - started;
    // The lease lasts 15s from its last renewal; the command waited for it rather than skip.
    expect(elapsed).toBeLessThan(25_000);
    const state = snapshot();
    expect(state.activePods('survivor')).toHaveLength(3);
    expect(state.leaseHolder()).toBe('');
    console.log(`took over a killed holder's lease after ${elapsed} ms`);
  }, 60_000);
});
