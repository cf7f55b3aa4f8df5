// The subset of sh a simulated container follows: echo/printf, sleep, exit N, true/false, variable
// assignments and `while true; do …; done`. Anything else is taken for a long-running process.
// Nothing here is ever executed: it only becomes data (steps) the simulation replays.

export type Step =
  | { kind: 'echo'; text: string }
  | { kind: 'sleep'; ms: number }
  | { kind: 'exit'; code: number }
  | { kind: 'loop'; body: Step[] }
  /** A process that runs until it is stopped. */
  | { kind: 'block' };

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** The steps of a container's argv (command + args), with $VAR expanded from `env`. */
export function parseArgv(argv: string[], env: Record<string, string>): Step[] {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) return [];
  if (SHELLS.has(basename(cmd))) {
    const c = rest.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
    return c >= 0 ? parseScript(rest[c + 1] ?? '', env) : [];
  }
  return statement([basename(cmd), ...rest], env);
}

/** Split a script into statements of words, honouring quotes, `;`, `&&`, `||`, newlines. */
function tokenize(script: string, env: Record<string, string>): string[][] {
  const statements: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endStatement = () => {
    endWord();
    if (words.length) statements.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (ch === "'") {
      const end = script.indexOf("'", i + 1);
      const stop = end < 0 ? script.length : end;
      word += script.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (ch === '"') {
      let j = i + 1;
      let text = '';
      while (j < script.length && script[j] !== '"') {
        if (script[j] === '\\' && j + 1 < script.length && '"\\$`'.includes(script[j + 1]!)) j++;
        text += script[j++];
      }
      word += expand(text, env);
      inWord = true;
      i = j;
    } else if (ch === '\\' && i + 1 < script.length) {
      word += script[++i];
      inWord = true;
    } else if (ch === ';' || ch === '\n' || (ch === '&' && script[i + 1] === '&') || (ch === '|' && script[i + 1] === '|')) {
      if (ch === '&' || ch === '|') i++;
      endStatement();
    } else if (ch === ' ' || ch === '\t') {
      endWord();
    } else if (ch === '#' && !inWord) {
      while (i + 1 < script.length && script[i + 1] !== '\n') i++;
    } else {
      const m = /^\$(\{\w+\}|\w+|\(hostname\))/.exec(script.slice(i));
      if (m) {
        word += expand(m[0], env);
        i += m[0].length - 1;
      } else word += ch;
      inWord = true;
    }
  }
  endStatement();
  return statements;
}

function expand(text: string, env: Record<string, string>): string {
  return text.replace(/\$\(hostname\)|\$\{(\w+)\}|\$(\w+)/g, (all, a, b) => (all === '$(hostname)' ? env.HOSTNAME ?? '' : env[a ?? b] ?? ''));
}

export function parseScript(script: string, env: Record<string, string>): Step[] {
  const statements = tokenize(script, { ...env });
  const [steps] = parseBlock(statements, 0, env, undefined);
  return steps;
}

/** Statements up to `until` (a loop's `done`); returns the steps and where it stopped. */
function parseBlock(statements: string[][], from: number, env: Record<string, string>, until: string | undefined): [Step[], number] {
  const steps: Step[] = [];
  let i = from;
  while (i < statements.length) {
    let words = statements[i]!;
    if (until && words[0] === until) return [steps, i + 1];
    if (words[0] === 'while' || words[0] === 'until') {
      const forever = words[0] === 'while' ? ['true', ':'].includes(words[1] ?? '') : words[1] === 'false';
      // "do" opens the body, on the next statement or the same one.
      const next = statements[i + 1] ?? [];
      const bodyStart = next[0] === 'do' ? next.slice(1) : [];
      const rest = [bodyStart, ...statements.slice(i + 2)].filter((w, k) => k > 0 || w.length);
      const [body, end] = parseBlock(rest, 0, env, 'done');
      steps.push(forever ? { kind: 'loop', body } : { kind: 'block' });
      i = i + 2 + end - (bodyStart.length ? 1 : 0);
      continue;
    }
    words = words.filter((w) => !/^\d?>/.test(w) && !/^&?>/.test(w));
    steps.push(...statement(words, env));
    i++;
  }
  return [steps, i];
}

function statement(words: string[], env: Record<string, string>): Step[] {
  const [cmd, ...args] = words;
  if (cmd === undefined) return [];
  const assignment = /^(\w+)=(.*)$/.exec(cmd);
  if (assignment) {
    env[assignment[1]!] = assignment[2]!;
    return args.length ? statement(args, env) : [];
  }
  switch (cmd) {
    case 'echo': {
      const flags = args.filter((a, k) => /^-[neE]+$/.test(a) && args.slice(0, k).every((b) => /^-[neE]+$/.test(b)));
      const text = args.slice(flags.length).join(' ');
      return lines(flags.some((f) => f.includes('e')) ? unescape(text) : text);
    }
    case 'printf': return lines(unescape(args[0] ?? '').replace(/%s/g, () => args[1] ?? '').replace(/\n$/, ''));
    case 'sleep': return [args[0] === 'infinity' ? { kind: 'block' } : { kind: 'sleep', ms: sleepMs(args) }];
    case 'exit': return [{ kind: 'exit', code: Number.parseInt(args[0] ?? '0', 10) & 255 }];
    case 'false': return [{ kind: 'exit', code: 1 }];
    case 'hostname': return lines(env.HOSTNAME ?? '');
    case 'true': case ':': case 'set': case 'export': case 'cd': case 'date': return [];
    default: return [{ kind: 'block' }];
  }
}

function lines(text: string): Step[] {
  return text.split('\n').map((line) => ({ kind: 'echo', text: line }));
}

function unescape(text: string): string {
  return text.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
}

const SLEEP_UNIT: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function sleepMs(args: string[]): number {
  return args.reduce((ms, a) => {
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(a);
    return m ? ms + Number(m[1]) * SLEEP_UNIT[m[2]!]! : ms;
  }, 0);
}
