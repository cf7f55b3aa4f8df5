// The CLI entry: kubectl's argument conventions on top of oclif, and kubectl's error lines.
import type { Command } from '@oclif/core/command';
import type { Config, Interfaces } from '@oclif/core';
import * as Errors from '@oclif/core/errors';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatError } from './client/errors.js';
import pjson from '../package.json' with { type: 'json' };
import { connectionFlags } from './cli/base.js';

export type CommandTable = Record<string, Command.Class & { aliases?: string[]; readsCommandTable?: boolean }>;

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

export async function runCli(argv: string[], commands: CommandTable): Promise<void> {
  const commandIds = Object.entries(commands).flatMap(([id, command]) => [id, ...(command.aliases ?? [])]);
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const args = reorderArgs(argv, commandIds);
  // The bundle carries package.json: oclif need not search for it and read it on every start;
  // tkctl has no plugins and no theme for oclif to look for on disk.
  const options = { root, pjson: pjson as Interfaces.PJSON, userPlugins: false, devPlugins: false };
  process.env.TKCTL_DISABLE_THEME ??= '1';
  try {
    const named = namedCommand(args, commands, commandIds);
    if (named) {
      await runDirectly(named.command, named.id, args.slice(named.words), commands, options);
    } else {
      const { run } = await import('@oclif/core/run');
      await run(args, options);
    }
  } catch (e) {
    if (e instanceof Errors.ExitError) {
      process.exitCode = e.oclif.exit;
      return;
    }
    process.stderr.write(kubectlStyle(e, args, commandIds) + '\n');
    process.exitCode = (e as { exitCode?: number }).exitCode ?? 1;
  }
}

/**
 * The command a command line names plainly, as oclif would find it (its leading words, up to a
 * flag or to the words a command takes as arguments). Help, --version, topics and anything oclif
 * would not resolve to a command go to oclif, as does a command that reads oclif's command table.
 */
export function namedCommand(args: string[], commands: CommandTable, commandIds: string[]) {
  const end = args.indexOf('--');
  if (args.slice(0, end === -1 ? undefined : end).includes('--help')) return undefined;
  const byId = new Map(Object.entries(commands).flatMap(([id, command]) => [id, ...(command.aliases ?? [])].map((name) => [name, { id, command }] as const)));
  const prefixes = new Set(commandIds.flatMap((id) => id.split(':').map((_, i, words) => words.slice(0, i + 1).join(':'))));
  let words = 0;
  while (words < args.length && prefixes.has(args.slice(0, words + 1).join(':'))) words++;
  const found = byId.get(args.slice(0, words).join(':'));
  if (!found || found.command.readsCommandTable) return undefined;
  const next = args[words];
  const takesArgs = found.command.strict === false || Object.keys(found.command.args ?? {}).length > 0;
  if (next !== undefined && !next.startsWith('-') && !next.includes('=') && !takesArgs) return undefined;
  return { ...found, words };
}

/**
 * A command run without oclif's Config.load (its manifest, plugins and hooks, ~10 ms a start): the
 * command gets what oclif's Command reads of its config; handing over to another command loads the
 * full Config then.
 */
async function runDirectly(command: Command.Class, id: string, argv: string[], commands: CommandTable, options: Interfaces.LoadOptions): Promise<void> {
  let full: Promise<Config> | undefined;
  const load = () => (full ??= import('@oclif/core/config').then(({ Config }) => Config.load(options)));
  const config = {
    bin: pjson.oclif.bin,
    topicSeparator: pjson.oclif.topicSeparator,
    pjson,
    commandIDs: Object.keys(commands),
    findCommand: (name: string) => commands[name],
    runHook: async () => ({ successes: [], failures: [] }),
    scopedEnvVarKeys: (key: string) => [`${pjson.oclif.bin}_${key}`.toUpperCase()],
    runCommand: async (name: string, argv: string[]) => (await load()).runCommand(name, argv),
  } as unknown as Config;
  command.id ??= id;
  // What oclif's Config.runCommand does once it has found the command (_run is protected in its types).
  const instance = new (command as unknown as new (argv: string[], config: Config) => Command)(argv, config);
  await (instance as unknown as { _run(): Promise<unknown> })._run();
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
