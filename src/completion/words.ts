// What the words on a command line ask to be completed, as cobra's __complete sees them: the
// command they name, the positional arguments before the cursor, the flags given so far, and the
// word under the cursor. Pure: the command table comes in as data.

export interface CommandSpec {
  id: string;
  summary?: string;
  hidden?: boolean;
  /** Flag names (without dashes) and single-letter chars that take a value. */
  valueFlags: Set<string>;
  flagNames: string[];
}

export type Wanted =
  | { kind: 'commands'; prefix: string; parent: string }
  | { kind: 'flags'; command?: CommandSpec }
  | { kind: 'flag-value'; flag: string }
  | { kind: 'argument'; command: CommandSpec; position: number; positionals: string[] };

export interface Parsed {
  wanted: Wanted;
  current: string;
  /** Flag values given so far (long names), for connecting as the finished command would. */
  flags: Record<string, string>;
}

/** Global flags every command takes, by char, so a value after `-n` is not read as an argument. */
const globalChars: Record<string, string> = { n: 'namespace', s: 'server', v: 'v' };

export function parseWords(words: string[], commands: CommandSpec[], globalValueFlags: Set<string>): Parsed {
  const current = words.length ? words[words.length - 1]! : '';
  const before = words.slice(0, -1);
  const flags: Record<string, string> = {};
  const positionals: string[] = [];
  let expecting: string | undefined;
  const byId = new Map(commands.map((c) => [c.id, c]));
  let command: CommandSpec | undefined;
  let idWords: string[] = [];
  const takesValue = (name: string) => globalValueFlags.has(name) || !!command?.valueFlags.has(name);

  for (const word of before) {
    if (expecting) {
      flags[expecting] = word;
      expecting = undefined;
      continue;
    }
    if (word.startsWith('-') && word !== '-') {
      const [rawName, value] = splitFlag(word);
      const name = word.startsWith('--') ? rawName : (globalChars[rawName] ?? rawName);
      if (value !== undefined) flags[name] = value;
      else if (takesValue(name) || takesValue(rawName)) expecting = name;
      continue;
    }
    // Words naming a command (or a topic and its subcommand) come before any argument.
    if (positionals.length === 0 && byId.has([...idWords, word].join(':'))) {
      idWords = [...idWords, word];
      command = byId.get(idWords.join(':'));
      continue;
    }
    if (positionals.length === 0 && !command && commands.some((c) => c.id.startsWith([...idWords, word].join(':') + ':'))) {
      idWords = [...idWords, word];
      continue;
    }
    positionals.push(word);
  }

  let wanted: Wanted;
  if (expecting) wanted = { kind: 'flag-value', flag: expecting };
  else if (current.startsWith('-')) wanted = { kind: 'flags', command };
  else if (command && (positionals.length > 0 || !commands.some((c) => c.id.startsWith(command!.id + ':')))) {
    wanted = { kind: 'argument', command, position: positionals.length, positionals };
  } else wanted = { kind: 'commands', prefix: current, parent: idWords.join(':') };
  return { wanted, current, flags };
}

function splitFlag(word: string): [string, string | undefined] {
  const body = word.replace(/^--?/, '');
  const eq = body.indexOf('=');
  return eq < 0 ? [body, undefined] : [body.slice(0, eq), body.slice(eq + 1)];
}

/** The commands (or a topic's subcommands) that complete `prefix`, with their summaries. */
export function commandCandidates(commands: CommandSpec[], parent: string, prefix: string): string[] {
  const depth = parent ? parent.split(':').length : 0;
  const seen = new Map<string, string>();
  for (const c of commands) {
    if (c.hidden) continue;
    const parts = c.id.split(':');
    if (parts.length <= depth || parts.slice(0, depth).join(':') !== parent) continue;
    const word = parts[depth]!;
    if (!word.startsWith(prefix)) continue;
    // A topic (`rollout`) is offered once, with the summary of its own command if it has one.
    if (parts.length === depth + 1 || !seen.has(word)) seen.set(word, parts.length === depth + 1 ? c.summary ?? '' : seen.get(word) ?? '');
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([word, summary]) => (summary ? `${word}\t${summary}` : word));
}
