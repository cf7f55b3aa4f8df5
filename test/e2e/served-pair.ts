// One served embedded cluster that real kubectl and tkctl both reach over HTTPS (tkctl through its
// remote backend, as it would reach a real cluster), and the way the pair suites run a command
// from the same state on both sides.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parse, stringify } from 'yaml';
import { serve, sandbox, tkctl, type Result, type Sandbox } from './harness.js';

export interface ServedPair {
  sb: Sandbox;
  /** Runs a tool with manifest names (NAME.yaml, NAME.yml) taken from the sandbox's directory. */
  run(tool: typeof tkctl, args: string[], input?: string): Promise<Result>;
  /** tkctl steps that must succeed: the state a command starts from, or what removes its traces. */
  prepare(steps: Array<{ args: string[]; input?: string }> | undefined): Promise<void>;
  stop(): Promise<void>;
}

export async function servedPair(clusterArgs: string[] = []): Promise<ServedPair> {
  const sb = sandbox();
  expect((await tkctl(sb, ['cluster', 'create', 'pair', ...clusterArgs])).code).toBe(0);
  const server = await serve(sb, 'pair');
  // The same cluster without tkctl's embedded marker: tkctl takes its remote backend, as kubectl does.
  const kc = parse(readFileSync(sb.kubeconfig, 'utf8'));
  for (const c of kc.clusters) delete c.cluster.extensions;
  writeFileSync(sb.kubeconfig, stringify(kc), { mode: 0o600 });
  const run = (tool: typeof tkctl, args: string[], input?: string) => tool(sb, args.map((a) => (/^[\w.-]+\.ya?ml$/.test(a) ? join(sb.dir, a) : a)), input);
  return {
    sb,
    run,
    async prepare(steps) {
      for (const step of steps ?? []) {
        const r = await run(tkctl, step.args, step.input);
        expect(r.code, `${step.args.join(' ')}: ${r.stderr}`).toBe(0);
      }
    },
    async stop() {
      await server.stop();
      sb.cleanup();
    },
  };
}
