// `get -o jsonpath|custom-columns`, --sort-by and --watch: real kubectl and tkctl against one served
// cluster, compared byte for byte (stdout, stderr, exit code).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, FIXTURES, HAS_KUBECTL, ROOT, kubectl, sandbox, serve, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
let server: Awaited<ReturnType<typeof serve>>;

const OBJECTS = `
apiVersion: v1
kind: ConfigMap
metadata: {name: b-cm, labels: {tier: back, rank: "2"}}
data: {k: b, num: "10"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: a-cm, labels: {app.kubernetes.io/name: alpha, rank: "10"}}
data: {k: a, num: "9"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c-cm}
data: {k: "<c&>"}
---
apiVersion: v1
kind: Service
metadata: {name: svc1}
spec: {ports: [{port: 80, name: http}, {port: 443, name: https}], selector: {app: x}}
---
apiVersion: v1
kind: Service
metadata: {name: svc2}
spec: {ports: [{port: 8080}], selector: {app: "y"}}
`;

beforeAll(async () => {
  sb = sandbox();
  expect((await tkctl(sb, ['cluster', 'create', 'demo', '--config', join(FIXTURES, 'clusters/kind.yaml')])).code).toBe(0);
  server = await serve(sb, 'demo');
  if (HAS_KUBECTL) expect((await kubectl(sb, ['apply', '-f', '-'], OBJECTS)).code).toBe(0);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  sb?.cleanup();
});

async function same(args: string[]): Promise<void> {
  const [k, t] = await Promise.all([kubectl(sb, args), tkctl(sb, args)]);
  expect({ stdout: t.stdout, stderr: t.stderr, code: t.code }).toEqual({ stdout: k.stdout, stderr: k.stderr, code: k.code });
}

const JSONPATHS = [
  '{.items[*].metadata.name}',
  '{range .items[*]}{.metadata.name}{"\\t"}{.data.k}{"\\n"}{end}',
  '{.items[?(@.metadata.name=="b-cm")].data}',
  '{.items[?(@.data.num=="9")].metadata.labels.app\\.kubernetes\\.io/name}',
  '{.items[0].metadata.labels}',
  '{.items[-1:].metadata.name} {.items[0,2].data.k}',
  '{..k}',
  '{.items[*].nothing.here}|',
  '{range .items[?(@.x)]}{end}after',
  '{.items[5]}',
  '{.items[0].metadata}{end}',
  '{.items[?(@.data.num>1)]}',
  '{.items[::-1]}',
  '{.items[*]metadata}',
  '{.items[0',
  '{.items[#]}',
  '{#}',
];

describe.skipIf(!HAS_KUBECTL)('get -o jsonpath, as kubectl prints it', () => {
  it.each(JSONPATHS)('jsonpath=%s', async (template) => {
    await same(['get', 'cm', '-o', `jsonpath=${template}`]);
  });

  it('prints single objects, JSON results and templates from files and --template', async () => {
    const file = join(sb.dir, 'template.txt');
    writeFileSync(file, '{range .items[*]}{.metadata.name}={.metadata.resourceVersion}{"\\n"}{end}');
    for (const args of [
      ['get', 'svc', 'svc1', '-o', 'jsonpath={.spec.ports[?(@.port>100)].name} {.spec.ports[-1].port} {.spec.ports[0]}'],
      ['get', 'cm', 'a-cm', '-o', 'jsonpath-as-json={.metadata.name}'],
      ['get', 'cm', '-o', 'jsonpath-as-json={.items[*].data}'],
      ['get', 'cm', '-o', `jsonpath-file=${file}`],
      ['get', 'cm', '-o', 'jsonpath-file=/nonexistent'],
      ['get', 'cm', '-o', 'jsonpath', '--template={.items[0].metadata.name}'],
      ['get', 'cm', '-o', 'jsonpath'],
      ['get', 'cm', '-o', 'jsonpath={.items[*].metadata.nope}', '--allow-missing-template-keys=false'],
      ['get', 'cm', 'a-cm', 'nope', '-o', 'jsonpath={.metadata.name}'],
      ['get', 'cm', '-o', 'nonsense'],
    ]) await same(args);
  });
});

describe.skipIf(!HAS_KUBECTL)('get -o custom-columns and --sort-by, as kubectl prints them', () => {
  it.each([
    [['get', 'cm', '-o', 'custom-columns=NAME:.metadata.name,RANK:.metadata.labels.rank,K:{.data.k}']],
    [['get', 'svc', '-o', 'custom-columns=N:.metadata.name,P:.spec.ports[*].port,X:.spec.ports[0]', '--no-headers']],
    [['get', 'cm', '-o', 'custom-columns=NAME']],
    [['get', 'cm', '-o', 'custom-columns=']],
    [['get', 'pods', '-o', 'custom-columns=N:.metadata.name']],
    [['get', 'cm', '--sort-by=.metadata.labels.rank', '-o', 'name']],
    [['get', 'cm', '--sort-by=.data.num', '-o', 'custom-columns=N:.metadata.name,NUM:.data.num']],
    [['get', 'cm', '--sort-by={.metadata.creationTimestamp}', '-o', 'name']],
    [['get', 'svc', '--sort-by=.spec.ports[0].port', '-o', 'custom-columns=N:.metadata.name']],
    [['get', 'svc', '--sort-by=.metadata.name', '-o', 'jsonpath={.items[*].metadata.name}']],
    [['get', 'cm', '--sort-by=.nope']],
    [['get', 'cm', '--sort-by=.nope', '-o', 'name']],
    [['get', 'cm,svc', '--sort-by=.metadata.name']],
    [['get', 'cm', 'c-cm', 'a-cm', '--sort-by=.metadata.name', '-o', 'name']],
    [['get', 'cm', 'nope', '--ignore-not-found', '-o', 'jsonpath={.x}']],
  ])('%j', async (args) => {
    await same(args);
  });

  it('sorts server tables by the full objects', async () => {
    const [k, t] = await Promise.all([kubectl(sb, ['get', 'cm', '--sort-by=.metadata.labels.rank']), tkctl(sb, ['get', 'cm', '--sort-by=.metadata.labels.rank'])]);
    const names = (s: string) => s.split('\n').map((l) => l.split(' ')[0]);
    expect(names(t.stdout)).toEqual(names(k.stdout));
    // c-cm has no rank; "2" < "10" as quantities.
    expect(names(t.stdout).filter((n) => /^[abc]-cm$/.test(n))).toEqual(['c-cm', 'b-cm', 'a-cm']);
  });
});

describe.skipIf(!HAS_KUBECTL)('get --watch, as kubectl prints it', () => {
  function start(cmd: string, args: string[]) {
    const child = spawn(cmd, args, { env: sb.env, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const done = new Promise<number>((res) => child.on('close', (code, signal) => res(code ?? (signal ? 128 : -1))));
    return { child, done, out: () => stdout, err: () => stderr };
  }
  const ages = (s: string) => s.replace(/\b\d+(s|m\d*s?|h)\b/g, 'AGE');

  it.each([
    [['get', 'cm', '-w', '--output-watch-events']],
    [['get', 'cm', '--watch-only', '-o', 'yaml']],
    [['get', 'cm', '-w', '-o', 'custom-columns=N:.metadata.name,K:.data.k']],
    [['get', 'cm', 'a-cm', '-w', '-o', 'jsonpath={.metadata.name}{"\\n"}']],
  ])('%j', async (args) => {
    const k = start('kubectl', args);
    const t = start(process.execPath, [BIN, ...args]);
    await new Promise((r) => setTimeout(r, 3000));
    const name = `w-${Math.random().toString(36).slice(2, 8)}`;
    await kubectl(sb, ['label', 'cm', 'a-cm', `seen-${name}=yes`]);
    await kubectl(sb, ['apply', '-f', '-'], `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}-with-a-long-name}\ndata: {k: v}\n`);
    await kubectl(sb, ['delete', 'cm', `${name}-with-a-long-name`]);
    await new Promise((r) => setTimeout(r, 2000));
    k.child.kill('SIGINT');
    t.child.kill('SIGINT');
    const [kc, tc] = await Promise.all([k.done, t.done]);
    expect(tc).toBe(kc);
    const strip = (s: string) => ages(s).replace(/resourceVersion: "\d+"/g, 'resourceVersion: RV');
    expect(strip(t.out())).toBe(strip(k.out()));
    expect(t.err()).toBe(k.err());
  }, 30_000);
});
