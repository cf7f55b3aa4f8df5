// The served API's defences against a greedy or hostile client on the same machine: the request
// body limit, per-client rate limiting (one client flooding cannot starve another), and key files
// only their owner can read.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'undici';
import { parse } from 'yaml';
import { sandbox, serve, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
let server: Awaited<ReturnType<typeof serve>>;
let pool: Pool;
let token: string;

beforeAll(async () => {
  sb = sandbox();
  expect((await tkctl(sb, ['cluster', 'create', 'guarded'])).code).toBe(0);
  server = await serve(sb, 'guarded');
  const kc = parse(readFileSync(sb.kubeconfig, 'utf8'));
  token = kc.users[0].user.token;
  pool = new Pool(kc.clusters[0].cluster.server, {
    connections: 16,
    connect: { ca: Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString() },
  });
});
afterAll(async () => {
  await pool?.close();
  await server?.stop();
  sb.cleanup();
});

async function call(method: 'GET' | 'POST', path: string, userAgent: string, body?: string) {
  const res = await pool.request({ method, path, body, headers: { authorization: `Bearer ${token}`, 'user-agent': userAgent, 'content-type': 'application/json' } });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}

describe('served API defences', () => {
  it('refuses a body over 3 MiB with kube-apiserver\'s 413', async () => {
    const big = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { k: 'x'.repeat(4 * 1024 * 1024) } });
    const res = await call('POST', '/api/v1/namespaces/default/configmaps', 'big-writer', big);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'Request entity too large: limit is 3145728', reason: 'RequestEntityTooLarge', code: 413,
    });
  });

  it('answers a flooding client 429 with Retry-After while another client is still served', async () => {
    const flood = Array.from({ length: 1500 }, () => call('GET', '/api/v1/namespaces/default/pods', 'flood/1.0'));
    const quiet: Promise<Awaited<ReturnType<typeof call>>>[] = [];
    for (let i = 0; i < 20; i++) quiet.push(call('GET', '/api/v1/namespaces/default/pods', 'quiet/1.0'));
    const cli = tkctl(sb, ['get', 'namespace', 'default', '-o', 'name']);
    const floodResults = await Promise.all(flood);
    const limited = floodResults.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(floodResults.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    expect(limited[0]!.headers['retry-after']).toBe('1');
    expect(JSON.parse(limited[0]!.body)).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Too many requests, please try again later.',
      reason: 'TooManyRequests', details: { retryAfterSeconds: 1 }, code: 429,
    });
    expect((await Promise.all(quiet)).map((r) => r.status)).toEqual(Array(20).fill(200));
    const listed = await cli;
    expect(listed).toEqual({ stdout: 'namespace/default\n', stderr: '', code: 0 });
  });

  it('writes the cluster\'s keys, credential and state only its owner can read', () => {
    const dir = join(sb.env.TKCTL_HOME!, 'clusters', 'guarded');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(dir)) {
      const st = statSync(join(dir, f));
      if (st.isFile() && !f.endsWith('.json') && !/-(wal|shm)$/.test(f)) expect([f, st.mode & 0o777]).toEqual([f, 0o600]);
    }
    expect(statSync(sb.kubeconfig).mode & 0o777).toBe(0o600);
  });
});
