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
  const args = reorderArgs(argv, commandIds);
  try {
    // The bundle carries package.json: oclif need not search for it and read it on every start;
    // tkctl has no plugins and no theme for oclif to look for on disk.
    process.env.TKCTL_DISABLE_THEME ??= '1';
    await run(args, { root, pjson: pjson as Interfaces.PJSON, userPlugins: false, devPlugins: false });
  } catch (e) {
    if (e instanceof Errors.ExitError) {
      process.exitCode = e.oclif.exit;
      return;
    }
    process.stderr.write(kubectlStyle(e, args, commandIds) + '\n');
    process.exitCode = (e as { exitCode?: number }).exitCode ?? 1;
  }
}

/** oclif's own parse errors, reworded as kubectl (cobra) words them. */
export function kubectlStyle(e: unknown, argv: string[], commandIds: string[]): string {
  const message = e instanceof Error ? e.message : String(e);
  const path = commandPath(argv, commandIds);
  const usage = `See 'tkctl ${path.join(' ')} --help' for usage.`;
  const flag = /Nonexistent flags?: (\S+)/.exec(message);
  if (flag) {
    const name = flag[1]!.replace(/,$/, '');
    const short = /^-([^-])/.exec(name);
    return `Error: ${short ? `unknown shorthand flag: '${short[1]}' in ${name}` : `unknown flag: ${name.replace(/=.*/, '')}`}\n${usage}`;
  }
  const missing = /Flag --(\S+) expects a value/.exec(message);
  if (missing) {
    // Named as the user typed it: the flag with no value is the last word.
    const last = argv[argv.length - 1] ?? '';
    return `Error: flag needs an argument: ${/^-[^-]$/.test(last) ? `'${last[1]}' in ${last}` : `--${missing[1]}`}\n${usage}`;
  }
  // cmdutil.UsageErrorf, as kubectl's commands that take no (more) arguments word it.
  const unexpected = /^Unexpected arguments?: (.*)$/m.exec(message);
  if (unexpected) return `error: Unexpected args: [${unexpected[1]!.split(', ').join(' ')}]\nSee 'tkctl ${path.join(' ')} -h' for help and examples`;
  const cmd = /command (.+) not found/.exec(message);
  if (cmd) return unknownCommand(argv, commandIds);
  return formatError(e);
}

/** The words of the command a command line runs (`rollout undo`), or of its group (`rollout`). */
function commandPath(argv: string[], commandIds: string[]): string[] {
  const words: string[] = [];
  for (const word of argv) {
    const id = [...words, word].join(':');
    if (word.startsWith('-') || !commandIds.some((c) => c === id || c.startsWith(id + ':'))) break;
    words.push(word);
  }
  return words;
}

/**
 * cobra's unknown command: at the top, with its suggestions (names within two edits, or that the
 * word begins); under a group such as `rollout`, kubectl's own line with the words that followed.
 */
function unknownCommand(argv: string[], commandIds: string[]): string {
  const parent = commandPath(argv, commandIds);
  const rest = argv.slice(parent.length).filter((a) => !a.startsWith('-'));
  if (parent.length > 0) return `error: unknown command "${rest.join(' ')}"\nSee 'tkctl ${parent.join(' ')} -h' for help and examples`;
  const typed = rest[0] ?? '';
  const names = [...new Set(commandIds.map((id) => id.split(':')[0]!))].filter((n) => !n.startsWith('_')).sort();
  const close = names.filter((n) => editDistance(typed.toLowerCase(), n.toLowerCase()) <= 2 || n.toLowerCase().startsWith(typed.toLowerCase()));
  const suggestions = close.length ? `\n\nDid you mean this?\n${close.map((n) => `\t${n}\n`).join('')}` : '\n';
  return `Error: unknown command "${typed}" for "tkctl"${suggestions}\nRun 'tkctl --help' for usage.`;
}

/** Levenshtein distance, as cobra's suggestions measure it. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length]!;
}
