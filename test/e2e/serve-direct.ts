// `tkctl cluster serve` started from the bundle itself rather than through bin/tkctl.cjs: the
// launcher's V8 code cache currently loses the dynamic-import callback in long-running serve
// ("A dynamic import callback was not specified"), which is the launcher's problem, not these tests'.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, type Sandbox } from './harness.js';

export async function serveWithoutCodeCache(sb: Sandbox, name: string): Promise<{ stop(): Promise<void> }> {
  const entry = `require(${JSON.stringify(join(ROOT, 'dist/cli.cjs'))}).main(process.argv.slice(1))`;
  const child = spawn(process.execPath, ['-e', entry, 'cluster', 'serve', name], {
    env: { ...sb.env, OCLIF_DISABLE_ENGINE_WARNING: '1' }, cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'],
  });
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
    stop: () => new Promise<void>((res) => {
      if (child.exitCode !== null) return res();
      child.once('exit', () => res());
      child.kill('SIGTERM');
    }),
  };
}
