// Ctrl-C: real processes get SIGINT mid-command. Waiting commands exit 1 as kubectl's interrupt
// handler makes them (with the terminal restored); apply dies by the signal as kubectl does, and
// the objects it printed are exactly the objects the cluster holds.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BIN, HAS_KUBECTL, ROOT, kubectl, sandbox, serve, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
let server: Awaited<ReturnType<typeof serve>>;
let remote: string[] = [];

interface Interrupted {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Run a command, send SIGINT `pause` ms after its output satisfies `ready` (or after so many ms),
 * and collect how it ended.
 */
function interrupt(cmd: string, args: string[], ready: ((stdout: string) => boolean) | number, pause = 0): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: sb.env, cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')}: no exit after SIGINT (sent: ${sent}); stdout: ${stdout.slice(-300)} stderr: ${stderr}`));
    }, 40_000);
    const send = () => {
      sent = true;
      child.kill('SIGINT');
    };
    if (typeof ready === 'number') setTimeout(send, ready);
    child.stdout.on('data', (d) => {
      stdout += d;
      if (!sent && typeof ready === 'function' && ready(stdout)) {
        sent = true;
        setTimeout(send, pause);
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

type Ready = ((stdout: string) => boolean) | number;
const tk = (args: string[], ready: Ready, pause?: number) => interrupt(process.execPath, [BIN, ...args], ready, pause);
const kube = (args: string[], ready: Ready, pause?: number) => interrupt('kubectl', args, ready, pause);
const lines = (n: number) => (out: string) => out.split('\n').length > n;

beforeAll(async () => {
  sb = sandbox();
  expect((await tkctl(sb, ['cluster', 'create', 'ctrlc'])).code).toBe(0);
  server = await serve(sb, 'ctrlc');
  const kc = parse(readFileSync(sb.kubeconfig, 'utf8'));
  const ca = join(sb.dir, 'ca.crt');
  writeFileSync(ca, Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64'));
  remote = [`--server=${kc.clusters[0].cluster.server}`, `--token=${kc.users[0].user.token}`, `--certificate-authority=${ca}`];
  const setup = await tkctl(sb, ['apply', '-f', '-'], `apiVersion: v1
kind: Pod
metadata: {name: talker}
spec:
  containers:
  - {name: c, image: busybox, command: [sh, -c, 'while true; do echo hi; sleep 1; done']}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: slow}
spec:
  replicas: 2
  selector: {matchLabels: {app: slow}}
  template:
    metadata: {labels: {app: slow}, annotations: {sim.tkctl.dev/ready-delay: 1h}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: remote}
`);
  expect(setup.stderr).toBe('');
}, 60_000);

afterAll(async () => {
  await server?.stop();
  sb.cleanup();
});

describe('Ctrl-C during a wait exits 1, as kubectl does', () => {
  const cases: Array<[string, string[], (out: string) => boolean, RegExp]> = [
    ['get -w', ['get', 'pods', '-w'], lines(2), /^NAME +READY +STATUS/],
    ['logs -f', ['logs', '-f', 'talker'], (out) => out.includes('hi\n'), /^(hi\n)+$/],
    ['rollout status', ['rollout', 'status', 'deployment/slow'], lines(1), /^Waiting for deployment "slow" rollout to finish: 0 of 2 updated replicas are available\.\.\.\n/],
  ];
  for (const [name, args, ready, output] of cases) {
    // At a person's pace: kubectl installs its handler only once the wait has begun.
    it(name, async () => {
      const ours = await tk(args, ready, 500);
      expect(ours).toMatchObject({ code: 1, signal: null, stderr: '' });
      expect(ours.stdout).toMatch(output);
      if (!HAS_KUBECTL) return;
      const theirs = await kube(args, ready, 500);
      expect(theirs).toMatchObject({ code: 1, signal: null, stderr: '' });
      expect(theirs.stdout).toMatch(output);
    }, 90_000);
  }
});

const HAS_SCRIPT = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
if (!HAS_SCRIPT) console.log('script(1) is not on the PATH: the terminal test is skipped');

describe('Ctrl-C during exec -it', () => {
  /** exec -it on a real terminal (script(1)'s pty): its mode while the session runs, after SIGINT, and the exit code. */
  function execOnTerminal(command: string): Promise<string> {
    const mode = `stty -a </dev/tty | grep -o -- '-\\?icanon'`;
    const line = `${command} exec -it talker -- sh </dev/tty & pid=$!; sleep 4; echo during: $(${mode}); kill -INT $pid; wait $pid; echo rc=$?; echo after: $(${mode})`;
    return new Promise((resolve) => {
      // stdin stays open (an EOF would end the remote shell) until script exits.
      const child = spawn('script', ['-qec', line, '/dev/null'], { env: sb.env, cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', () => resolve(out.replace(/\r/g, '')));
    });
  }

  it.skipIf(!HAS_SCRIPT)('restores the terminal and exits 1', async () => {
    const ours = await execOnTerminal(`${process.execPath} ${BIN}`);
    expect(ours).toMatch(/during: -icanon\nrc=1\nafter: icanon\n$/);
    // Nothing from the session after the interrupt: only the prompt was printed.
    expect(ours).toMatch(/^# during/);
    if (!HAS_KUBECTL) return;
    expect(await execOnTerminal('kubectl')).toMatch(/during: -icanon\nrc=1\nafter: icanon\n$/);
  }, 60_000);
});

describe('Ctrl-C during apply of many documents', () => {
  const COUNT = 1500;
  const manifest = Array.from({ length: COUNT }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}}\ndata: {k: v}\n`).join('---\n');
  const file = () => {
    const path = join(sb.dir, 'many.yaml');
    writeFileSync(path, manifest);
    return path;
  };

  async function configMapsIn(namespace: string): Promise<string[]> {
    const r = await tkctl(sb, ['get', 'configmaps', '-n', namespace, '-o', 'name']);
    expect(r.code).toBe(0);
    return r.stdout.split('\n').filter((l) => l.startsWith('configmap/cm-'));
  }

  /** Exactly the objects printed exist: a prefix of the file, none half-applied. */
  async function expectPrintedAreStored(stdout: string, namespace: string): Promise<void> {
    const printed = stdout.split('\n').filter(Boolean);
    expect(printed.length).toBeGreaterThan(0);
    expect(printed.length).toBeLessThan(COUNT);
    expect(printed).toEqual(printed.map((_, i) => `configmap/cm-${i} created`));
    const stored = await configMapsIn(namespace);
    expect(stored.sort()).toEqual(printed.map((l) => l.replace(/ created$/, '')).sort());
  }

  it('in-process: dies by SIGINT, and what was printed is what was stored', async () => {
    const r = await tk(['apply', '-f', file()], lines(20));
    expect(r).toMatchObject({ code: null, signal: 'SIGINT', stderr: '' });
    await expectPrintedAreStored(r.stdout, 'default');
  }, 90_000);

  it('through the served API: the same', async () => {
    const r = await tk([...remote, '-n', 'remote', 'apply', '-f', file()], lines(20));
    expect(r).toMatchObject({ code: null, signal: 'SIGINT', stderr: '' });
    await expectPrintedAreStored(r.stdout, 'remote');
  }, 90_000);

  it.skipIf(!HAS_KUBECTL)('kubectl also dies by SIGINT', async () => {
    // kubectl reads every document before it sends one: interrupted early, it has sent nothing.
    expect((await kubectl(sb, ['create', 'namespace', 'theirs'])).code).toBe(0);
    const theirs = await kube(['-n', 'theirs', 'apply', '-f', file()], 1000);
    expect(theirs).toMatchObject({ code: null, signal: 'SIGINT', stdout: '' });
    expect(await configMapsIn('theirs')).toEqual([]);
  }, 60_000);
});
