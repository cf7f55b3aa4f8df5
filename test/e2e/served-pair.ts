// One served embedded cluster that real kubectl and tkctl both reach over HTTPS (tkctl through its
// remote backend, as it would reach a real cluster), and the way the pair suites run a command
// from the same state on both sides.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parse, stringify } from 'yaml';
import { kubectl, serve, sandbox, tkctl, type Result, type Sandbox } from './harness.js';

export interface ServedPair {
  sb: Sandbox;
  /** Runs a tool with manifest names (NAME.yaml, NAME.yml) taken from the sandbox's directory. */
  run(tool: typeof tkctl, args: string[], input?: string): Promise<Result>;
  /** tkctl steps that must succeed: the state a command starts from, or what removes its traces. */
  prepare(steps: Step[] | undefined): Promise<void>;
  /** The command through kubectl, then through tkctl, each from its setup and followed by its teardown. */
  both(c: PairedCommand): Promise<{ kubectl: Result; tkctl: Result }>;
  stop(): Promise<void>;
}

export interface Step {
  args: string[];
  input?: string;
}

export interface PairedCommand {
  args: string[];
  input?: string;
  setup?: Step[];
  teardown?: Step[];
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
  const prepare = async (steps: Step[] | undefined) => {
    for (const step of steps ?? []) {
      const r = await run(tkctl, step.args, step.input);
      expect(r.code, `${step.args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  };
  const once = async (tool: typeof tkctl, c: PairedCommand) => {
    await prepare(c.setup);
    const result = await run(tool, c.args, c.input);
    await prepare(c.teardown);
    return result;
  };
  return {
    sb,
    run,
    prepare,
    both: async (c) => ({ kubectl: await once(kubectl, c), tkctl: await once(tkctl, c) }),
    async stop() {
      await server.stop();
      sb.cleanup();
    },
  };
}
