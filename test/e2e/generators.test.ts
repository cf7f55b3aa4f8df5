// create namespace|deployment|configmap|secret generic|service and run, against real kubectl on a
// served cluster: the same output for the same command, the same objects once created, and
// kubectl's one-line errors with nothing written.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { HAS_KUBECTL, kubectl, sandbox, serve, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
let server: Awaited<ReturnType<typeof serve>>;
let files: string;

beforeAll(async () => {
  sb = sandbox();
  expect((await tkctl(sb, ['cluster', 'create', 'gen'])).code).toBe(0);
  server = await serve(sb, 'gen');
  files = join(sb.dir, 'files');
  mkdirSync(files);
  writeFileSync(join(files, 'greeting.txt'), 'hello\nworld\n');
  writeFileSync(join(files, 'bin.dat'), Buffer.from([0xff, 0xfe]));
  writeFileSync(join(files, 'app.env'), '# comment\nA=1\nB= two words \n\n  C\nD=x=y\n');
}, 60_000);
afterAll(async () => {
  await server?.stop();
  sb?.cleanup();
});

/** kubectl's usage hints name kubectl; tkctl's name tkctl. */
const asKubectl = (s: string) => s.replaceAll("'tkctl ", "'kubectl ");
/** klog's prefix carries a time and a process id. */
const withoutKlogPrefix = (s: string) => s.replace(/^E\d{4} [\d:.]+ +\d+ /gm, 'E ');

async function same(args: string[]) {
  const [k, t] = await Promise.all([kubectl(sb, args), tkctl(sb, args)]);
  expect(withoutKlogPrefix(asKubectl(t.stderr))).toBe(withoutKlogPrefix(k.stderr));
  expect(t.stdout).toBe(k.stdout);
  expect(t.code).toBe(k.code);
  return t;
}

describe.skipIf(!HAS_KUBECTL)('generators: the objects kubectl builds (--dry-run=client)', () => {
  const cases: string[][] = [
    ['create', 'namespace', 'backend-team', '--dry-run=client', '-o', 'yaml'],
    ['create', 'ns', 'backend-team', '--dry-run=client', '-o', 'json'],
    ['create', 'namespace', 'backend-team', '--dry-run=client'],
    ['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=80', '--dry-run=client', '-o', 'yaml', '--', 'sleep', '10'],
    ['create', 'deployment', 'web', '--image=nginx', '--image=busybox', '--dry-run=client', '-o', 'json'],
    ['create', 'deployment', 'web', '--image=nginx', '--save-config', '--dry-run=client', '-o', 'yaml'],
    ['create', 'deployment', 'web', '--image=nginx', '-n', 'team', '--dry-run=client', '-o', 'json'],
    ['create', 'deployment', 'web', '--image=nginx', '--dry-run=client', '-o', 'name'],
    ['create', 'service', 'clusterip', 'my-svc', '--tcp=5678:8080', '--tcp=80', '--dry-run=client', '-o', 'yaml'],
    ['create', 'service', 'clusterip', 'my-svc', '--clusterip=None', '--dry-run=client', '-o', 'json'],
    ['create', 'service', 'nodeport', 'my-svc', '--tcp=80:8080', '--node-port=30080', '--dry-run=client', '-o', 'json'],
    ['create', 'service', 'loadbalancer', 'my-svc', '--tcp=80:http', '--dry-run=client', '-o', 'yaml'],
    ['run', 'nginx', '--image=nginx', '--dry-run=client', '-o', 'yaml'],
    ['run', 'nginx', '--image=nginx', '--port=80', '--labels=app=web,tier=fe', '--env=A=1', '--env=B=2', '--dry-run=client', '-o', 'json'],
    ['run', 'bb', '--image=busybox', '--restart=Never', '--command', '--dry-run=client', '-o', 'yaml', '--', 'sleep', '100'],
    ['run', 'bb', '--image=busybox', '--restart=OnFailure', '--dry-run=client', '-o', 'yaml', '--', 'sleep', '100'],
    ['run', 'web', '--image=nginx', '--port=80', '--expose', '--dry-run=client', '-o', 'yaml'],
    ['run', 'web', '--image=nginx', '--port=80', '--expose', '--dry-run=client'],
  ];
  for (const args of cases) it(args.join(' '), () => same(args));

  it('configmaps and secrets from literals, files, directories and env files', async () => {
    await same(['create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=b=x y', `--from-file=${files}/greeting.txt`, `--from-file=g2=${files}/greeting.txt`, `--from-file=${files}/bin.dat`, '--dry-run=client', '-o', 'yaml']);
    await same(['create', 'configmap', 'cfg', `--from-file=${files}`, '--dry-run=client', '-o', 'json']);
    await same(['create', 'configmap', 'cfg', `--from-env-file=${files}/app.env`, '--dry-run=client', '-o', 'yaml']);
    await same(['create', 'secret', 'generic', 's', '--from-literal=a=1', `--from-file=${files}/greeting.txt`, '--dry-run=client', '-o', 'yaml']);
    await same(['create', 'secret', 'generic', 's', '--type=kubernetes.io/tls', '--from-literal=a=1', '--dry-run=client', '-o', 'json']);
  });
});

describe.skipIf(!HAS_KUBECTL)('generators: bad input fails as kubectl fails, writing nothing', () => {
  const cases: string[][] = [
    ['create', 'deployment', 'web'],
    ['create', 'namespace'],
    ['create', 'namespace', 'a', 'b'],
    ['create', 'configmap', 'cfg', '--from-literal=bad'],
    ['create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=a=2'],
    ['create', 'configmap', 'cfg', '--from-literal=b@d=1'],
    ['create', 'configmap', 'cfg', '--from-file=/nonexistent/file'],
    ['create', 'configmap', 'cfg', '--from-literal=a=1', '--from-env-file=/x'],
    ['create', 'secret', 'generic', 's', '--from-literal==x'],
    ['create', 'service', 'clusterip', 'my-svc'],
    ['create', 'service', 'clusterip', 'my-svc', '--tcp=abc'],
    ['create', 'service', 'foo', 'my-svc'],
    ['create', 'secret', 'foo', 's'],
    ['create', 'deployment', 'web', '--image=nginx', '-o', 'wide'],
    ['run', 'x'],
    ['run', '--image=nginx'],
    ['run', 'x', '--image=nginx', '--restart=Sometimes'],
    ['run', 'x', '--image=nginx', '--env=BAD'],
    ['run', 'x', '--image=nginx', '--labels=bad'],
    ['run', 'x', '--image=nginx', '--expose'],
    ['run', 'x', '--image=nginx', '--port=abc'],
  ];
  for (const args of cases) it(args.join(' '), async () => {
    const t = await same(args);
    expect(t.code).toBe(1);
  });

  it('left nothing behind', async () => {
    const t = await tkctl(sb, ['get', 'deploy,cm,svc,pods', '-o', 'name']);
    expect(t.stdout).not.toMatch(/web|cfg|my-svc|\/x\b/);
  });
});

/** An object as `get -o yaml` shows it, without what differs between two creations. */
function comparable(yamlText: string, name: string): unknown {
  const obj = parse(yamlText.replaceAll(name, 'NAME'));
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp']) delete obj.metadata[k];
  for (const f of obj.metadata.managedFields ?? []) delete f.time;
  delete obj.spec?.clusterIP;
  delete obj.spec?.clusterIPs;
  delete obj.status;
  return obj;
}

describe.skipIf(!HAS_KUBECTL)('generators: the created objects equal kubectl\'s', () => {
  // kubectl sends its generated objects as protobuf, which the embedded API server does not decode:
  // its object goes through `create -f` (JSON, same field manager) instead.
  async function viaKubectl(args: string[]) {
    const generated = await kubectl(sb, [...args, '--dry-run=client', '-o', 'json']);
    expect(generated.code).toBe(0);
    return kubectl(sb, ['create', '-f', '-'], generated.stdout);
  }

  const cases: Array<{ kind: string; args: (n: string) => string[]; line: (n: string) => string }> = [
    { kind: 'namespace', args: (n) => ['create', 'namespace', n], line: (n) => `namespace/${n} created\n` },
    { kind: 'deployment', args: (n) => ['create', 'deployment', n, '--image=nginx', '--replicas=2', '--port=80'], line: (n) => `deployment.apps/${n} created\n` },
    { kind: 'configmap', args: (n) => ['create', 'configmap', n, '--from-literal=a=1', `--from-file=${files}/greeting.txt`], line: (n) => `configmap/${n} created\n` },
    { kind: 'secret', args: (n) => ['create', 'secret', 'generic', n, '--from-literal=a=1'], line: (n) => `secret/${n} created\n` },
    { kind: 'service', args: (n) => ['create', 'service', 'clusterip', n, '--tcp=80:8080'], line: (n) => `service/${n} created\n` },
  ];
  for (const c of cases) {
    it(c.kind, async () => {
      const t = await tkctl(sb, c.args(`t-${c.kind}`));
      expect(t.stderr).toBe('');
      expect(t.stdout).toBe(c.line(`t-${c.kind}`));
      const k = await viaKubectl(c.args(`k-${c.kind}`));
      expect(k.stderr).toBe('');
      const [tg, kg] = await Promise.all([
        kubectl(sb, ['get', c.kind, `t-${c.kind}`, '-o', 'yaml']),
        kubectl(sb, ['get', c.kind, `k-${c.kind}`, '-o', 'yaml']),
      ]);
      const tObj = comparable(tg.stdout, `t-${c.kind}`) as any;
      const kObj = comparable(kg.stdout, `k-${c.kind}`) as any;
      // kubectl create -f records its own operation in managedFields; the fields themselves are equal.
      expect(tObj.metadata.managedFields?.map((f: any) => f.fieldsV1)).toEqual(kObj.metadata.managedFields?.map((f: any) => f.fieldsV1));
      delete tObj.metadata.managedFields;
      delete kObj.metadata.managedFields;
      expect(tObj).toEqual(kObj);
    });
  }

  it('an existing name: kubectl\'s error, exit 1', async () => {
    const t = await tkctl(sb, ['create', 'namespace', 't-namespace']);
    expect(t.stderr).toBe('Error from server (AlreadyExists): namespaces "t-namespace" already exists\n');
    expect(t.code).toBe(1);
    const d = await tkctl(sb, ['create', 'deployment', 't-deployment', '--image=nginx']);
    expect(d.stderr).toBe('error: failed to create deployment: deployments.apps "t-deployment" already exists\n');
  });

  it('run: the same Pod and Service as kubectl run', async () => {
    const [k, t] = await Promise.all([
      kubectl(sb, ['run', 'k-run', '--image=nginx', '--port=80', '--env=A=1', '--expose']),
      tkctl(sb, ['run', 't-run', '--image=nginx', '--port=80', '--env=A=1', '--expose']),
    ]);
    expect(k.stdout).toBe('service/k-run created\npod/k-run created\n');
    expect(t.stdout).toBe('service/t-run created\npod/t-run created\n');
    for (const kind of ['pod', 'service']) {
      const [kg, tg] = await Promise.all([kubectl(sb, ['get', kind, 'k-run', '-o', 'yaml']), kubectl(sb, ['get', kind, 't-run', '-o', 'yaml'])]);
      const strip = (o: any) => {
        // Generated names (service account token volume) and placement differ run to run.
        delete o.spec?.volumes;
        delete o.spec?.nodeName;
        for (const c of o.spec?.containers ?? []) delete c.volumeMounts;
        return o;
      };
      expect(strip(comparable(tg.stdout, 't-run'))).toEqual(strip(comparable(kg.stdout, 'k-run')));
    }
  });
});
