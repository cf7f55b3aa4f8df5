// `tkctl config …` against real kubectl: the same commands on two copies of the same kubeconfig
// files, comparing stdout, stderr, exit code and the files left behind, byte for byte.
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HAS_KUBECTL, kubectl, sandbox, tkctl, type Result, type Sandbox } from './harness.js';

const MAIN = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod.example.com:6443
    certificate-authority-data: aGVsbG8gd29ybGQ=
- name: dev
  cluster: {server: "https://dev:6443", certificate-authority: ca.crt, unknownField: x}
contexts:
- name: prod
  context: {cluster: prod, user: admin, namespace: kube-system}
- name: dev
  context:
    cluster: dev
    user: dev-user
current-context: prod
users:
- name: admin
  user:
    client-certificate-data: aGVsbG8=
    client-key-data: aGVsbG8=
- name: dev-user
  user:
    token: sekret
    password: ""
    exec:
      command: foo
      apiVersion: client.authentication.k8s.io/v1
`;

const SECOND = `clusters:
- name: other
  cluster:
    server: "yes"
    extensions:
    - name: tkctl.io/x
      extension: {b: 1, a: "on"}
contexts:
- name: other
  context: {cluster: other, user: "*", namespace: "123"}
- name: prod
  context: {cluster: shadowed, user: shadowed}
users:
- name: "*"
  user: {username: u, password: p}
preferences: {colors: true}
`;

interface Pair {
  k: Sandbox;
  t: Sandbox;
}

const pairs: Sandbox[] = [];
afterAll(() => pairs.forEach((s) => s.cleanup()));

/** Two sandboxes holding the same files; KUBECONFIG lists `files` inside each. */
function pair(files: Record<string, string>, kubeconfig: string[] = Object.keys(files)): Pair {
  const make = (): Sandbox => {
    const sb = sandbox();
    pairs.push(sb);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(sb.dir, name, '..'), { recursive: true });
      writeFileSync(join(sb.dir, name), text);
      chmodSync(join(sb.dir, name), 0o644);
    }
    writeFileSync(join(sb.dir, 'ca.crt'), 'CA CERT\n');
    sb.env.KUBECONFIG = kubeconfig.map((f) => join(sb.dir, f)).join(':');
    return sb;
  };
  return { k: make(), t: make() };
}

/** Results and files with each sandbox's own directory replaced by one placeholder. */
function normalize(sb: Sandbox, r: Result): Result & { files: Record<string, string> } {
  const strip = (s: string) => s.split(sb.dir).join('<dir>');
  const files: Record<string, string> = {};
  for (const name of readdirSync(sb.dir, { recursive: true }) as string[]) {
    const path = join(sb.dir, name);
    if (!statSync(path).isFile()) continue;
    files[name] = `${(statSync(path).mode & 0o777).toString(8)}\n${strip(readFileSync(path, 'utf8'))}`;
  }
  return { stdout: strip(r.stdout), stderr: strip(r.stderr), code: r.code, files };
}

/**
 * Runs each command with both tools in turn and expects the same outcome after every step. On a
 * wrong number of arguments kubectl prints its help text, which tkctl does not copy: there only
 * stderr, exit code and files are compared.
 */
async function same(p: Pair, commands: string[][]): Promise<void> {
  for (const args of commands) {
    const k = normalize(p.k, await kubectl(p.k, ['config', ...args]));
    const t = normalize(p.t, await tkctl(p.t, ['config', ...args]));
    if (/nexpected args/.test(k.stderr)) k.stdout = t.stdout;
    expect({ args, ...t }).toEqual({ args, ...k });
  }
}

describe.skipIf(!HAS_KUBECTL)('tkctl config matches kubectl', () => {
  it('view: redacted, raw, minified, json, flattened', async () => {
    await same(pair({ config: MAIN }), [
      ['view'],
      ['view', '--raw'],
      ['view', '--minify'],
      ['view', '--minify', '--context=dev', '--raw'],
      ['view', '-o', 'json'],
      ['view', '--flatten'],
      ['view', '--minify', '--context=nope'],
      ['view', '-o', 'foo'],
      ['view', 'extra'],
      ['view', '--merge=false'],
    ]);
  });

  it('view merges several files, first one wins', async () => {
    await same(pair({ a: MAIN, b: SECOND }), [['view'], ['view', '-o', 'json'], ['get-contexts']]);
  });

  it('view and get-* with no kubeconfig file', async () => {
    await same(pair({}, ['missing']), [['view'], ['get-contexts'], ['get-users'], ['current-context']]);
  });

  it('get-contexts, current-context, get-users', async () => {
    await same(pair({ config: MAIN }), [
      ['get-contexts'],
      ['get-contexts', '-o', 'name'],
      ['get-contexts', '--no-headers'],
      ['get-contexts', 'dev'],
      ['get-contexts', 'nope', 'dev'],
      ['get-contexts', '-o', 'yaml'],
      ['current-context'],
      ['get-users'],
    ]);
  });

  it('use-context, set-context and back, as the seeds do', async () => {
    await same(pair({ config: MAIN }), [
      ['use-context', 'dev'],
      ['use-context', 'nope'],
      ['use-context'],
      ['set-context', '--current', '--namespace=backend-team'],
      ['set-context', '--current', '--namespace=backend-team'],
      ['set-context', '--current', '--namespace=default'],
      ['set-context', 'new', '--cluster=dev', '--user=admin'],
      ['set-context'],
      ['set-context', 'a', '--current'],
      ['current-context'],
    ]);
  });

  it('set-cluster and set-credentials', async () => {
    await same(pair({ config: MAIN }), [
      ['set-cluster', 'dev', '--server=https://new:6443'],
      ['set-cluster', 'e2e', '--server=https://1.2.3.4', '--insecure-skip-tls-verify'],
      ['set-cluster', 'e2e', '--insecure-skip-tls-verify=false'],
      ['set-cluster', 'prod', '--certificate-authority=ca.crt'],
      ['set-cluster', 'emb', '--certificate-authority=ca.crt', '--embed-certs'],
      ['set-cluster', 'x', '--embed-certs'],
      ['set-cluster', 'x', '--insecure-skip-tls-verify', '--certificate-authority=ca.crt'],
      ['set-credentials', 'dev-user', '--username=u', '--password=p'],
      ['set-credentials', 'bob', '--token=t0k'],
      ['set-credentials', 'bob', '--client-certificate=ca.crt', '--client-key=/etc/key.pem'],
      ['set-credentials', 'bob', '--token=a', '--username=b'],
      ['set-credentials'],
    ]);
  });

  it('delete and rename', async () => {
    await same(pair({ config: MAIN }), [
      ['rename-context', 'dev', 'development'],
      ['rename-context', 'nope', 'x'],
      ['rename-context', 'prod', 'development'],
      ['rename-context', 'prod', 'production'],
      ['delete-context', 'production'],
      ['delete-context', 'nope'],
      ['delete-cluster', 'dev'],
      ['delete-cluster', 'dev'],
      ['delete-user', 'admin'],
      ['delete-user', 'nope'],
    ]);
  });

  it('set and unset properties', async () => {
    await same(pair({ config: MAIN }), [
      ['set', 'clusters.dev.server', 'https://other'],
      ['set', 'clusters.10.0.0.1.insecure-skip-tls-verify', 'true'],
      ['set', 'users.admin.client-key-data', 'Zm9v'],
      ['set', 'users.admin.client-key-data', 'plain', '--set-raw-bytes'],
      ['set', 'users.admin.client-key-data', 'bad!'],
      ['set', 'contexts.dev.namespace', 'ns'],
      ['set', 'preferences.colors', 'true'],
      ['set', 'preferences.colors', 'maybe'],
      ['set', 'current-context', 'dev'],
      ['set', 'x', ''],
      ['set', 'foo.bar', 'x'],
      ['unset', 'contexts.dev.namespace'],
      ['unset', 'users.admin'],
      ['unset', 'clusters.nope.server'],
      ['unset', 'current-context'],
      ['current-context'],
    ]);
  });

  it('writes each entry back into the file that defines it', async () => {
    await same(pair({ a: MAIN, b: SECOND }), [
      ['set-context', 'other', '--namespace=ns2'],
      ['set-cluster', 'brand-new', '--server=https://n'],
      ['use-context', 'other'],
      ['delete-user', '*'],
      ['rename-context', 'other', 'renamed'],
      ['set', 'preferences.colors', 'false'],
      ['unset', 'current-context'],
    ]);
  });

  it('creates a missing file as the first KUBECONFIG entry only when no file exists', async () => {
    await same(pair({ b: SECOND }, ['a', 'b']), [['set-cluster', 'c', '--server=https://c'], ['use-context', 'other']]);
    await same(pair({}, ['a', 'b']), [['set-cluster', 'c', '--server=https://c'], ['set-context', 'c', '--cluster=c']]);
  });

  it('with --kubeconfig, writes only that file', async () => {
    const p = pair({ config: MAIN, other: SECOND });
    const flag = (sb: Sandbox) => `--kubeconfig=${join(sb.dir, 'other')}`;
    for (const args of [['use-context', 'prod'], ['set-context', '--current', '--namespace=x'], ['view']]) {
      const k = normalize(p.k, await kubectl(p.k, ['config', ...args, flag(p.k)]));
      const t = normalize(p.t, await tkctl(p.t, ['config', ...args, flag(p.t)]));
      expect({ args, ...t }).toEqual({ args, ...k });
    }
  });
});

describe('the seeds switch namespaces with set-context', () => {
  it('get uses the namespace set on the current context', async () => {
    const sb = sandbox();
    pairs.push(sb);
    await tkctl(sb, ['get', 'pods']);
    const set = await tkctl(sb, ['config', 'set-context', '--current', '--namespace=backend-team']);
    expect(set.stdout).toMatch(/^Context ".+" modified\.\n$/);
    const pods = await tkctl(sb, ['get', 'pods']);
    expect(pods.stderr).toBe('No resources found in backend-team namespace.\n');
    await tkctl(sb, ['config', 'set-context', '--current', '--namespace=default']);
    expect((await tkctl(sb, ['get', 'pods'])).stderr).toBe('No resources found in default namespace.\n');
    expect(statSync(sb.kubeconfig).mode & 0o777).toBe(0o600);
  }, 60_000);
});
