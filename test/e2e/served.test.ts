// The embedded API server served over HTTPS: real kubectl and @kubernetes/client-node against it,
// with tkctl's own output as the other side of the comparison.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as k8s from '@kubernetes/client-node';
import { FIXTURES, HAS_KUBECTL, kubectl, sandbox, serve, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
let server: Awaited<ReturnType<typeof serve>>;
let serverUrl: URL;
let caPem: string;

beforeAll(async () => {
  sb = sandbox();
  const created = await tkctl(sb, ['cluster', 'create', 'demo', '--config', join(FIXTURES, 'clusters/kind.yaml')]);
  expect(created.code).toBe(0);
  server = await serve(sb, 'demo');
  const kc = parse(readFileSync(sb.kubeconfig, 'utf8'));
  serverUrl = new URL(kc.clusters[0].cluster.server);
  caPem = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
});
afterAll(async () => {
  await server?.stop();
  sb.cleanup();
});

/** Ages (and so column widths) differ by the second the two commands ran in; the rest must be equal. */
const withoutAges = (s: string) => s.replace(/\b\d+(s|m|h|d)\b/g, 'AGE').replace(/ +/g, ' ');

function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: serverUrl.hostname, port: serverUrl.port, path, ca: caPem, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the served API', () => {
  it('answers nobody without the cluster credential: 401 with a Status', async () => {
    const anonymous = await rawGet('/api/v1/namespaces/default/pods');
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    const wrong = await rawGet('/api', { authorization: 'Bearer not-the-token' });
    expect(wrong.status).toBe(401);
  });

  it('listens on loopback only', () => {
    expect(serverUrl.hostname).toBe('127.0.0.1');
  });
});

describe.skipIf(!HAS_KUBECTL)('real kubectl against tkctl cluster serve', () => {
  it('sees the nodes of the kind config, as tkctl prints them', async () => {
    const k = await kubectl(sb, ['get', 'nodes']);
    expect(k.stderr).toBe('');
    expect(k.stdout.split('\n')[0]).toBe('NAME                 STATUS   ROLES           AGE   VERSION');
    expect(withoutAges(k.stdout)).toContain('demo-control-plane Ready control-plane AGE v1.36.0\n');
    expect(withoutAges(k.stdout)).toContain('demo-worker2 Ready <none> AGE v1.36.0\n');
    const t = await tkctl(sb, ['get', 'nodes']);
    expect(withoutAges(t.stdout)).toBe(withoutAges(k.stdout));
  });

  it('applies the seeds\' manifests and prints the same tables and YAML as tkctl', async () => {
    const applied = await kubectl(sb, ['apply', '-f', FIXTURES]);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toBe([
      'namespace/backend-team created', 'deployment.apps/nginx-deployment created', 'service/hostname-service created',
      'deployment.apps/nginx-deployment created', 'pod/nginx created', 'service/nginx-service created', '',
    ].join('\n'));
    // The served control plane is still bringing the deployments up: compare once it has settled.
    for (const ns of ['default', 'backend-team']) {
      expect((await kubectl(sb, ['rollout', 'status', 'deployment/nginx-deployment', '-n', ns, '--timeout=60s'])).code).toBe(0);
    }
    for (const args of [['get', 'pods,deploy,svc'], ['get', 'deploy', '-A', '-o', 'wide'], ['get', 'svc', '--show-labels'], ['get', 'ns']]) {
      const [k, t] = await Promise.all([kubectl(sb, args), tkctl(sb, args)]);
      expect(k.code).toBe(0);
      expect(withoutAges(t.stdout)).toBe(withoutAges(k.stdout));
    }
    for (const args of [['get', 'deploy', 'nginx-deployment', '-o', 'yaml'], ['get', 'svc', 'nginx-service', '-o', 'json'], ['get', 'pods', '-o', 'yaml']]) {
      const [k, t] = await Promise.all([kubectl(sb, args), tkctl(sb, args)]);
      expect(t.stdout).toBe(k.stdout);
    }
    const again = await tkctl(sb, ['apply', '-f', FIXTURES]);
    expect(again.stdout.split('\n').filter(Boolean).every((l) => l.endsWith(' unchanged'))).toBe(true);
  }, 150_000);

  it('gets the strict field error for the seeds\' containerPorts typo', async () => {
    const r = await kubectl(sb, ['create', '-f', join(FIXTURES, 'invalid/pod-containerPorts.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec\.containers\[0\]\.ports\[0\]\.containerPorts"/);
  });

  it('deletes, and reports what is gone as tkctl does', async () => {
    const k = await kubectl(sb, ['delete', 'pod', 'nginx']);
    expect(k.stdout).toBe('pod "nginx" deleted\n');
    const [kg, tg] = await Promise.all([kubectl(sb, ['get', 'pod', 'nginx']), tkctl(sb, ['get', 'pod', 'nginx'])]);
    expect(kg.stderr).toBe('Error from server (NotFound): pods "nginx" not found\n');
    expect(tg.stderr).toBe(kg.stderr);
    expect(tg.code).toBe(kg.code);
  });

  it('answers a watch that starts behind other kinds\' writes, and keeps answering', async () => {
    // What rollout status meets while the control plane writes pods: its watch on deployments starts
    // from a list's resourceVersion and the newest events are of other kinds. The replay once read
    // those events again and again, and the server stopped answering anyone (even SIGTERM).
    const list = JSON.parse((await kubectl(sb, ['get', '--raw', '/apis/apps/v1/deployments'])).stdout);
    for (const name of ['after-list-1', 'after-list-2']) expect((await kubectl(sb, ['create', 'configmap', name])).code).toBe(0);
    const path = `/apis/apps/v1/deployments?watch=true&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=1`;
    const watched = await kubectl(sb, ['get', '--raw', path, '--request-timeout=20s']);
    expect(watched.stderr).toBe('');
    expect(watched.code).toBe(0);
    const health = await kubectl(sb, ['get', '--raw', '/readyz', '--request-timeout=5s']);
    expect(health.stdout).toBe('ok');
  });

  it('watches: get -w prints a pod that another process creates', async () => {
    const watch = spawn('kubectl', ['get', 'pods', '-w', '--field-selector', 'metadata.name=nginx'], { env: sb.env });
    let out = '';
    watch.stdout.on('data', (d) => (out += d));
    await new Promise((r) => setTimeout(r, 1000));
    const created = await tkctl(sb, ['apply', '-f', join(FIXTURES, 'nginx-pod.yaml')]);
    expect(created.stdout).toBe('pod/nginx created\n');
    for (let i = 0; i < 100 && !out.includes('nginx'); i++) await new Promise((r) => setTimeout(r, 50));
    watch.kill();
    // The served control plane starts the pod at once: the first row may already show it running.
    expect(out).toMatch(/^NAME    READY   STATUS +RESTARTS   AGE\nnginx   [01]\/1     (Pending|ContainerCreating|Running) +0          \d+s\n/);
  });
});

describe('@kubernetes/client-node against tkctl cluster serve', () => {
  it('lists, then watches and sees an update made by another process', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(sb.kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await tkctl(sb, ['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: watched}\ndata: {v: "1"}\n');
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    expect(list.items.map((c) => c.metadata?.name)).toContain('watched');

    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => core.listNamespacedConfigMap({ namespace: 'default' }));
    const updates: string[] = [];
    informer.on('update', (cm) => updates.push(`${cm.metadata?.name}=${cm.data?.v}`));
    await informer.start();
    const changed = await tkctl(sb, ['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: watched}\ndata: {v: "2"}\n');
    expect(changed.stdout).toBe('configmap/watched configured\n');
    for (let i = 0; i < 100 && updates.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await informer.stop();
    expect(updates).toEqual(['watched=2']);
  });
});

describe.skipIf(!HAS_KUBECTL)('stopping tkctl cluster serve', () => {
  const SLOW_ROLLOUT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: slow}
spec:
  replicas: 1
  selector: {matchLabels: {app: slow}}
  template:
    metadata:
      labels: {app: slow}
      annotations: {sim.tkctl.dev/ready-delay: 1h}
    spec:
      containers: [{name: app, image: nginx}]
`;

  it('ends at once on SIGTERM, with a watch, a rollout status and an exec session open', async () => {
    const own = sandbox();
    const clients: ReturnType<typeof spawn>[] = [];
    try {
      expect((await tkctl(own, ['cluster', 'create', 'stop'])).code).toBe(0);
      const served = await serve(own, 'stop');
      expect((await kubectl(own, ['apply', '-f', '-'], SLOW_ROLLOUT)).code).toBe(0);
      expect((await kubectl(own, ['run', 'shell', '--image=busybox', '--', 'sleep', 'infinity'])).code).toBe(0);
      expect((await kubectl(own, ['wait', '--for=condition=Ready', 'pod/shell', '--timeout=30s'])).code).toBe(0);
      /** Start a client and wait until it has printed `seen`: its stream is open. */
      const open = async (args: string[], seen: RegExp, input?: string) => {
        const child = spawn('kubectl', args, { env: own.env });
        clients.push(child);
        let out = '';
        child.stdout!.on('data', (d) => (out += d));
        if (input) child.stdin!.write(input);
        for (let i = 0; i < 300 && !seen.test(out); i++) await new Promise((r) => setTimeout(r, 50));
        expect(out).toMatch(seen);
      };
      await open(['get', 'pods', '-w'], /^NAME/);
      await open(['rollout', 'status', 'deployment/slow'], /Waiting for deployment "slow" rollout to finish/);
      // stdin stays open: the session lasts until the server ends it.
      await open(['exec', '-i', 'shell', '--', 'sh'], /^ready$/m, 'echo ready\n');

      let stderr = '';
      served.child.stderr!.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((r) => served.child.once('exit', (code) => r(code)));
      served.child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 20_000))]);
      // 0, not the forced exit after the grace period (1, with a line saying so).
      expect(code).toBe(0);
      expect(stderr).toBe('');
    } finally {
      for (const c of clients) c.kill();
      own.cleanup();
    }
  }, 90_000);
});
