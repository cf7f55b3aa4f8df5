// label, annotate, api-resources, api-versions, cluster-info and explain against real kubectl on a
// served cluster. label and annotate change state: each tool edits its own twin of each object.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { HAS_KUBECTL, kubectl, sandbox, serve, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  sb = sandbox();
  expect((await tkctl(sb, ['cluster', 'create', 'meta'])).code).toBe(0);
  server = await serve(sb, 'meta');
  for (const name of ['k', 't']) {
    const created = await tkctl(sb, ['run', name, '--image=nginx', '--labels=app=nginx,tier=web']);
    expect(created.code).toBe(0);
  }
}, 60_000);
afterAll(async () => {
  await server?.stop();
  sb?.cleanup();
});

const asKubectl = (s: string) => s.replaceAll("'tkctl ", "'kubectl ");

async function same(args: string[]) {
  const [k, t] = await Promise.all([kubectl(sb, args), tkctl(sb, args)]);
  expect(asKubectl(t.stderr)).toBe(k.stderr);
  expect(t.stdout).toBe(k.stdout);
  expect(t.code).toBe(k.code);
}

/** Run the same edit on pod "k" with kubectl and pod "t" with tkctl; compare output and the resulting pods. */
async function twin(args: (pod: string) => string[]) {
  const k = await kubectl(sb, args('k'));
  const t = await tkctl(sb, args('t'));
  expect(asKubectl(t.stderr)).toBe(k.stderr.replaceAll('"k"', '"t"').replaceAll('pod/k', 'pod/t'));
  expect(t.stdout).toBe(k.stdout.replaceAll('pod/k', 'pod/t'));
  expect(t.code).toBe(k.code);
  const [kp, tp] = await Promise.all([kubectl(sb, ['get', 'pod', 'k', '-o', 'yaml']), kubectl(sb, ['get', 'pod', 't', '-o', 'yaml'])]);
  const meta = (y: string) => {
    const m = parse(y).metadata;
    return { labels: m.labels, annotations: m.annotations, managers: m.managedFields?.map((f: any) => [f.manager, f.operation, f.fieldsV1]) };
  };
  expect(meta(tp.stdout)).toEqual(meta(kp.stdout));
}

describe.skipIf(!HAS_KUBECTL)('label and annotate', () => {
  it('adds, refuses to overwrite, overwrites and removes labels', async () => {
    await twin((p) => ['label', 'pod', p, 'env=prod']);
    await twin((p) => ['label', 'pod', p, 'app=web']);
    await twin((p) => ['label', 'pod', p, 'app=web', '--overwrite']);
    await twin((p) => ['label', 'pod', p, 'app=web']);
    await twin((p) => ['label', `pod/${p}`, 'tier-']);
    await twin((p) => ['label', 'pod', p, 'tier-']);
    await twin((p) => ['label', 'pod', p, 'a=1', 'b=2', '--dry-run=client']);
    await twin((p) => ['label', 'pod', p, 'bad key=1']);
    await twin((p) => ['label', 'pod', p, 'x=in valid']);
  });

  it('annotates', async () => {
    await twin((p) => ['annotate', 'pod', p, 'note=hello world']);
    await twin((p) => ['annotate', 'pod', p, 'note=again']);
    await twin((p) => ['annotate', 'pod', p, 'note=again', '--overwrite']);
    await twin((p) => ['annotate', 'pod', p, 'note-', '-o', 'name']);
  });

  it('lists one object\'s labels (kubectl walks a Go map: its order varies, the lines do not)', async () => {
    const [k, t] = await Promise.all([kubectl(sb, ['label', 'pod', 'k', '--list']), tkctl(sb, ['label', 'pod', 'k', '--list'])]);
    expect(t.stdout).toBe(k.stdout.split('\n').filter(Boolean).sort().map((l) => l + '\n').join(''));
  });

  it('fails on bad arguments as kubectl does', async () => {
    await same(['label', 'pod', 'k']);
    await same(['label', 'foo', 'k', 'a=b']);
    await same(['label', 'pod', 'nosuch', 'a=b']);
    await same(['label', 'pod', 'k', 'a=b', 'c']);
    await same(['annotate', 'pod', 'k']);
    await same(['label', 'pods', 'a=b']);
  });
});

describe.skipIf(!HAS_KUBECTL)('discovery and documentation', () => {
  const cases: string[][] = [
    ['api-resources'], ['api-resources', '-o', 'wide'], ['api-resources', '-o', 'name'], ['api-resources', '--namespaced=false'],
    ['api-resources', '--namespaced=true', '--api-group=apps'], ['api-resources', '--sort-by=kind', '--no-headers'],
    ['api-resources', '--verbs=create,list'], ['api-resources', '-o', 'yaml'], ['api-resources', 'extra'],
    ['api-versions'], ['cluster-info'],
    ['explain', 'pods'], ['explain', 'deployment.spec.replicas'], ['explain', 'pod.spec.containers.ports'], ['explain', 'pod.spec'],
    ['explain', 'svc.spec', '--recursive'], ['explain', 'pod.spec.restartPolicy'], ['explain', 'deploy.spec.template'],
    ['explain', 'ns'], ['explain', 'cronjobs.spec.jobTemplate.spec'], ['explain', 'pods.foo'], ['explain', 'foo'],
  ];
  for (const args of cases) it(args.join(' '), () => same(args));

  it('cluster-info names the kubeconfig\'s server', async () => {
    const server = parse(readFileSync(sb.kubeconfig, 'utf8')).clusters[0].cluster.server;
    const t = await tkctl(sb, ['cluster-info']);
    expect(t.stdout.split('\n')[0]).toBe(`Kubernetes control plane is running at ${server}`);
  });
});
