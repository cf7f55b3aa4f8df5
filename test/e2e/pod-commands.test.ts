// logs, exec, top and port-forward with the built CLI on the embedded cluster, and the same
// commands through real kubectl against `tkctl cluster serve` (WebSocket exec, metrics API).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { parse } from 'yaml';
import { BIN, HAS_KUBECTL, ROOT, kubectl, sandbox, serve, tkctl, type Sandbox } from './harness.js';

const MANIFESTS = `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {key: value1}
---
apiVersion: v1
kind: Pod
metadata: {name: nginx}
spec:
  containers:
  - name: nginx
    image: nginx
    env: [{name: GREETING, value: hi}]
    volumeMounts: [{name: config, mountPath: /etc/config}]
  volumes: [{name: config, configMap: {name: cfg}}]
---
apiVersion: v1
kind: Pod
metadata: {name: hello}
spec:
  restartPolicy: Never
  containers:
  - name: hello
    image: busybox
    command: [sh, -c, 'echo hello; sleep 5']
`;

let sb: Sandbox;
let server: Awaited<ReturnType<typeof serve>> | undefined;

beforeAll(async () => {
  sb = sandbox();
  const applied = await tkctl(sb, ['apply', '-f', '-'], MANIFESTS);
  expect(applied.code).toBe(0);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  sb.cleanup();
});

describe('pod commands on the embedded cluster', () => {
  it('logs a pod running `sh -c "echo hello; sleep 5"`', async () => {
    expect(await tkctl(sb, ['logs', 'hello'])).toEqual({ stdout: 'hello\n', stderr: '', code: 0 });
  });

  it('execs into the simulated container: its hostname, its mounted ConfigMap, 127 for an unknown command', async () => {
    expect(await tkctl(sb, ['exec', 'nginx', '--', 'printenv', 'HOSTNAME'])).toEqual({ stdout: 'nginx\n', stderr: '', code: 0 });
    expect(await tkctl(sb, ['exec', 'nginx', '--', 'cat', '/etc/config/key'])).toEqual({ stdout: 'value1', stderr: '', code: 0 });
    const unknown = await tkctl(sb, ['exec', 'nginx', '--', 'sh', '-c', 'frobnicate']);
    expect(unknown).toEqual({ stdout: '', stderr: 'sh: 1: frobnicate: not found\ncommand terminated with exit code 127\n', code: 127 });
    const piped = await tkctl(sb, ['exec', '-i', 'nginx', '--', 'sh'], 'echo $GREETING\nexit 4\n');
    expect(piped).toEqual({ stdout: 'hi\n', stderr: 'command terminated with exit code 4\n', code: 4 });
  });

  it('tops pods and nodes from the metrics API', async () => {
    const pods = await tkctl(sb, ['top', 'pods']);
    expect(pods.code).toBe(0);
    expect(pods.stdout.split('\n')[0]).toBe('NAME    CPU(cores)   MEMORY(bytes)   ');
    expect(pods.stdout).toContain('nginx   1m           4Mi');
    const nodes = await tkctl(sb, ['top', 'nodes', '--no-headers']);
    expect(nodes.stdout).toMatch(/^default-control-plane {3}\d+m +\d+% +\d+Mi +\d+% +\n$/);
  });

  it('port-forwards a local port to the simulated pod\'s HTTP answer', async () => {
    const child = spawn(process.execPath, [BIN, 'port-forward', 'pod/nginx', ':80'], { env: sb.env, cwd: ROOT });
    try {
      let out = '';
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          out += d;
          const m = /Forwarding from 127\.0\.0\.1:(\d+) -> 80\n/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.on('exit', (code) => reject(new Error(`port-forward exited ${code}`)));
      });
      const body = await new Promise<string>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path: '/' }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(body).toContain('<title>Welcome to nginx!</title>');
    } finally {
      child.kill('SIGINT');
    }
  });
});

describe.skipIf(!HAS_KUBECTL)('the same commands through real kubectl on the served cluster', () => {
  beforeAll(async () => {
    server = await serve(sb);
  }, 30_000);

  const same = async (args: string[], input?: string) => {
    const [k, t] = [await kubectl(sb, args, input), await tkctl(sb, args, input)];
    expect(t).toEqual(k);
    return k;
  };

  it('logs, top and exec print the same and exit the same', async () => {
    expect((await same(['logs', 'hello'])).stdout).toBe('hello\n');
    await same(['logs', 'hello', '--tail=1', '--timestamps']);
    await same(['logs', 'nginx', '-c', 'nope']);
    await same(['top', 'pods']);
    await same(['top', 'pod', 'nginx', '--containers']);
    await same(['top', 'nodes']);
    expect((await same(['exec', 'nginx', '--', 'printenv', 'HOSTNAME'])).stdout).toBe('nginx\n');
    await same(['exec', 'nginx', '--', 'cat', '/etc/config/key']);
    expect((await same(['exec', 'nginx', '--', 'frobnicate'])).code).toBe(127);
    expect((await same(['exec', 'nginx', '-c', 'nope', '--', 'ls'])).stderr).toBe('Error from server (BadRequest): container nope is not valid for pod nginx\n');
    expect((await same(['exec', '-i', 'nginx', '--', 'sh'], 'ls /etc/config\nexit 2\n')).code).toBe(2);
  });

  it("tkctl's own WebSocket exec against the served API matches kubectl's", async () => {
    const url = parse(readFileSync(sb.kubeconfig, 'utf8')).clusters[0].cluster.server;
    const args = ['exec', '-i', 'nginx', '--', 'sh', '-c', 'cat; exit 5'];
    const k = await kubectl(sb, args, 'piped\n');
    const t = await tkctl(sb, [...args.slice(0, 3), '--server', url, ...args.slice(3)], 'piped\n');
    expect(t).toEqual(k);
    expect(k).toEqual({ stdout: 'piped\n', stderr: 'command terminated with exit code 5\n', code: 5 });
  });
});
