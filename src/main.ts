// The CLI entry: kubectl's argument conventions on top of oclif, and kubectl's error lines.
import { run } from '@oclif/core/run';
import type { Interfaces } from '@oclif/core';
import * as Errors from '@oclif/core/errors';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatError } from './client/errors.js';
import pjson from '../package.json' with { type: 'json' };
import { connectionFlags } from './cli/base.js';

const VALUE_FLAGS = new Set(
  Object.entries(connectionFlags).filter(([, f]) => f.type === 'option').flatMap(([name, f]) => [`--${name}`, ...(f.char ? [`-${f.char}`] : [])]),
);

/**
 * kubectl takes global flags before the command too (`kubectl -n x get pods`): move them after
 * the command id, which is the longest run of leading words that names a command.
 */
export function reorderArgs(argv: string[], commandIds: string[]): string[] {
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '--') {
    const a = argv[i];
    leading.push(a);
    if (VALUE_FLAGS.has(a) && !a.includes('=')) leading.push(argv[++i]);
    i++;
  }
  if (leading.length === 0 || i >= argv.length) return argv;
  // The command id is one word, or two for topics (`cluster create`, `rollout undo`).
  const rest = argv.slice(i);
  const ids = new Set(commandIds);
  let idWords = 1;
  for (let n = 2; n <= rest.length && !rest[n - 1].startsWith('-'); n++) {
    if (ids.has(rest.slice(0, n).join(':'))) idWords = n;
  }
  return [...rest.slice(0, idWords), ...leading, ...rest.slice(idWords)];
}

export async function runCli(argv: string[], commandIds: string[]): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  try {
    // The bundle carries package.json: oclif need not search for it and read it on every start;
    // tkctl has no plugins and no theme for oclif to look for on disk.
    process.env.TKCTL_DISABLE_THEME ??= '1';
    await run(reorderArgs(argv, commandIds), { root, pjson: pjson as Interfaces.PJSON, userPlugins: false, devPlugins: false });
  } catch (e) {
    if (e instanceof Errors.ExitError) {
      process.exitCode = e.oclif.exit;
      return;
    }
    process.stderr.write(kubectlStyle(e) + '\n');
    process.exitCode = (e as { exitCode?: number }).exitCode ?? 1;
  }
}

/** oclif's own parse errors, reworded as kubectl (cobra) words them. */
function kubectlStyle(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const flag = /Nonexistent flags?: (\S+)/.exec(message);
  if (flag) return `error: unknown flag: ${flag[1].replace(/,$/, '')}\nSee 'tkctl --help' for usage.`;
  const cmd = /command (.+) not found/.exec(message);
  if (cmd) return `error: unknown command "${cmd[1].split(':')[0]}" for "tkctl"\nRun 'tkctl --help' for usage.`;
  const missing = /Flag --(\S+) expects a value/.exec(message);
  if (missing) return `error: flag needs an argument: --${missing[1]}`;
  return formatError(e);
}
