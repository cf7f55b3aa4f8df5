import { execFileSync, spawnSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isEmptyKubeconfig,
  kubeconfigPaths,
  loadKubeconfig,
  parseRequestTimeout,
  removeContext,
  resolveContext,
  serializeKubeconfig,
  setCurrentContext,
  upsertCluster,
  upsertContext,
  upsertUser,
  writeKubeconfig,
  type KubeConfig,
} from '../../src/kubeconfig/index.js';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tkctl-kubeconfig-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(relative: string, text: string): string {
  const path = join(dir, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const fileA = `apiVersion: v1
kind: Config
clusters:
- name: c1
  cluster:
    server: https://a.example:6443
    certificate-authority: ca.pem
- name: shared
  cluster:
    server: https://from-a:6443
users:
- name: u1
  user:
    token: tok-a
    client-certificate: certs/client.crt
contexts:
- name: ctx-a
  context:
    cluster: c1
    user: u1
    namespace: ns-a
`;

const fileB = `apiVersion: v1
kind: Config
clusters:
- name: shared
  cluster:
    server: https://from-b:6443
- name: c2
  cluster:
    server: https://b.example:6443
    certificate-authority: /abs/ca.pem
users:
- name: u2
  user:
    tokenFile: tok
contexts:
- name: ctx-b
  context:
    cluster: c2
    user: u2
current-context: ctx-b
`;

describe('kubeconfigPaths', () => {
  it('prefers --kubeconfig over KUBECONFIG', () => {
    expect(kubeconfigPaths({ KUBECONFIG: '/a:/b', HOME: '/home/x' }, '/flag')).toEqual(['/flag']);
  });

  it('splits KUBECONFIG on ":" dropping empty and repeated entries', () => {
    expect(kubeconfigPaths({ KUBECONFIG: '/a::/b:/a:', HOME: '/home/x' })).toEqual(['/a', '/b']);
  });

  it('falls back to ~/.kube/config', () => {
    expect(kubeconfigPaths({ HOME: '/home/x' })).toEqual(['/home/x/.kube/config']);
    expect(kubeconfigPaths({ KUBECONFIG: '', HOME: '/home/x' })).toEqual(['/home/x/.kube/config']);
  });
});

describe('loadKubeconfig', () => {
  it('merges files: first definition of a name wins, current-context from the first file that sets it', () => {
    const a = file('a/config', fileA);
    const b = file('b/config', fileB);
    const { config, sources } = loadKubeconfig([a, join(dir, 'missing'), b]);

    expect(config.clusters.map((c) => [c.name, c.cluster.server])).toEqual([
      ['c1', 'https://a.example:6443'],
      ['c2', 'https://b.example:6443'],
      ['shared', 'https://from-a:6443'],
    ]);
    expect(config.contexts.map((c) => c.name)).toEqual(['ctx-a', 'ctx-b']);
    expect(config['current-context']).toBe('ctx-b');
    expect(sources.clusters).toEqual({ c1: a, c2: b, shared: a });
    expect(sources.currentContext).toBe(b);
  });

  it('resolves relative file references against the directory of the file that holds them', () => {
    const a = file('a/config', fileA);
    const b = file('b/config', fileB);
    const { config } = loadKubeconfig([a, b]);
    const cluster = (name: string) => config.clusters.find((c) => c.name === name)!.cluster;
    const user = (name: string) => config.users.find((u) => u.name === name)!.user;

    expect(cluster('c1')['certificate-authority']).toBe(join(dir, 'a', 'ca.pem'));
    expect(cluster('c2')['certificate-authority']).toBe('/abs/ca.pem');
    expect(user('u1')['client-certificate']).toBe(join(dir, 'a', 'certs', 'client.crt'));
    expect(user('u2').tokenFile).toBe(join(dir, 'b', 'tok'));
    expect(loadKubeconfig([a], { resolvePaths: false }).config.clusters[0]!.cluster['certificate-authority']).toBe(
      'ca.pem',
    );
  });

  it('prints what `kubectl config view --raw` prints for the same files', () => {
    if (!hasKubectl) {
      console.log('skipped comparison with kubectl: kubectl is not on the PATH');
      return;
    }
    const a = file('a/config', fileA);
    const b = file('b/config', fileB);
    const kubectl = execFileSync('kubectl', ['config', 'view', '--raw'], {
      env: { ...process.env, KUBECONFIG: `${a}:${b}` },
      encoding: 'utf8',
    });
    expect(serializeKubeconfig(loadKubeconfig([a, b], { resolvePaths: false }).config)).toBe(kubectl);
  });

  it('treats an empty file as an empty config', () => {
    expect(loadKubeconfig([file('empty', '')]).config.clusters).toEqual([]);
  });

  it('reports malformed YAML with kubectl prefix and the line', () => {
    const bad = file('bad.yaml', 'apiVersion: v1\nclusters:\n  - name: x\n bad: [\n');
    expect(() => loadKubeconfig([bad])).toThrow(
      new RegExp(`^error: error loading config file "${bad}": yaml: line \\d+: `),
    );
  });

  it('reports wrong types in encoding/json words, as kubectl does', () => {
    const server = file('t2.yaml', 'apiVersion: v1\nkind: Config\nclusters:\n- name: d\n  cluster: {server: 3}\n');
    expect(() => loadKubeconfig([server])).toThrow(
      `error: error loading config file "${server}": json: cannot unmarshal number into Go struct field Cluster.clusters.cluster.server of type string`,
    );
    const entry = file('t3.yaml', 'apiVersion: v1\nkind: Config\nclusters:\n- hello\n');
    expect(() => loadKubeconfig([entry])).toThrow(
      `error: error loading config file "${entry}": json: cannot unmarshal string into Go struct field Config.clusters of type v1.NamedCluster`,
    );
    const groups = file('t4.yaml', 'apiVersion: v1\nkind: Config\nusers:\n- name: a\n  user: {as-groups: [1]}\n');
    expect(() => loadKubeconfig([groups])).toThrow(
      `error: error loading config file "${groups}": json: cannot unmarshal number into Go struct field AuthInfo.users.user.as-groups of type string`,
    );
    const pod = file('pod.yaml', 'apiVersion: v1\nkind: Pod\n');
    expect(() => loadKubeconfig([pod])).toThrow(
      `error: error loading config file "${pod}": no kind "Pod" is registered for version "v1" in scheme "k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50"`,
    );
  });

  it('rejects a name used twice in one file', () => {
    const dup = file(
      'dup.yaml',
      'apiVersion: v1\nkind: Config\nclusters:\n- name: d\n  cluster: {server: https://x}\n- name: d\n  cluster: {server: https://y}\n',
    );
    expect(() => loadKubeconfig([dup])).toThrow(
      'error converting *[]NamedCluster into *map[string]*api.Cluster: duplicate name "d" in list',
    );
  });

  it('fails on a missing --kubeconfig file the way kubectl does', () => {
    const missing = join(dir, 'none');
    expect(() => loadKubeconfig([missing], { explicit: true })).toThrow(`error: stat ${missing}: no such file or directory`);
  });
});

describe('resolveContext', () => {
  function config(): KubeConfig {
    writeFileSync(join(dir, 'ca.pem'), 'not checked here');
    return {
      clusters: [
        { name: 'k', cluster: { server: 'https://k.example:6443', 'certificate-authority': join(dir, 'ca.pem') } },
        { name: 'named', cluster: { server: 'https://n.example', 'tls-server-name': 'inner' } },
      ],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [
        { name: 'dev', context: { cluster: 'k', user: 'u', namespace: 'team' } },
        { name: 'plain', context: { cluster: 'named', user: 'u' } },
      ],
      'current-context': 'dev',
    };
  }

  it('resolves the current context', () => {
    const resolved = resolveContext(config(), {});
    expect(resolved).toMatchObject({
      contextName: 'dev',
      clusterName: 'k',
      userName: 'u',
      namespace: 'team',
      explicitNamespace: false,
      cluster: { server: 'https://k.example:6443' },
      user: { token: 't' },
    });
  });

  it("defaults the namespace to 'default' and lets -n win", () => {
    expect(resolveContext(config(), { context: 'plain' }).namespace).toBe('default');
    expect(resolveContext(config(), { namespace: 'x' })).toMatchObject({ namespace: 'x', explicitNamespace: true });
  });

  it('reports an unknown --context as kubectl 1.32 does, depending on whether -n was given', () => {
    expect(() => resolveContext(config(), { context: 'nope' })).toThrow(
      'Error in configuration: context was not found for specified context: nope',
    );
    expect(() => resolveContext(config(), { context: 'nope', namespace: 'x' })).toThrow('error: context "nope" does not exist');
  });

  it('reports an unknown --cluster and --user', () => {
    expect(() => resolveContext(config(), { cluster: 'nope' })).toThrow('error: no server found for cluster "nope"');
    expect(() => resolveContext(config(), { cluster: 'nope', namespace: 'x' })).toThrow(
      'error: cluster "nope" does not exist',
    );
    expect(() => resolveContext(config(), { user: 'nope' })).toThrow('error: auth info "nope" does not exist');
  });

  it('reports a current-context that names no context', () => {
    expect(() => resolveContext({ ...config(), 'current-context': 'ghost' }, {})).toThrow(
      'Error in configuration: context was not found for specified context: ghost',
    );
  });

  it('falls back to localhost:8080 like kubectl when nothing names a server', () => {
    const message = 'The connection to the server localhost:8080 was refused - did you specify the right host or port?';
    expect(() => resolveContext({ clusters: [], users: [], contexts: [] }, {})).toThrow(message);
    const dangling: KubeConfig = {
      clusters: [],
      users: [],
      contexts: [{ name: 'd', context: { cluster: 'ghost', user: 'nobody' } }],
      'current-context': 'd',
    };
    expect(() => resolveContext(dangling, {})).toThrow(message);
    expect(resolveContext({ clusters: [], users: [], contexts: [] }, { server: 'https://s', token: 'x' })).toMatchObject({
      cluster: { server: 'https://s' },
      user: { token: 'x' },
      namespace: 'default',
    });
  });

  it('lists several problems in kubectl block layout', () => {
    const broken: KubeConfig = {
      clusters: [{ name: 'c', cluster: { server: 'https://c', 'certificate-authority': join(dir, 'nope.pem') } }],
      users: [{ name: 'u', user: { 'client-certificate': join(dir, 'client.crt') } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    };
    expect(() => resolveContext(broken, {})).toThrow(
      'Error in configuration: \n' +
        '* client-key-data or client-key must be specified for u to use the clientCert authentication method.\n' +
        `* unable to read client-cert ${join(dir, 'client.crt')} for u due to open ${join(dir, 'client.crt')}: no such file or directory\n` +
        `* unable to read certificate-authority ${join(dir, 'nope.pem')} for c due to open ${join(dir, 'nope.pem')}: no such file or directory`,
    );
  });

  it('refuses a user with two authentication methods', () => {
    const twoMethods = config();
    twoMethods.users = [{ name: 'u', user: { token: 'x', username: 'a', password: 'b' } }];
    expect(() => resolveContext(twoMethods, {})).toThrow(
      'error: more than one authentication method found for u; found [token basicAuth], only one is allowed',
    );
  });

  it('applies flag overrides by client-go rules', () => {
    const withServer = resolveContext(config(), { context: 'plain', server: 'https://other' });
    expect(withServer.cluster.server).toBe('https://other');
    expect(withServer.cluster['tls-server-name']).toBeUndefined();

    const insecure = resolveContext(config(), { insecureSkipTlsVerify: true });
    expect(insecure.cluster['certificate-authority']).toBeUndefined();
    expect(insecure.cluster['insecure-skip-tls-verify']).toBe(true);

    expect(resolveContext(config(), { token: 'flag' }).user.token).toBe('flag');
    expect(resolveContext(config(), { requestTimeout: '1m30s' }).requestTimeoutMs).toBe(90_000);
  });
});

describe('parseRequestTimeout', () => {
  it('takes whole seconds or Go durations', () => {
    expect(parseRequestTimeout('5')).toBe(5000);
    expect(parseRequestTimeout('0')).toBe(0);
    expect(parseRequestTimeout('250ms')).toBe(250);
    expect(parseRequestTimeout('1h2m')).toBe(3_720_000);
    expect(() => parseRequestTimeout('abc')).toThrow(
      'error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)',
    );
  });
});

describe('writeKubeconfig', () => {
  it('writes kubectl layout, mode 0600, creating the directory', () => {
    const path = join(dir, 'new', 'dir', 'config');
    let config: KubeConfig = { clusters: [], users: [], contexts: [] };
    config = upsertCluster(config, 'zc', { server: 'https://1.2.3.4:6443', 'insecure-skip-tls-verify': true });
    config = upsertCluster(config, 'ac', { server: 'https://a', 'tls-server-name': 'foo' });
    config = upsertUser(config, 'zu', { token: 'abc' });
    config = upsertContext(config, 'zctx', { cluster: 'zc', user: 'zu' });
    config = setCurrentContext(config, 'zctx');
    writeKubeconfig(path, config);

    expect(statSync(path).mode & 0o777).toBe(0o600);
    // Byte for byte what `kubectl config set-cluster/set-credentials/set-context/use-context` leaves.
    expect(readFileSync(path, 'utf8')).toBe(`apiVersion: v1
clusters:
- cluster:
    server: https://a
    tls-server-name: foo
  name: ac
- cluster:
    insecure-skip-tls-verify: true
    server: https://1.2.3.4:6443
  name: zc
contexts:
- context:
    cluster: zc
    user: zu
  name: zctx
current-context: zctx
kind: Config
preferences: {}
users:
- name: zu
  user:
    token: abc
`);
    expect(loadKubeconfig([path]).config).toEqual({ ...config, apiVersion: 'v1', kind: 'Config', preferences: {} });
  });

  it('replaces the file atomically and writes through a symlink', () => {
    const real = file('dotfiles/kubeconfig', fileA);
    const link = join(dir, 'config');
    symlinkSync(real, link);
    writeKubeconfig(link, { clusters: [], users: [], contexts: [], 'current-context': 'x' });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toContain('current-context: x\n');
    expect(readdirSync(join(dir, 'dotfiles'))).toEqual(['kubeconfig']);
  });

  it('writes empty lists as null and sorts extension keys', () => {
    const config = upsertCluster({ clusters: [], users: [], contexts: [] }, 'e', {
      server: 'https://e',
      extensions: [{ name: 'tkctl.io/embedded', extension: { zeta: 1, alpha: { b: 2, a: 1 } } }],
    });
    expect(serializeKubeconfig(config)).toBe(`apiVersion: v1
clusters:
- cluster:
    extensions:
    - extension:
        alpha:
          a: 1
          b: 2
        zeta: 1
      name: tkctl.io/embedded
    server: https://e
  name: e
contexts: null
current-context: ""
kind: Config
preferences: {}
users: null
`);
  });
});

describe('edit helpers', () => {
  it('replace entries by name and clear the current context with its context', () => {
    let config: KubeConfig = { clusters: [], users: [], contexts: [] };
    expect(isEmptyKubeconfig(config)).toBe(true);
    config = upsertContext(config, 'b', { cluster: 'c', user: 'u' });
    config = upsertContext(config, 'a', { cluster: 'c', user: 'u' });
    config = upsertContext(config, 'b', { cluster: 'c2', user: 'u' });
    expect(config.contexts).toEqual([
      { name: 'a', context: { cluster: 'c', user: 'u' } },
      { name: 'b', context: { cluster: 'c2', user: 'u' } },
    ]);
    const removed = removeContext(setCurrentContext(config, 'b'), 'b');
    expect(removed.contexts.map((c) => c.name)).toEqual(['a']);
    expect(removed['current-context']).toBe('');
    expect(config.contexts).toHaveLength(2);
  });
});
