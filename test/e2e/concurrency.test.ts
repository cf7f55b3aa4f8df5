// Several tkctl processes writing the same objects at once: each write lands or gets 409, none is
// lost, and the database stays sound.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { sandbox, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = sandbox();
  expect((await tkctl(sb, ['cluster', 'create', 'race'])).code).toBe(0);
});
afterAll(() => sb.cleanup());

const PROCESSES = 4;

describe('concurrent tkctl processes on one cluster', () => {
  it('creating the same objects: exactly one create of each lands, every other gets 409 AlreadyExists', async () => {
    const doc = [0, 1, 2, 3, 4].map((i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: same-${i}}\n`).join('---\n');
    const results = await Promise.all(Array.from({ length: PROCESSES }, () => tkctl(sb, ['create', '-f', '-'], doc)));
    const created = results.flatMap((r) => r.stdout.split('\n').filter(Boolean));
    const conflicts = results.flatMap((r) => r.stderr.split('\n').filter(Boolean));
    expect(created.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `configmap/same-${i} created`));
    expect(conflicts).toHaveLength(5 * (PROCESSES - 1));
    for (const line of conflicts) expect(line).toMatch(/^Error from server \(AlreadyExists\): error when creating "STDIN": configmaps "same-\d" already exists$/);
  });

  it('read-modify-write with resourceVersion: no increment is lost, stale writes get 409 Conflict', async () => {
    await tkctl(sb, ['create', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: counter}\ndata: {n: "0"}\n');
    const INCREMENTS = 5;
    let conflicts = 0;
    const worker = async () => {
      for (let done = 0; done < INCREMENTS;) {
        const cm = JSON.parse((await tkctl(sb, ['get', 'cm', 'counter', '-o', 'json'])).stdout);
        cm.data.n = String(Number(cm.data.n) + 1);
        const r = await tkctl(sb, ['replace', '-f', '-'], JSON.stringify(cm));
        if (r.code === 0) {
          expect(r.stdout).toBe('configmap/counter replaced\n');
          done++;
        } else {
          expect(r.stderr).toBe('Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "counter": the object has been modified; please apply your changes to the latest version and try again\n');
          conflicts++;
        }
      }
    };
    await Promise.all(Array.from({ length: PROCESSES }, worker));
    const final = JSON.parse((await tkctl(sb, ['get', 'cm', 'counter', '-o', 'json'])).stdout);
    expect(final.data.n).toBe(String(PROCESSES * INCREMENTS));
    console.log(`${PROCESSES * INCREMENTS} increments landed, ${conflicts} stale writes refused with 409`);

    const db = new Database(join(sb.env.TKCTL_HOME!, 'clusters/race/state.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // Every revision of the counter is one more than the one before: no write was lost or doubled.
      const values = db.prepare(`SELECT value FROM kv WHERE name = '/registry/core/configmaps/default/counter' ORDER BY id`).all()
        .map((r: any) => Number(JSON.parse(r.value).data.n));
      expect(values).toEqual(Array.from({ length: PROCESSES * INCREMENTS + 1 }, (_, i) => i));
    } finally {
      db.close();
    }
  });
});

describe('8 processes of mixed operations on one cluster', () => {
  const WORKERS = 8;
  const OPS = Number(process.env.CONCURRENCY_OPS ?? 5);
  const containers = Array.from({ length: WORKERS }, (_, w) => `{name: c${w}, image: nginx}`).join(', ');
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: shared}
spec:
  replicas: 1
  selector: {matchLabels: {app: shared}}
  template:
    metadata: {labels: {app: shared}}
    spec: {containers: [${containers}]}
`;
  // Each worker owns its own fields (a label key, a container, a ConfigMap; worker 0 the replica
  // count), so every order of the operations ends in the same state: a lost update shows as a
  // difference from the serial replay.
  const operation = (w: number, i: number): { args: string[]; input?: string } => {
    if (w % 2 === 1 && i === OPS - 1) return { args: ['delete', 'configmap', `cm-${w}`] };
    switch (i % 4) {
      case 0: return { args: ['apply', '-f', '-'], input: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${w}}\ndata: {step: "${i}"}\n` };
      case 1: return { args: ['label', 'deployment', 'shared', `w${w}=s${i}`, '--overwrite'] };
      case 2: return { args: ['set', 'image', 'deployment/shared', `c${w}=busybox:${w}.${i}`] };
      default: return w === 0
        ? { args: ['scale', 'deployment', 'shared', `--replicas=${1 + (i % 3)}`] }
        : { args: ['label', 'configmap', `cm-${w}`, `step=s${i}`, '--overwrite'] };
    }
  };

  async function state(context: string) {
    const d = JSON.parse((await tkctl(sb, ['--context', context, 'get', 'deployment', 'shared', '-o', 'json'])).stdout);
    const cms = JSON.parse((await tkctl(sb, ['--context', context, 'get', 'configmaps', '-o', 'json'])).stdout).items
      .filter((c: any) => c.metadata.name.startsWith('cm-'))
      .map((c: any) => ({ name: c.metadata.name, data: c.data, step: c.metadata.labels?.step }));
    return {
      labels: d.metadata.labels ?? {},
      replicas: d.spec.replicas,
      images: d.spec.template.spec.containers.map((c: any) => `${c.name}=${c.image}`),
      configMaps: cms,
    };
  }

  it('lands every operation: the final state equals a serial replay, no duplicate pods after settle', async () => {
    for (const context of ['tkctl-race', 'tkctl-replay']) {
      if (context === 'tkctl-replay') expect((await tkctl(sb, ['cluster', 'create', 'replay'])).code).toBe(0);
      expect((await tkctl(sb, ['--context', context, 'apply', '-f', '-'], deployment)).code).toBe(0);
    }
    let retried = 0;
    const worker = async (w: number) => {
      for (let i = 0; i < OPS; i++) {
        const { args, input } = operation(w, i);
        for (;;) {
          const r = await tkctl(sb, ['--context', 'tkctl-race', ...args], input);
          if (r.code === 0) break;
          // A 409 is retried, anything else fails the test.
          expect(r.stderr).toMatch(/\(Conflict\)/);
          retried++;
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    for (let w = 0; w < WORKERS; w++) {
      for (let i = 0; i < OPS; i++) {
        const { args, input } = operation(w, i);
        expect((await tkctl(sb, ['--context', 'tkctl-replay', ...args], input)).code).toBe(0);
      }
    }
    const raced = await state('tkctl-race');
    expect(raced).toEqual(await state('tkctl-replay'));
    expect(Object.keys(raced.labels).filter((k) => /^w\d$/.test(k))).toHaveLength(WORKERS);
    console.log(`${WORKERS} processes × ${OPS} operations: final state equals the serial replay; ${retried} conflicts retried`);

    const pods = JSON.parse((await tkctl(sb, ['--context', 'tkctl-race', 'get', 'pods', '-l', 'app=shared', '-o', 'json'])).stdout).items
      .filter((p: any) => !p.metadata.deletionTimestamp);
    const names = pods.map((p: any) => p.metadata.name);
    expect(new Set(names).size).toBe(names.length);
    const current = pods.filter((p: any) => p.spec.containers.every((c: any) => raced.images.includes(`${c.name}=${c.image}`)));
    expect(current).toHaveLength(raced.replicas);
    // Some 3,200 processes at full scale (CONCURRENCY_OPS=200): the race, then the serial replay.
  }, 120_000 + WORKERS * OPS * 2 * 400);
});
