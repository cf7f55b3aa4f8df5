// tkctl's remote backend against `tkctl cluster serve`, with real kubectl as the oracle: exec
// credential plugins (a real script), proxy-url through a CONNECT proxy, retries of a flaky
// server, and an unreachable one.
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest, type Server as HttpsServer } from 'node:https';
import { connect, createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { generateClusterCerts } from '../../src/backends/embedded/certs.js';
import { HAS_KUBECTL, HAS_PTY, ROOT, kubectl, run, sandbox, serve, tkctl, tkctlOnTerminal, type Sandbox } from './harness.js';

let sb: Sandbox;
let server: Awaited<ReturnType<typeof serve>>;
let serverUrl: URL;
let caData: string;
let token: string;

const PLUGIN_LOG = () => join(sb.dir, 'plugin-runs');
const withoutAges = (s: string) => s.replace(/\b\d+(s|m|h|d)\b/g, 'AGE').replace(/ +/g, ' ');

beforeAll(async () => {
  sb = sandbox();
  expect((await tkctl(sb, ['cluster', 'create', 'demo'])).code).toBe(0);
  server = await serve(sb, 'demo');
  const kc = parse(readFileSync(sb.kubeconfig, 'utf8'));
  serverUrl = new URL(kc.clusters[0].cluster.server);
  caData = kc.clusters[0].cluster['certificate-authority-data'];
  token = kc.users[0].user.token;
  // A credential plugin as EKS's and GKE's are: a program that prints an ExecCredential. It logs
  // each run, and answers PLUGIN_TOKEN, or PLUGIN_FIRST_TOKEN on its first run only.
  writeFileSync(join(sb.dir, 'plugin.mjs'), `#!${process.execPath}
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
const log = ${JSON.stringify(join(sb.dir, 'plugin-runs'))};
const runs = existsSync(log) ? readFileSync(log, 'utf8').split('\\n').filter(Boolean).length : 0;
appendFileSync(log, JSON.stringify({ args: process.argv.slice(2), stdinIsTerminal: !!process.stdin.isTTY, info: JSON.parse(process.env.KUBERNETES_EXEC_INFO) }) + '\\n');
const token = runs === 0 && process.env.PLUGIN_FIRST_TOKEN ? process.env.PLUGIN_FIRST_TOKEN : process.env.PLUGIN_TOKEN;
const status = { token };
if (process.env.PLUGIN_EXPIRES_IN) status.expirationTimestamp = new Date(Date.now() + Number(process.env.PLUGIN_EXPIRES_IN) * 1000).toISOString().replace(/\\.\\d+Z$/, 'Z');
console.log(JSON.stringify({ apiVersion: process.env.PLUGIN_API_VERSION, kind: 'ExecCredential', status }));
`);
  chmodSync(join(sb.dir, 'plugin.mjs'), 0o755);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  sb?.cleanup();
});
beforeEach(() => rmSync(PLUGIN_LOG(), { force: true }));

interface ExecOptions {
  apiVersion?: string;
  env?: Record<string, string>;
  command?: string;
  args?: string[];
  installHint?: string;
  interactiveMode?: string;
}

/** A kubeconfig for the served cluster as any real cluster's looks: no embedded marker. */
function remoteConfig(name: string, user: object, cluster: object = {}): Sandbox {
  const file = join(sb.dir, `${name}.kubeconfig`);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'served', cluster: { server: serverUrl.href.replace(/\/$/, ''), 'certificate-authority-data': caData, ...cluster } }],
    users: [{ name: 'me', user }],
    contexts: [{ name: 'served', context: { cluster: 'served', user: 'me' } }],
    'current-context': 'served',
  };
  writeFileSync(file, stringify(config), { mode: 0o600 });
  // A cache of its own: each test starts with discovery from the server.
  return { ...sb, kubeconfig: file, env: { ...sb.env, KUBECONFIG: file, HOME: join(sb.dir, `home-${name}`) }, cleanup: () => {} };
}

function execUser(o: ExecOptions): object {
  const apiVersion = o.apiVersion ?? 'client.authentication.k8s.io/v1';
  const env = { PLUGIN_TOKEN: token, PLUGIN_API_VERSION: apiVersion, ...o.env };
  return {
    exec: {
      apiVersion,
      command: o.command ?? join(sb.dir, 'plugin.mjs'),
      args: o.args ?? ['--cluster', 'demo'],
      env: Object.entries(env).map(([name, value]) => ({ name, value })),
      provideClusterInfo: true,
      interactiveMode: o.interactiveMode ?? 'Never',
      ...(o.installHint ? { installHint: o.installHint } : {}),
    },
  };
}

const pluginRuns = (): Array<{ args: string[]; stdinIsTerminal: boolean; info: { apiVersion: string; spec: { interactive: boolean; cluster?: { server: string } } } }> =>
  existsSync(PLUGIN_LOG()) ? readFileSync(PLUGIN_LOG(), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];

describe('exec credential plugins', () => {
  it('authenticates with the token the plugin prints, running it once per command', async () => {
    const env = remoteConfig('exec-v1', execUser({}));
    const t = await tkctl(env, ['get', 'ns']);
    expect(t.stderr).toBe('');
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^NAME +STATUS +AGE\ndefault +Active/);
    // Discovery and the list share one credential.
    const runs = pluginRuns();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.args).toEqual(['--cluster', 'demo']);
    expect(runs[0]!.stdinIsTerminal).toBe(false);
    expect(runs[0]!.info).toMatchObject({
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1',
      spec: { interactive: false, cluster: { server: serverUrl.href.replace(/\/$/, ''), 'certificate-authority-data': caData, config: null } },
    });
    if (HAS_KUBECTL) {
      const k = await kubectl(env, ['get', 'ns']);
      expect(withoutAges(t.stdout)).toBe(withoutAges(k.stdout));
    }
  });

  it('speaks client.authentication.k8s.io/v1beta1 too, and never shows the token', async () => {
    const env = remoteConfig('exec-v1beta1', execUser({ apiVersion: 'client.authentication.k8s.io/v1beta1' }));
    const t = await tkctl(env, ['get', 'ns', 'default', '-o', 'name', '--v=9']);
    expect(t.code).toBe(0);
    expect(t.stdout).toBe('namespace/default\n');
    expect(t.stdout + t.stderr).not.toContain(token);
    expect(pluginRuns()[0]!.info.apiVersion).toBe('client.authentication.k8s.io/v1beta1');
  });

  it('keeps the credential until its expirationTimestamp, then runs the plugin again', async () => {
    // Three requests, one after the other.
    const args = ['get', 'ns', 'default', 'kube-public', 'kube-system', '-o', 'name'];
    const lasting = remoteConfig('exec-lasting', execUser({ env: { PLUGIN_EXPIRES_IN: '3600' } }));
    expect((await tkctl(lasting, args)).stdout).toBe('namespace/default\nnamespace/kube-public\nnamespace/kube-system\n');
    expect(pluginRuns()).toHaveLength(1);
    rmSync(PLUGIN_LOG());
    // Already expired when it arrives: every request asks again.
    const expired = remoteConfig('exec-expired', execUser({ env: { PLUGIN_EXPIRES_IN: '-60' } }));
    expect((await tkctl(expired, args)).code).toBe(0);
    expect(pluginRuns()).toHaveLength(3);
  });

  it('runs the plugin again when the server refuses its credential, and retries with the new one', async () => {
    const env = remoteConfig('exec-rotated', execUser({ env: { PLUGIN_FIRST_TOKEN: 'stale-token' } }));
    const t = await tkctl(env, ['get', 'ns', 'default', '-o', 'name']);
    expect([t.code, t.stdout, t.stderr]).toEqual([0, 'namespace/default\n', '']);
    expect(pluginRuns()).toHaveLength(2);
  });

  it('reports a token the server refuses as kubectl does, after asking the plugin once more', async () => {
    const env = remoteConfig('exec-wrong', execUser({ env: { PLUGIN_TOKEN: 'wrong-token' } }));
    const t = await tkctl(env, ['get', 'ns']);
    expect([t.code, t.stdout, t.stderr]).toEqual([1, '', 'error: You must be logged in to the server (Unauthorized)\n']);
    // kubectl prints the same once its discovery is cached; with none, its discovery fails first
    // and it says "(the server has asked for the client to provide credentials)".
    expect(pluginRuns()).toHaveLength(2);
  });

  const failures: Array<[string, ExecOptions, string]> = [
    [
      'a plugin that is not installed, with its install hint',
      { command: 'tkctl-test-no-such-plugin', installHint: 'Install it with: apt-get install tkctl-test-plugin' },
      `Unable to connect to the server: getting credentials: exec: executable tkctl-test-no-such-plugin not found

It looks like you are trying to use a client-go credential plugin that is not installed.

To learn more about this feature, consult the documentation available at:
      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins

Install it with: apt-get install tkctl-test-plugin`,
    ],
    ['a plugin that fails', { command: 'sh', args: ['-c', 'exit 3'] }, 'Unable to connect to the server: getting credentials: exec: executable sh failed with exit code 3'],
    [
      'a plugin that answers another API version',
      { apiVersion: 'client.authentication.k8s.io/v1beta1', env: { PLUGIN_API_VERSION: 'client.authentication.k8s.io/v1' } },
      'Unable to connect to the server: getting credentials: exec plugin is configured to use API version client.authentication.k8s.io/v1beta1, plugin returned version client.authentication.k8s.io/v1',
    ],
    [
      'a plugin that prints no credential',
      { command: 'echo', args: ['{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}}'] },
      "Unable to connect to the server: getting credentials: exec plugin didn't return a token or cert/key pair",
    ],
    [
      'an interactive plugin without a terminal',
      { interactiveMode: 'Always' },
      'Unable to connect to the server: getting credentials: exec plugin cannot support interactive mode: standard input is not a terminal',
    ],
    ['an unknown API version', { apiVersion: 'client.authentication.k8s.io/v2' }, 'error: exec plugin: invalid apiVersion "client.authentication.k8s.io/v2"'],
  ];
  for (const [what, options, message] of failures) {
    it(`fails with kubectl's words for ${what}`, async () => {
      const env = remoteConfig('exec-failing', execUser(options));
      const t = await tkctl(env, ['get', 'ns']);
      expect([t.code, t.stdout, t.stderr]).toEqual([1, '', message + '\n']);
      if (HAS_KUBECTL) {
        const k = await kubectl(env, ['get', 'ns']);
        // kubectl logs each failed discovery attempt (E... lines) before the same final message.
        expect(k.stderr.endsWith(message + '\n')).toBe(true);
      }
    });
  }

  it.skipIf(!HAS_PTY)('tells the plugin it may ask the user when stdin is a terminal, and gives it that terminal', async () => {
    const env = remoteConfig('exec-interactive', execUser({ interactiveMode: 'IfAvailable' }));
    const r = await tkctlOnTerminal(env.env, ['get', 'ns', 'default', '-o', 'name']);
    expect([r.code, r.stdout]).toEqual([0, 'namespace/default\n']);
    expect(pluginRuns()[0]!).toMatchObject({ stdinIsTerminal: true, info: { spec: { interactive: true } } });
  });

  it('refuses a v1 plugin without interactiveMode, as kubectl validates the kubeconfig', async () => {
    const user = execUser({}) as { exec: Record<string, unknown> };
    delete user.exec.interactiveMode;
    const t = await tkctl(remoteConfig('exec-no-mode', user), ['get', 'ns']);
    expect([t.code, t.stderr]).toEqual([1, 'error: interactiveMode must be specified for me to use exec authentication plugin\n']);
    expect(pluginRuns()).toHaveLength(0);
  });

  it('is not asked when the command line gives a token', async () => {
    const env = remoteConfig('exec-overridden', execUser({}));
    const t = await tkctl(env, ['get', 'ns', 'default', '-o', 'name', `--token=${token}`]);
    expect(t.stdout).toBe('namespace/default\n');
    expect(pluginRuns()).toHaveLength(0);
  });
});

/**
 * A forward proxy that only tunnels (HTTP CONNECT), telling each target it is asked for; it
 * resolves every name to loopback, where the served cluster listens.
 */
/**
 * A tunnel ends as a whole: when the client is done (its end, or it is gone) or either side fails,
 * both are closed (a client that exits leaves no half-open tunnel that keeps the proxy open).
 */
function tunnelled(client: Duplex, upstream: Socket): void {
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('end', close).on('close', close).on('error', close);
  upstream.on('close', close).on('error', close);
}

async function connectProxy(onTunnel: (target: string) => void): Promise<HttpServer> {
  const proxy = createHttpServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client, head) => {
    onTunnel(req.url!);
    const upstream = connect(Number(req.url!.split(':').pop()), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    tunnelled(client, upstream);
  });
  await new Promise<void>((res) => proxy.listen(0, '127.0.0.1', res));
  return proxy;
}

describe('proxy-url', () => {
  let proxy: HttpServer;
  let tunnels: string[] = [];
  beforeAll(async () => (proxy = await connectProxy((target) => tunnels.push(target))));
  afterAll(() => new Promise<void>((res) => { proxy.closeAllConnections(); proxy.close(() => res()); }));
  beforeEach(() => (tunnels = []));

  it('reaches the server through the proxy the cluster entry names', async () => {
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const env = remoteConfig('proxied', { token }, { 'proxy-url': proxyUrl });
    const t = await tkctl(env, ['get', 'ns', 'default', '-o', 'name']);
    expect([t.code, t.stdout, t.stderr]).toEqual([0, 'namespace/default\n', '']);
    expect(tunnels.length).toBeGreaterThan(0);
    expect(new Set(tunnels)).toEqual(new Set([serverUrl.host]));
    if (HAS_KUBECTL) {
      tunnels = [];
      expect((await kubectl(env, ['get', 'ns', 'default', '-o', 'name'])).stdout).toBe('namespace/default\n');
      // kubectl's discovery and REST clients keep a connection each.
      expect(tunnels.length).toBeGreaterThan(0);
      expect(new Set(tunnels)).toEqual(new Set([serverUrl.host]));
    }
  });

  it('refuses a proxy-url it cannot use with kubectl\'s line', async () => {
    const env = remoteConfig('bad-proxy', { token }, { 'proxy-url': 'ftp://127.0.0.1:1' });
    const t = await tkctl(env, ['get', 'ns']);
    const message = `error: invalid 'proxy-url' "ftp://127.0.0.1:1" for cluster "served": unsupported scheme "ftp", must be http, https, or socks5\n`;
    expect([t.code, t.stdout, t.stderr]).toEqual([1, '', message]);
    if (HAS_KUBECTL) expect((await kubectl(env, ['get', 'ns'])).stderr).toBe(message);
    expect(tunnels).toEqual([]);
  });
});

/**
 * A SOCKS5 proxy (RFC 1928) that connects every request to the served cluster's port on loopback,
 * recording each target and the username/password (RFC 1929) a client chose to send.
 */
function socks5Proxy(): { server: TcpServer; targets: string[]; logins: string[] } {
  const targets: string[] = [];
  const logins: string[] = [];
  const server = createTcpServer((client) => {
    let buffered = Buffer.alloc(0);
    let step: 'greeting' | 'login' | 'request' = 'greeting';
    client.on('error', () => client.destroy());
    client.on('data', function onData(chunk: Buffer) {
      buffered = Buffer.concat([buffered, chunk]);
      if (step === 'greeting') {
        if (buffered.length < 2 || buffered.length < 2 + buffered[1]!) return;
        const methods = [...buffered.subarray(2, 2 + buffered[1]!)];
        buffered = buffered.subarray(2 + buffered[1]!);
        step = methods.includes(2) ? 'login' : 'request';
        client.write(Buffer.from([5, methods.includes(2) ? 2 : 0]));
      }
      if (step === 'login') {
        if (buffered.length < 2 || buffered.length < 3 + buffered[1]! || buffered.length < 3 + buffered[1]! + buffered[2 + buffered[1]!]!) return;
        const userEnd = 2 + buffered[1]!;
        const passEnd = userEnd + 1 + buffered[userEnd]!;
        logins.push(`${buffered.subarray(2, userEnd)}:${buffered.subarray(userEnd + 1, passEnd)}`);
        buffered = buffered.subarray(passEnd);
        step = 'request';
        client.write(Buffer.from([1, 0]));
      }
      if (step === 'request') {
        if (buffered.length < 5) return;
        const type = buffered[3];
        const length = type === 1 ? 4 : type === 3 ? 1 + buffered[4]! : 16;
        if (buffered.length < 6 + length) return;
        const host = type === 1 ? [...buffered.subarray(4, 8)].join('.') : type === 3 ? buffered.subarray(5, 5 + buffered[4]!).toString() : 'ipv6';
        const port = buffered.readUInt16BE(4 + length);
        targets.push(`${host}:${port}`);
        client.off('data', onData);
        const rest = buffered.subarray(6 + length);
        const upstream = connect(Number(serverUrl.port), '127.0.0.1', () => {
          client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
          upstream.write(rest);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        tunnelled(client, upstream);
      }
    });
  });
  return { server, targets, logins };
}

describe('proxy-url socks5://', () => {
  const socks = socks5Proxy();
  beforeAll(() => new Promise<void>((res) => socks.server.listen(0, '127.0.0.1', res)));
  afterAll(() => new Promise<void>((res) => socks.server.close(() => res())));
  beforeEach(() => {
    socks.targets.length = 0;
    socks.logins.length = 0;
  });
  const proxyUrl = (login = '') => `socks5://${login}127.0.0.1:${(socks.server.address() as AddressInfo).port}`;

  it('reaches the server through the SOCKS5 proxy, as kubectl does', async () => {
    const env = remoteConfig('socks', { token }, { 'proxy-url': proxyUrl() });
    expect(await tkctl(env, ['get', 'ns', 'default', '-o', 'name'])).toEqual({ code: 0, stdout: 'namespace/default\n', stderr: '' });
    expect(socks.targets.length).toBeGreaterThan(0);
    expect(new Set(socks.targets)).toEqual(new Set([serverUrl.host]));
    expect(socks.logins).toEqual([]);
    if (HAS_KUBECTL) {
      socks.targets.length = 0;
      expect(await kubectl(env, ['get', 'ns', 'default', '-o', 'name'])).toEqual({ code: 0, stdout: 'namespace/default\n', stderr: '' });
      expect(new Set(socks.targets)).toEqual(new Set([serverUrl.host]));
    }
  });

  it('logs in to the proxy with the username and password the URL carries', async () => {
    const env = remoteConfig('socks-login', { token }, { 'proxy-url': proxyUrl('alice:s%3Acret@') });
    expect(await tkctl(env, ['get', 'ns', 'default', '-o', 'name'])).toEqual({ code: 0, stdout: 'namespace/default\n', stderr: '' });
    expect(new Set(socks.logins)).toEqual(new Set(['alice:s:cret']));
    if (HAS_KUBECTL) {
      socks.logins.length = 0;
      expect((await kubectl(env, ['get', 'ns', 'default', '-o', 'name'])).code).toBe(0);
      expect(new Set(socks.logins)).toEqual(new Set(['alice:s:cret']));
    }
  });
});

describe('HTTPS_PROXY and NO_PROXY, when the cluster names no proxy-url', () => {
  let proxy: HttpServer;
  let tunnels: string[] = [];
  beforeAll(async () => (proxy = await connectProxy((target) => tunnels.push(target))));
  afterAll(() => new Promise<void>((res) => { proxy.closeAllConnections(); proxy.close(() => res()); }));
  beforeEach(() => (tunnels = []));

  /** The served cluster under a name that only the proxy resolves; its certificate names localhost. */
  const named = (name: string, env: Record<string, string>) => {
    const sandboxed = remoteConfig(name, { token }, { server: `https://kube.test:${serverUrl.port}`, 'tls-server-name': 'localhost' });
    return { ...sandboxed, env: { ...sandboxed.env, ...env } };
  };
  const proxyAddress = () => `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const getNs = ['get', 'ns', 'default', '-o', 'name'];

  it('tunnels through HTTPS_PROXY (a bare host:port is an http proxy), as kubectl does', async () => {
    for (const setting of [`http://${proxyAddress()}`, proxyAddress()]) {
      const env = named('env-proxy', { HTTPS_PROXY: setting, NO_PROXY: 'example.com,10.0.0.0/8' });
      expect(await tkctl(env, getNs)).toEqual({ code: 0, stdout: 'namespace/default\n', stderr: '' });
      expect(new Set(tunnels)).toEqual(new Set([`kube.test:${serverUrl.port}`]));
      if (HAS_KUBECTL) {
        tunnels = [];
        expect(await kubectl(env, getNs)).toEqual({ code: 0, stdout: 'namespace/default\n', stderr: '' });
        expect(new Set(tunnels)).toEqual(new Set([`kube.test:${serverUrl.port}`]));
      }
      tunnels = [];
    }
  });

  it('connects directly to a host NO_PROXY names (here: one that does not resolve), and to loopback always', async () => {
    for (const noProxy of ['kube.test', '.test', `kube.test:${serverUrl.port}`, '*']) {
      const env = named('no-proxy', { https_proxy: `http://${proxyAddress()}`, no_proxy: noProxy });
      const t = await tkctl(env, getNs);
      expect([t.code, t.stdout, t.stderr]).toEqual([1, '', expect.stringMatching(/^Unable to connect to the server: dial tcp: lookup kube\.test.*: no such host\n$/)]);
      if (HAS_KUBECTL) expect((await kubectl(env, getNs)).code).toBe(1);
      expect(tunnels).toEqual([]);
    }
    // Go never proxies requests to localhost or a loopback address.
    const loopback = remoteConfig('loopback', { token });
    const env = { ...loopback, env: { ...loopback.env, HTTPS_PROXY: `http://${proxyAddress()}` } };
    expect(await tkctl(env, getNs)).toEqual({ code: 0, stdout: 'namespace/default\n', stderr: '' });
    if (HAS_KUBECTL) expect((await kubectl(env, getNs)).code).toBe(0);
    expect(tunnels).toEqual([]);
  });
});

describe('exec through a proxy, as kubectl dials its upgrades', () => {
  let connectProxyServer: HttpServer;
  const tunnels: string[] = [];
  const socks = socks5Proxy();
  beforeAll(async () => {
    connectProxyServer = await connectProxy((target) => tunnels.push(target));
    await new Promise<void>((res) => socks.server.listen(0, '127.0.0.1', res));
    expect((await tkctl(sb, ['run', 'shell', '--image=nginx'])).code).toBe(0);
    expect((await tkctl(sb, ['wait', '--for=condition=Ready', 'pod/shell', '--timeout=60s'])).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    connectProxyServer.closeAllConnections();
    await new Promise((res) => connectProxyServer.close(res));
    await new Promise((res) => socks.server.close(res));
  });

  it('carries the exec WebSocket through a CONNECT and a SOCKS5 proxy', async () => {
    const exec = ['exec', 'shell', '--', 'printenv', 'HOSTNAME'];
    const viaConnect = remoteConfig('exec-connect', { token }, { 'proxy-url': `http://127.0.0.1:${(connectProxyServer.address() as AddressInfo).port}` });
    const viaSocks = remoteConfig('exec-socks', { token }, { 'proxy-url': `socks5://127.0.0.1:${(socks.server.address() as AddressInfo).port}` });
    // Discovery cached first: then an exec is one GET of the pod and one upgrade, each on its own connection.
    for (const env of [viaConnect, viaSocks]) expect((await tkctl(env, ['get', 'pod', 'shell', '-o', 'name'])).code).toBe(0);
    tunnels.length = 0;
    socks.targets.length = 0;
    expect(await tkctl(viaConnect, exec)).toEqual({ code: 0, stdout: 'shell\n', stderr: '' });
    expect(tunnels).toEqual([serverUrl.host, serverUrl.host]);
    expect(await tkctl(viaSocks, exec)).toEqual({ code: 0, stdout: 'shell\n', stderr: '' });
    expect(socks.targets).toEqual([serverUrl.host, serverUrl.host]);
    if (HAS_KUBECTL) {
      tunnels.length = 0;
      expect(await kubectl(viaConnect, exec)).toEqual({ code: 0, stdout: 'shell\n', stderr: '' });
      expect(tunnels.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('a flaky server in front of the served cluster', () => {
  let front: HttpsServer;
  let frontCa: string;
  /** The answer to the next GET of the namespace list, once; afterwards requests pass through. */
  let fault: { status: number; headers: Record<string, string>; body: string } | undefined;
  let listRequests: number;

  beforeAll(async () => {
    const certs = await generateClusterCerts(['127.0.0.1']);
    frontCa = Buffer.from(certs.caCert).toString('base64');
    const servedCa = Buffer.from(caData, 'base64');
    front = createHttpsServer({ cert: certs.serverCert, key: certs.serverKey }, (req, res) => {
      if (req.url!.startsWith('/api/v1/namespaces?')) {
        listRequests++;
        if (fault) {
          const { status, headers, body } = fault;
          fault = undefined;
          res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
          return;
        }
      }
      const upstream = httpsRequest(
        { host: serverUrl.hostname, port: serverUrl.port, path: req.url, method: req.method, headers: { ...req.headers, host: serverUrl.host }, ca: servedCa },
        (answer) => {
          res.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((res) => front.listen(0, '127.0.0.1', res));
  });
  afterAll(() => new Promise<void>((res) => { front.closeAllConnections(); front.close(() => res()); }));
  beforeEach(() => {
    listRequests = 0;
    fault = undefined;
  });

  const frontConfig = () =>
    remoteConfig('flaky', { token }, { server: `https://127.0.0.1:${(front.address() as AddressInfo).port}`, 'certificate-authority-data': frontCa });
  const status = (code: number, message: string) => JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: code === 429 ? 'TooManyRequests' : 'InternalError', code });

  for (const code of [500, 429]) {
    it(`retries a GET answered ${code} with Retry-After, after waiting`, async () => {
      const env = frontConfig();
      const run = async (tool: typeof tkctl) => {
        fault = { status: code, headers: { 'retry-after': '1' }, body: status(code, 'try again later') };
        listRequests = 0;
        const started = Date.now();
        const r = await tool(env, ['get', 'ns', '-o', 'name']);
        return { ...r, requests: listRequests, waited: Date.now() - started };
      };
      const t = await run(tkctl);
      expect([t.code, t.stderr, t.requests]).toEqual([0, '', 2]);
      expect(t.stdout).toContain('namespace/default\n');
      expect(t.waited).toBeGreaterThanOrEqual(1000);
      if (HAS_KUBECTL) {
        const k = await run(kubectl);
        expect([k.code, k.stdout, k.requests]).toEqual([0, t.stdout, 2]);
      }
    });
  }

  it('does not retry a 500 without Retry-After: the server\'s message, as kubectl prints it', async () => {
    const env = frontConfig();
    fault = { status: 500, headers: {}, body: status(500, 'etcdserver: request timed out') };
    const t = await tkctl(env, ['get', 'ns']);
    expect([t.code, t.stdout, t.stderr, listRequests]).toEqual([1, '', 'Error from server (InternalError): etcdserver: request timed out\n', 1]);
    if (HAS_KUBECTL) {
      fault = { status: 500, headers: {}, body: status(500, 'etcdserver: request timed out') };
      expect((await kubectl(env, ['get', 'ns'])).stderr).toBe(t.stderr);
    }
  });
});

describe('an unreachable server', () => {
  it('is reported with kubectl\'s line and exit code', async () => {
    const probe = createTcpServer();
    await new Promise<void>((res) => probe.listen(0, '127.0.0.1', res));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((res) => probe.close(res));
    const env = remoteConfig('unreachable', { token }, { server: `https://127.0.0.1:${port}` });
    const t = await tkctl(env, ['get', 'pods']);
    const message = `The connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?\n`;
    expect([t.code, t.stdout, t.stderr]).toEqual([1, '', message]);
    if (HAS_KUBECTL) {
      const k = await kubectl(env, ['get', 'pods']);
      expect([k.code, k.stderr.endsWith(message)]).toEqual([1, true]);
    }
  });
});

describe("the launcher's code cache after a remote command", () => {
  it('is made under V8\'s default flags: the next run takes it instead of making another', async () => {
    // An install of its own (the built launcher and bundle), so that its cache is this test's.
    const install = join(sb.dir, 'install');
    rmSync(install, { recursive: true, force: true });
    mkdirSync(join(install, 'bin'), { recursive: true });
    mkdirSync(join(install, 'dist'));
    copyFileSync(join(ROOT, 'bin/tkctl.cjs'), join(install, 'bin/tkctl.cjs'));
    for (const f of ['cli.cjs', 'version.cjs']) copyFileSync(join(ROOT, 'dist', f), join(install, 'dist', f));
    for (const f of ['node_modules', 'package.json', 'oclif.manifest.json', 'schemas']) symlinkSync(join(ROOT, f), join(install, f));
    const env = remoteConfig('code-cache', { token }).env;
    const get = () => run(process.execPath, [join(install, 'bin/tkctl.cjs'), 'get', 'ns', 'default', '-o', 'name'], env);
    const cache = join(install, 'dist/cli.cjs.get.v8cache');

    expect(await get()).toEqual({ code: 0, stdout: 'namespace/default\n', stderr: '' });
    const fingerprint = () => ({ sha256: createHash('sha256').update(readFileSync(cache)).digest('hex'), mtime: statSync(cache).mtimeMs });
    const made = fingerprint();
    expect(await get()).toEqual({ code: 0, stdout: 'namespace/default\n', stderr: '' });
    // A cache V8 rejects is made again at exit.
    expect(fingerprint()).toEqual(made);
  });
});
