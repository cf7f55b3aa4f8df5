// Run the built CLI as a user does: a real process, a temporary HOME, KUBECONFIG and state
// directory, never the user's own.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/tkctl.cjs');
export const FIXTURES = join(ROOT, 'fixtures');

export interface Sandbox {
  dir: string;
  env: NodeJS.ProcessEnv;
  kubeconfig: string;
  cleanup(): void;
}

export function sandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'tkctl-e2e-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    KUBECONFIG: kubeconfig,
    TKCTL_HOME: join(dir, 'tkctl'),
    NO_COLOR: '1',
  };
  return { dir, env, kubeconfig, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Result> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { env, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ stdout, stderr, code: code ?? -1 }));
    child.stdin.end(input ?? '');
  });
}

export const tkctl = (sb: Sandbox, args: string[], input?: string) => run(process.execPath, [BIN, ...args], sb.env, input);

export const HAS_KUBECTL = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (!HAS_KUBECTL) console.log('kubectl is not on the PATH: the tests that compare with real kubectl are skipped');

export const kubectl = (sb: Sandbox, args: string[], input?: string) => run('kubectl', args, sb.env, input);

/** Start `tkctl cluster serve` and wait until it answers. */
export async function serve(sb: Sandbox, name = 'default'): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'cluster', 'serve', name], { env: sb.env, cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`serve did not start: ${stderr}`)), 20_000);
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (stderr.includes('Serving cluster')) {
        clearTimeout(timer);
        res();
      }
    });
    child.on('exit', (code) => rej(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return {
    child,
    stop: () => new Promise<void>((res) => {
      if (child.exitCode !== null) return res();
      child.once('exit', () => res());
      child.kill('SIGTERM');
    }),
  };
}

export const HAS_PTY = spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;
if (!HAS_PTY) console.log('python3 with its pty module is not available: the tests on a terminal are skipped');

/** Runs tkctl on a pseudo-terminal, typing each answer once its prompt shows; carriage returns and ANSI codes removed. */
export async function tkctlOnTerminal(env: NodeJS.ProcessEnv, args: string[], answers: Array<[string, string]> = []): Promise<Result> {
  const r = await run('python3', [join(ROOT, 'test/e2e/pty-run.py'), JSON.stringify(answers), process.execPath, BIN, ...args], env);
  // eslint-disable-next-line no-control-regex
  return { ...r, stdout: r.stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '') };
}
