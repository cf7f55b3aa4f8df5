// Pods run on the embedded cluster as a user sees them with the built CLI: scheduled onto kind's
// workers, Running and Ready with pod IPs right after `apply`, a script that completes in real
// time, and a crash loop. (The Deployment fixture is covered with the Deployment controller.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, sandbox, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = sandbox();
  const r = await tkctl(sb, ['cluster', 'create', 'demo', '--config', join(FIXTURES, 'clusters/kind.yaml')]);
  expect(r.code).toBe(0);
}, 60_000);
afterAll(() => sb.cleanup());

const REPLICASET = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
`;

const JOB_POD = `apiVersion: v1
kind: Pod
metadata:
  name: hello
spec:
  restartPolicy: Never
  containers:
  - name: hello
    image: busybox
    command: [sh, -c, 'echo hello; sleep 1']
`;

const CRASH_POD = `apiVersion: v1
kind: Pod
metadata:
  name: crash
  annotations:
    sim.tkctl.dev/exit-code: "1"
spec:
  containers:
  - name: crash
    image: busybox
`;

describe('pods on the embedded cluster', () => {
  it('runs a ReplicaSet\'s pods on the workers, Running and Ready with distinct pod IPs, right after apply', async () => {
    const applied = await tkctl(sb, ['apply', '-f', '-'], REPLICASET);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toBe('replicaset.apps/web created\n');
    const r = await tkctl(sb, ['get', 'pods', '-o', 'json']);
    const pods = JSON.parse(r.stdout).items;
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(['demo-worker', 'demo-worker2']).toContain(p.spec.nodeName);
      expect(p.status.phase).toBe('Running');
      expect(p.status.conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
      expect(p.status.podIP).toMatch(/^10\.244\.[12]\.\d+$/);
    }
    expect(new Set(pods.map((p: any) => p.status.podIP)).size).toBe(3);
    const table = await tkctl(sb, ['get', 'pods']);
    const rows = table.stdout.trim().split('\n').slice(1);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/^web-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\d+s$/);
  }, 60_000);

  it('completes a script pod after its sleep, in real time', async () => {
    expect((await tkctl(sb, ['apply', '-f', '-'], JOB_POD)).code).toBe(0);
    const running = await tkctl(sb, ['get', 'pod', 'hello', '--no-headers']);
    expect(running.stdout).toMatch(/^hello\s+1\/1\s+Running\s+0\s+/);
    await new Promise((r) => setTimeout(r, 1500));
    const done = await tkctl(sb, ['get', 'pod', 'hello', '--no-headers']);
    expect(done.stdout).toMatch(/^hello\s+0\/1\s+Completed\s+0\s+/);
  }, 60_000);

  it('puts a container that exits 1 into CrashLoopBackOff', async () => {
    expect((await tkctl(sb, ['apply', '-f', '-'], CRASH_POD)).code).toBe(0);
    const r = await tkctl(sb, ['get', 'pod', 'crash', '--no-headers']);
    expect(r.stdout).toMatch(/^crash\s+0\/1\s+CrashLoopBackOff\s+1 \(\d+s ago\)\s+/);
  }, 60_000);

  it('leaves a pod no node can take Pending, and deletes running pods', async () => {
    const r = await tkctl(sb, ['apply', '-f', '-'], `apiVersion: v1
kind: Pod
metadata: {name: big}
spec:
  containers:
  - name: big
    image: nginx
    resources: {requests: {cpu: "100"}}
`);
    expect(r.code).toBe(0);
    const json = JSON.parse((await tkctl(sb, ['get', 'pod', 'big', '-o', 'json'])).stdout);
    expect(json.status.conditions[0].message).toBe('0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. '
      + 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
    const del = await tkctl(sb, ['delete', 'pod', 'hello', 'crash']);
    expect(del.stdout).toBe('pod "hello" deleted\npod "crash" deleted\n');
    const left = await tkctl(sb, ['get', 'pods', '-o', 'name']);
    expect(left.stdout).not.toContain('pod/crash');
  }, 60_000);
});
