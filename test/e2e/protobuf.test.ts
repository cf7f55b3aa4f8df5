// Real kubectl's typed clients send protobuf request bodies, with no JSON fallback. Each command
// runs twice against `tkctl cluster serve`: as is (protobuf, namespace "pb") and through
// `--dry-run=client -o json | tkctl create -f -` (JSON, namespace "js"); what the API server stores
// must be the same object.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { HAS_KUBECTL, kubectl, sandbox, serve, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
let server: Awaited<ReturnType<typeof serve>> | undefined;

beforeAll(async () => {
  if (!HAS_KUBECTL) return;
  sb = sandbox();
  expect((await tkctl(sb, ['cluster', 'create', 'pb'])).code).toBe(0);
  server = await serve(sb, 'pb');
  for (const ns of ['pb', 'js']) expect((await tkctl(sb, ['create', 'namespace', ns])).code).toBe(0);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  sb?.cleanup();
});

/** The stored object without what differs between two creations: identity, times, allocations, status. */
function comparable(json: string): unknown {
  const obj = JSON.parse(json);
  const uid: string = obj.metadata.uid;
  const { uid: _u, resourceVersion: _r, namespace: _n, name: _name, ...metadata } = obj.metadata;
  const { status: _s, ...rest } = { ...obj, metadata };
  if (rest.spec) {
    for (const key of ['clusterIP', 'clusterIPs', 'nodeName']) delete rest.spec[key];
    for (const port of rest.spec.ports ?? []) delete port.nodePort;
  }
  return JSON.parse(JSON.stringify(rest, (key, value) => {
    // The JSON path stores the `creationTimestamp: null` kubectl 1.32 writes in templates, which
    // Kubernetes >= 1.33 leaves out; a stored object's own creationTimestamp is a time.
    if (key === 'creationTimestamp') return undefined;
    return typeof value === 'string' ? value.replaceAll(uid, 'UID').replace(/kube-api-access-[a-z0-9]{5}/, 'kube-api-access-*') : value;
  }));
}

async function stored(ref: string, namespace?: string): Promise<unknown> {
  const got = await tkctl(sb, ['get', ref, '-o', 'json', ...(namespace ? ['-n', namespace] : [])]);
  expect(got.stderr, `${ref} in ${namespace}`).toBe('');
  return comparable(got.stdout);
}

const CASES: Array<{ args: string[]; ref: string; output: string }> = [
  { args: ['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=80'], ref: 'deployment/web', output: 'deployment.apps/web created' },
  { args: ['create', 'service', 'nodeport', 'web', '--tcp=80:80'], ref: 'service/web', output: 'service/web created' },
  { args: ['create', 'configmap', 'c', '--from-literal=a=b'], ref: 'configmap/c', output: 'configmap/c created' },
  { args: ['create', 'secret', 'generic', 's', '--from-literal=p=q'], ref: 'secret/s', output: 'secret/s created' },
  { args: ['run', 'nginx', '--image=nginx', '--port=80', '--labels=app=x'], ref: 'pod/nginx', output: 'pod/nginx created' },
  { args: ['create', 'job', 'j', '--image=busybox', '--', 'echo', 'hi'], ref: 'job/j', output: 'job.batch/j created' },
  { args: ['autoscale', 'deployment', 'web', '--min=1', '--max=3', '--cpu-percent=50'], ref: 'hpa/web', output: 'horizontalpodautoscaler.autoscaling/web autoscaled' },
];

describe.skipIf(!HAS_KUBECTL)('kubectl create with protobuf bodies against tkctl cluster serve', () => {
  for (const { args, ref, output } of CASES) {
    it(`kubectl ${args.join(' ')}`, async () => {
      // Flags go first: after `--` everything is the container's command.
      const created = await kubectl(sb, ['-n', 'pb', ...args]);
      expect(created.stderr).toBe('');
      expect(created.stdout.trim()).toBe(output);
      expect(created.code).toBe(0);
      const dry = await kubectl(sb, ['-n', 'js', '--dry-run=client', '-o', 'json', ...args]);
      expect(dry.code).toBe(0);
      const viaJson = await tkctl(sb, ['create', '-f', '-', '-n', 'js'], dry.stdout);
      expect(viaJson.stderr).toBe('');
      expect(viaJson.code).toBe(0);
      expect(await stored(ref, 'pb')).toEqual(await stored(ref, 'js'));
    }, 60_000);
  }

  it('kubectl create namespace', async () => {
    const created = await kubectl(sb, ['create', 'namespace', 'n']);
    expect(created.stdout.trim()).toBe('namespace/n created');
    expect(created.code).toBe(0);
    const dry = await kubectl(sb, ['create', 'namespace', 'n2', '--dry-run=client', '-o', 'json']);
    expect((await tkctl(sb, ['create', '-f', '-'], dry.stdout)).code).toBe(0);
    const [a, b] = [await stored('namespace/n'), await stored('namespace/n2')];
    expect(JSON.stringify(a).replaceAll('"n"', '"N"')).toBe(JSON.stringify(b).replaceAll('"n2"', '"N"'));
  }, 60_000);
});
