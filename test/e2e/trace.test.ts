// --v=6..9 traces: tkctl's against real kubectl's for the same commands on one served cluster,
// through tkctl's remote backend (a kubeconfig without the embedded marker) and its embedded one.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { BIN, FIXTURES, HAS_KUBECTL, ROOT, kubectl, sandbox, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
let server: ChildProcess | undefined;
let remote: Sandbox;
let token: string;

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: traced
data:
  greeting: "hello \\"world\\"\\tü"
`;

beforeAll(async () => {
  sb = sandbox();
  expect((await tkctl(sb, ['cluster', 'create', 'demo', '--config', join(FIXTURES, 'clusters/kind.yaml')])).code).toBe(0);
  const kc = parse(readFileSync(sb.kubeconfig, 'utf8'));
  server = spawn(process.execPath, [BIN, 'cluster', 'serve', 'demo'], { env: sb.env, cwd: ROOT, stdio: 'ignore' });
  await listening(Number(new URL(kc.clusters[0].cluster.server).port));
  token = kc.users[0].user.token;
  for (const c of kc.clusters) delete c.cluster.extensions;
  const remoteConfig = join(sb.dir, 'remote.kubeconfig');
  writeFileSync(remoteConfig, stringify(kc), { mode: 0o600 });
  remote = { ...sb, kubeconfig: remoteConfig, env: { ...sb.env, KUBECONFIG: remoteConfig }, cleanup: () => {} };
  writeFileSync(join(sb.dir, 'cm.yaml'), MANIFEST);
}, 60_000);
afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((res) => server!.once('exit', res));
    server.kill('SIGTERM');
    await exited;
  }
  sb?.cleanup();
});

// Waits for the port rather than serve's banner: only whether it answers matters here.
async function listening(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const up = await new Promise<boolean>((res) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); res(true); });
      socket.on('error', () => res(false));
    });
    if (up) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}

/**
 * A trace reduced to what must agree: each klog line's tag and message without time, pid, latency,
 * port, user agent or the Date header; header blocks sorted (Go prints them in map order).
 */
function normalise(stderr: string): string[] {
  const lines = stderr
    .replace(/^I\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, 'I ')
    .replace(/127\.0\.0\.1:\d+/g, 'HOST')
    .replace(/in \d+ milliseconds/g, 'in N milliseconds')
    .replace(/\d+ ms/g, 'N ms')
    .replace(/(kubectl|tkctl)\/v[\d.]+ \([^)]*\) (kubernetes|tkctl)\/[0-9a-f]{7}/g, 'AGENT')
    .replace(/Date: .*GMT/g, 'Date: DATE')
    .replace(/Content-Length: \d+/g, 'Content-Length: N')
    .replace(/(\\+"(?:resourceVersion|uid|creationTimestamp|time)\\+":\\+")[^"\\]*(\\+")/g, '$1V$2')
    .replace(/remote\.kubeconfig|kubeconfig/, 'KUBECONFIG')
    .split('\n')
    .filter((l) => l && !l.startsWith('No resources found'));
  // curl -H flags and header blocks come in Go's map order: compare them as sets.
  const out: string[] = [];
  for (const line of lines) {
    const curl = /^(I round_trippers.go:473\] curl -v -X\w+ )(.*) ('[^']*')$/.exec(line);
    if (curl) out.push(curl[1] + (curl[2].match(/ -H "(?:[^"\\]|\\.)*"/g) ?? []).sort().join('') + ' ' + curl[3]);
    else out.push(line);
  }
  return sortRuns(out, /^I round_trippers.go:(480|587)\]/);
}

function sortRuns(lines: string[], kind: RegExp): string[] {
  const out: string[] = [];
  let run: string[] = [];
  for (const l of [...lines, '']) {
    if (kind.test(l)) { run.push(l); continue; }
    out.push(...run.sort());
    run = [];
    if (l) out.push(l);
  }
  return out;
}

/**
 * Three differences that belong to other parts of tkctl, reported rather than hidden in the trace:
 * Go encodes query parameters sorted by key, kubectl's apply sends objects with sorted keys, and
 * kubectl's DELETE body is DeleteOptions without type meta.
 * Both sides are brought to that form so the rest of each line is still compared.
 */
function canonical(lines: string[]): string[] {
  const sortedQuery = (l: string) => l.replace(/\?([^' ]+)/, (_m, q: string) => '?' + q.split('&').sort().join('&'));
  const sortedJson = (text: string) => {
    try {
      return JSON.stringify(sortKeys(JSON.parse(text)));
    } catch {
      return text;
    }
  };
  return lines.map((l) => {
    if (/round_trippers.go:(470|473|560)\]/.test(l)) return sortedQuery(l);
    if (l.startsWith('\t{')) return '\t' + sortedJson(withoutDeleteOptionsMeta(l.slice(1)));
    const quoted = /^(I \S+\] "(?:Request|Response) Body" body=)(".*")$/.exec(l);
    if (quoted) {
      try {
        return quoted[1] + JSON.stringify(sortedJson(JSON.parse(quoted[2])));
      } catch {
        return l;
      }
    }
    return l;
  });
}

function withoutDeleteOptionsMeta(text: string): string {
  try {
    const { apiVersion: _a, kind, ...rest } = JSON.parse(text);
    return kind === 'DeleteOptions' ? JSON.stringify(rest) : text;
  } catch {
    return text;
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as any)[k])]));
  return v;
}

/** Requests kubectl makes that tkctl has no need for: OpenAPI for client-side validation. */
const withoutOpenApi = (lines: string[]) => {
  const out: string[] = [];
  let skipping = false;
  for (const l of lines) {
    if (/"Request Body"/.test(l) || /round_trippers.go:(470|473)\]/.test(l)) skipping = /\/openapi\/|client\.go:46|groupversion\.go/.test(l);
    if (/round_trippers.go:(470|473)\]/.test(l) && /\/openapi\//.test(l)) skipping = true;
    if (!skipping) out.push(l);
  }
  return out;
};

function untilWait(lines: string[]): string[] {
  const deleted = lines.findIndex((l) => /round_trippers.go:470\] DELETE/.test(l));
  const next = lines.findIndex((l, i) => i > deleted && /"Request Body"|round_trippers.go:470\]/.test(l));
  return next < 0 ? lines : lines.slice(0, next);
}

function clearCaches(s: Sandbox) {
  rmSync(join(s.dir, '.kube', 'cache'), { recursive: true, force: true });
  rmSync(join(s.dir, 'tkctl', 'cache'), { recursive: true, force: true });
}

describe.skipIf(!HAS_KUBECTL)('traces against kubectl\'s, remote backend', () => {
  for (const level of [6, 7, 8, 9]) {
    it(`get pods --v=${level}: the same lines, discovery included`, async () => {
      clearCaches(remote);
      const k = await kubectl(remote, ['get', 'pods', `--v=${level}`]);
      const t = await tkctl(remote, ['get', 'pods', `--v=${level}`]);
      expect(t.code).toBe(k.code);
      expect(normalise(t.stderr)).toEqual(normalise(k.stderr));
    });
  }

  it('a second command answers kinds from the disk cache, as kubectl does', async () => {
    clearCaches(remote);
    await tkctl(remote, ['get', 'pods']);
    const dir = join(remote.dir, 'tkctl', 'cache', 'discovery', '127.0.0.1_' + new URL(parse(readFileSync(remote.kubeconfig, 'utf8')).clusters[0].cluster.server).port);
    expect(existsSync(join(dir, 'servergroups.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'apps/v1/serverresources.json'), 'utf8'))).toMatchObject({ kind: 'APIResourceList', groupVersion: 'apps/v1' });
    const t = await tkctl(remote, ['get', 'deploy', '--v=6']);
    expect(t.stderr).not.toMatch(/\/apis?\?timeout/);
    expect(normalise(t.stderr).slice(1)).toEqual([
      'I round_trippers.go:560] GET https://HOST/apis/apps/v1/namespaces/default/deployments?limit=500 200 OK in N milliseconds',
    ]);
  });

  for (const level of [7, 8]) {
    it(`apply -f then delete -f --v=${level}: the same requests, bodies and headers`, async () => {
      const file = join(sb.dir, 'cm.yaml');
      clearCaches(remote);
      const k = await kubectl(remote, ['apply', '-f', file, `--v=${level}`]);
      const kd = await kubectl(remote, ['delete', '-f', file, `--v=${level}`]);
      const t = await tkctl(remote, ['apply', '-f', file, `--v=${level}`]);
      const td = await tkctl(remote, ['delete', '-f', file, `--v=${level}`]);
      expect([t.code, t.stdout, t.stderr.split("\n").filter((l) => !/^(I|\t| >)/.test(l))]).toEqual([k.code, k.stdout, [""]]);
      expect([td.code, td.stdout]).toEqual([kd.code, kd.stdout]);
      // kubectl's post-processor line is not a request; its OpenAPI download is validation tkctl does on its own.
      const requestsOnly = (s: string) => canonical(withoutOpenApi(normalise(s))).filter((l) => !/apply\.go/.test(l));
      expect(requestsOnly(t.stderr)).toEqual(requestsOnly(k.stderr));
      // After the DELETE kubectl GETs the object until it is gone; tkctl's wait is not traced alike.
      expect(untilWait(requestsOnly(td.stderr))).toEqual(untilWait(requestsOnly(kd.stderr)));
    });
  }
});

describe('tokens never appear', () => {
  for (const level of [6, 7, 8, 9, 10]) {
    it(`at --v=${level}, on either backend`, async () => {
      for (const s of [sb, remote]) {
        const args = level % 2 ? ['get', 'pods,cm', `--v=${level}`] : ['get', 'nodes', '-o', 'yaml', `--v=${level}`];
        const r = await tkctl(s, args);
        expect(r.code).toBe(0);
        expect(r.stdout + r.stderr).not.toContain(token);
        if (level >= 7 && s === remote) expect(r.stderr).toContain('Authorization: Bearer <masked>');
      }
    });
  }
});

describe('the embedded backend', () => {
  it('traces its in-process requests against the served address', async () => {
    const r = await tkctl(sb, ['get', 'pods', '--v=6']);
    const port = new URL(parse(readFileSync(sb.kubeconfig, 'utf8')).clusters[0].cluster.server).port;
    expect(r.stderr).toContain(`round_trippers.go:560] GET https://127.0.0.1:${port}/api/v1/namespaces/default/pods?limit=500 200 OK in `);
    expect(normalise(r.stderr).slice(1)).toEqual([
      'I round_trippers.go:560] GET https://HOST/api?timeout=32s 200 OK in N milliseconds',
      'I round_trippers.go:560] GET https://HOST/apis?timeout=32s 200 OK in N milliseconds',
      'I round_trippers.go:560] GET https://HOST/api/v1/namespaces/default/pods?limit=500 200 OK in N milliseconds',
    ]);
  });

  it.skipIf(!HAS_KUBECTL)('sends the same bodies as kubectl at --v=8', async () => {
    const file = join(sb.dir, 'cm.yaml');
    const k = await kubectl(sb, ['apply', '-f', file, '--v=8']);
    await kubectl(sb, ['delete', '-f', file]);
    const t = await tkctl(sb, ['apply', '-f', file, '--v=8']);
    await tkctl(sb, ['delete', '-f', file]);
    // Each non-empty request body with its continuation lines (klog's multi-line form).
    const bodies = (s: string) => {
      const out: string[] = [];
      let inBody = false;
      for (const l of canonical(normalise(s))) {
        if (l.startsWith('I ')) inBody = /"Request Body"/.test(l) && !/body=""/.test(l);
        if (inBody) out.push(l);
      }
      return out;
    };
    const post = (s: string) => canonical(normalise(s)).filter((l) => /round_trippers.go:470\] POST/.test(l));
    expect(post(t.stderr)).toEqual(post(k.stderr));
    expect(bodies(t.stderr).join('\n')).toContain('helper.go:246] "Request Body" body=<');
    expect(bodies(t.stderr)).toEqual(bodies(k.stderr));
  });
});
