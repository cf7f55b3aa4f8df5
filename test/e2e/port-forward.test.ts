// port-forward through real kubectl against `tkctl cluster serve` (SPDY/3.1 tunnelled in
// WebSocket, and plain SPDY when kubectl is told not to use WebSockets) and through tkctl, in-process
// and over the served API: the same lines, the same simulated pod's answer, the same failures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { PassThrough, Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { BIN, HAS_KUBECTL, ROOT, kubectl, sandbox, serve, tkctl, type Sandbox } from './harness.js';

const MANIFESTS = `apiVersion: v1
kind: Pod
metadata: {name: nginx}
spec:
  containers: [{name: nginx, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers: [{name: web, image: registry.k8s.io/e2e-test-images/agnhost:2.39, ports: [{containerPort: 8080, name: http}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: v1
kind: Pod
metadata: {name: slow, annotations: {sim.tkctl.dev/start-delay: 1h}}
spec:
  containers: [{name: slow, image: nginx}]
`;

let sb: Sandbox;
let server: Awaited<ReturnType<typeof serve>> | undefined;

beforeAll(async () => {
  sb = sandbox();
  expect((await tkctl(sb, ['apply', '-f', '-'], MANIFESTS)).code).toBe(0);
  server = await serve(sb);
  // Forwarding needs running pods: kubectl refuses any other.
  expect((await tkctl(sb, ['wait', '--for=condition=Ready', 'pod/nginx', 'pod/web', '--timeout=30s'])).code).toBe(0);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  sb.cleanup();
});

interface Forwarding {
  port: number;
  /** Stops it (SIGINT) unless it has ended, and gives what it printed and its exit code. */
  finish(): Promise<{ stdout: string; stderr: string; code: number }>;
}

/** Start a port-forward and wait for its first "Forwarding from 127.0.0.1:PORT" line. */
function forward(cmd: 'kubectl' | 'tkctl', args: string[], env: NodeJS.ProcessEnv = sb.env): Promise<Forwarding> {
  const child = cmd === 'kubectl' ? spawn('kubectl', args, { env, cwd: ROOT }) : spawn(process.execPath, [BIN, ...args], { env, cwd: ROOT });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(stdout);
      if (m) {
        resolve({
          port: Number(m[1]),
          finish: async () => {
            if (child.exitCode === null) child.kill('SIGINT');
            const code = await exited;
            return { stdout: stdout.replaceAll(m[1]!, 'LOCAL'), stderr: stderr.replaceAll(m[1]!, 'LOCAL'), code };
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`)));
  });
}

/** One GET on its own connection (closed after the answer). */
function fetchLocal(port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

/** klog's header (date, time, pid) differs from run to run. */
const klogFree = (text: string) => text.replace(/^([IE])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, '$1 ');

const served = () => parse(readFileSync(sb.kubeconfig, 'utf8')).clusters[0].cluster.server as string;

describe.skipIf(!HAS_KUBECTL)('port-forward through real kubectl against the served cluster', () => {
  it('forwards pod/NAME to the simulated pod: its page, and 404 elsewhere, on every forwarded connection', async () => {
    const k = await forward('kubectl', ['port-forward', 'pod/nginx', ':80']);
    const page = await fetchLocal(k.port);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Welcome to nginx!</title>');
    expect(page.body).toContain('<!-- served by nginx -->');
    expect((await fetchLocal(k.port, '/missing')).status).toBe(404);
    const t = await forward('tkctl', ['port-forward', 'pod/nginx', ':80']);
    expect(await fetchLocal(t.port)).toEqual(page);
    await fetchLocal(t.port, '/missing');
    const [kOut, tOut] = [await k.finish(), await t.finish()];
    expect(kOut.stdout).toBe('Forwarding from 127.0.0.1:LOCAL -> 80\nForwarding from [::1]:LOCAL -> 80\nHandling connection for LOCAL\nHandling connection for LOCAL\n');
    expect(tOut.stdout).toBe(kOut.stdout);
  });

  it('forwards svc/NAME to a pod behind it, through the named target port', async () => {
    const k = await forward('kubectl', ['port-forward', 'svc/web', ':80']);
    const answer = await fetchLocal(k.port);
    expect(answer).toEqual({ status: 200, body: 'web\n' });
    const t = await forward('tkctl', ['port-forward', 'svc/web', ':80']);
    expect(await fetchLocal(t.port)).toEqual(answer);
    const [kOut, tOut] = [await k.finish(), await t.finish()];
    expect(kOut.stdout).toContain('Forwarding from 127.0.0.1:LOCAL -> 8080\n');
    expect(tOut.stdout).toBe(kOut.stdout);
  });

  it('falls back to SPDY over the upgraded connection when kubectl may not use WebSockets', async () => {
    const k = await forward('kubectl', ['port-forward', 'pod/nginx', ':80', '--v=6'], { ...sb.env, KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' });
    expect((await fetchLocal(k.port)).body).toContain('<!-- served by nginx -->');
    const out = await k.finish();
    expect(out.stderr).toMatch(/POST https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/default\/pods\/nginx\/portforward 101 Switching Protocols/);
    expect(out.stderr).not.toContain('tunneling_dialer');
  });

  it('a port the pod does not listen on: the runtime\'s error, then "lost connection to pod" and exit 1, from all three', async () => {
    const results = [];
    for (const [cmd, extra] of [['kubectl', []], ['tkctl', []], ['tkctl', ['--server', served()]]] as const) {
      const f = await forward(cmd, ['port-forward', 'pod/web', ':81', ...extra]);
      await expect(fetchLocal(f.port)).rejects.toThrow();
      const out = await f.finish();
      results.push({ ...out, stderr: klogFree(out.stderr) });
    }
    const [k, t, remote] = results;
    expect(k!.code).toBe(1);
    expect(k!.stderr).toMatch(/^E portforward\.go:424\] "Unhandled Error" err="an error occurred forwarding LOCAL -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\"\/var\/run\/netns\/cni-[-0-9a-f]{36}\\": failed to connect to localhost:81 inside namespace \\"[0-9a-f]{64}\\", IPv4: dial tcp4 127\.0\.0\.1:81: connect: connection refused IPv6 dial tcp6 \[::1\]:81: connect: connection refused "\nerror: lost connection to pod\n$/);
    expect(t).toEqual(k);
    expect(remote).toEqual(k);
  });

  it('a pod that is not running: kubectl\'s error and exit 1, nothing forwarded', async () => {
    const k = await kubectl(sb, ['port-forward', 'pod/slow', '18099:80']);
    expect(k).toEqual({ stdout: '', stderr: 'error: unable to forward port because pod is not running. Current status=Pending\n', code: 1 });
    expect(await tkctl(sb, ['port-forward', 'pod/slow', '18099:80'])).toEqual(k);
    expect(await tkctl(sb, ['port-forward', 'pod/slow', '18099:80', '--server', served()])).toEqual(k);
  });

  it('a user who may not create pods/portforward: kubectl\'s upgrade error and exit 1, before any listening', async () => {
    for (const step of [['create', 'serviceaccount', 'viewer'], ['create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods'],
      ['create', 'rolebinding', 'pod-reader', '--role=pod-reader', '--serviceaccount=default:viewer']]) {
      expect((await kubectl(sb, step)).code).toBe(0);
    }
    const token = (await kubectl(sb, ['create', 'token', 'viewer'])).stdout.trim();
    const args = ['port-forward', 'pod/nginx', ':80', `--token=${token}`];
    const k = await kubectl(sb, args);
    expect(k).toEqual({
      stdout: '', code: 1,
      stderr: 'error: error upgrading connection: pods "nginx" is forbidden: User "system:serviceaccount:default:viewer" cannot create resource "pods/portforward" in API group "" in the namespace "default"\n',
    });
    expect(await tkctl(sb, args)).toEqual(k);
    expect(await tkctl(sb, [...args, '--server', served()])).toEqual(k);
  });
});

describe('@kubernetes/client-node\'s PortForward (WebSocket, v4.channel.k8s.io) against the served cluster', () => {
  /** One forwarded exchange: what arrives on the data and error channels once the server closes. */
  const exchange = async (pod: string, port: number) => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(sb.kubeconfig);
    let data = '';
    let error = '';
    const output = new Writable({ write: (c, _e, done) => ((data += c), done()) });
    const errors = new Writable({ write: (c, _e, done) => ((error += c), done()) });
    const input = new PassThrough();
    const ws = (await new k8s.PortForward(kc).portForward('default', pod, [port], output, errors, input)) as { on(e: 'close', cb: () => void): void };
    const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
    input.write('GET / HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n\r\n');
    await closed;
    return { data, error };
  };

  it('reaches the simulated pod\'s page, and reports a port it does not listen on on the error channel', async () => {
    const page = await exchange('nginx', 80);
    expect(page.data).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(page.data).toContain('<!-- served by nginx -->');
    expect(page.error).toBe('');
    const refused = await exchange('web', 81);
    expect(refused.data).toBe('');
    expect(refused.error).toMatch(/^error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward .*connect: connection refused $/);
  });
});
