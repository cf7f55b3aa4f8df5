// `tkctl __complete WORDS...`: parse the words, ask the cluster or the kubeconfig for candidates,
// keep those that start with the word under the cursor. A failing cluster offers nothing.
import { connectionFlags } from '../cli/base.js';
import type { Connection, ConnectionFlags } from '../connect.js';
import { kubeconfigPaths, loadKubeconfig } from '../kubeconfig/index.js';
import { argumentCandidates, flagValueCandidates, type Sources } from './candidates.js';
import { commandCandidates, parseWords, type CommandSpec } from './words.js';

// cobra's directives (ShellCompDirective), and the name __complete reports on stderr.
const NO_FILES = 4;
const FILTER_FILE_EXT = 8;
const DIRECTIVE_NAMES: Record<number, string> = { [NO_FILES]: 'ShellCompDirectiveNoFileComp', [FILTER_FILE_EXT]: 'ShellCompDirectiveFilterFileExt' };

/** What kubectl's -f/--filename offers: file names with these extensions (MarkFlagFilename). */
const MANIFEST_EXTENSIONS = ['json', 'yaml', 'yml'];

export interface Completion {
  /** __complete's standard output: the candidates, one a line, then `:DIRECTIVE`. */
  stdout: string;
  /** Its standard error: which directive it ended with. */
  stderr: string;
}

export async function completeLine(words: string[], commands: CommandSpec[]): Promise<Completion> {
  const globalValueFlags = new Set(Object.entries(connectionFlags).filter(([, f]) => f.type === 'option').map(([name]) => name));
  const { wanted, current, flags } = parseWords(words, commands, globalValueFlags);
  // The shell lists the files; the extensions go to it whatever has been typed, as cobra's do.
  if (wanted.kind === 'flag-value' && (wanted.flag === 'filename' || wanted.flag === 'f')) return answer(MANIFEST_EXTENSIONS, FILTER_FILE_EXT);
  const sources = clusterSources(flags);
  let candidates: string[] = [];
  try {
    if (wanted.kind === 'commands') candidates = commandCandidates(commands, wanted.parent, current);
    else if (wanted.kind === 'flags') {
      const names = [...(wanted.command?.flagNames ?? []), ...Object.keys(connectionFlags)];
      candidates = [...new Set(names)].sort().map((n) => `--${n}`);
    } else if (wanted.kind === 'flag-value') candidates = await flagValueCandidates(wanted.flag, sources);
    else candidates = await argumentCandidates(wanted.command, wanted.position, wanted.positionals, current, sources);
  } catch {
    candidates = [];
  } finally {
    await sources.close();
  }
  return answer(candidates.filter((c) => c.startsWith(current)), NO_FILES);
}

function answer(candidates: string[], directive: number): Completion {
  return {
    stdout: candidates.map((c) => c + '\n').join('') + `:${directive}\n`,
    stderr: `Completion ended with directive: ${DIRECTIVE_NAMES[directive]}\n`,
  };
}

function clusterSources(flags: Record<string, string>): Sources & { close(): Promise<void> } {
  let connection: Promise<Connection> | undefined;
  const connectionFlagsGiven: ConnectionFlags = {};
  for (const name of ['kubeconfig', 'context', 'cluster', 'user', 'namespace', 'server', 'token'] as const) {
    if (flags[name] !== undefined) connectionFlagsGiven[name] = flags[name];
  }
  return {
    async client() {
      connection ??= import('../connect.js').then(({ connect }) => connect(connectionFlagsGiven));
      return (await connection).client;
    },
    contexts() {
      // Read here rather than connecting: completing a context must work when the current one is broken.
      return contextNames(flags.kubeconfig);
    },
    async close() {
      if (connection) await (await connection.catch(() => undefined))?.client.transport.close();
    },
  };
}

function contextNames(kubeconfig: string | undefined): string[] {
  const { config } = loadKubeconfig(kubeconfigPaths(process.env, kubeconfig), { explicit: !!kubeconfig });
  return config.contexts.map((c) => c.name).sort();
}
