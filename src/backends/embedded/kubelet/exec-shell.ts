// The sandboxed shell `exec` reaches in a simulated container: it sees the pod's environment, its
// mounted files and hostname, and answers a handful of commands from that data. Nothing is ever
// executed on the host; an unknown command is "not found" (127) as in a minimal image.

export interface Sandbox {
  env: Record<string, string>;
  /** Absolute path -> content. Directories are implied by the paths. */
  files: Record<string, string>;
  hostname: string;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
  /** `exit` was run: the shell ends. */
  exited?: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);
/** Directories every image has, so that `ls /` and `cd /tmp` look like a container's. */
const BASE_DIRS = ['/bin', '/dev', '/etc', '/home', '/lib', '/proc', '/root', '/run', '/sbin', '/sys', '/tmp', '/usr', '/var'];

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

interface Pipeline { commands: string[][] }
interface Statement { pipeline: Pipeline; /** How it joins the next: ';', '&&', '||'. */ join: string }

/** A shell word list split into statements with quotes, $VAR, ${VAR}, $? and $(hostname) resolved. */
export function parseCommandLine(line: string, env: Record<string, string>, lastCode: number): Statement[] {
  const statements: Statement[] = [];
  let commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const expand = (text: string) => text.replace(/\$\(hostname\)|\$\{(\w+)\}|\$(\w+|\?)/g, (all, a, b) =>
    all === '$(hostname)' ? env.HOSTNAME ?? '' : (a ?? b) === '?' ? String(lastCode) : env[a ?? b] ?? '');
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  const endStatement = (join: string) => {
    endCommand();
    if (commands.length) statements.push({ pipeline: { commands }, join });
    commands = [];
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    const two = line.slice(i, i + 2);
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      const stop = end < 0 ? line.length : end;
      word += line.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (ch === '"') {
      let j = i + 1;
      let text = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) j++;
        text += line[j++];
      }
      word += expand(text);
      inWord = true;
      i = j;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (two === '&&' || two === '||') {
      endStatement(two);
      i++;
    } else if (ch === ';' || ch === '\n') {
      endStatement(';');
    } else if (ch === '|') {
      endCommand();
    } else if (ch === ' ' || ch === '\t') {
      endWord();
    } else if (ch === '#' && !inWord) {
      while (i + 1 < line.length && line[i + 1] !== '\n') i++;
    } else {
      const m = /^\$(\{\w+\}|\w+|\?|\(hostname\))/.exec(line.slice(i));
      if (m) {
        word += expand(m[0]);
        i += m[0].length - 1;
      } else word += ch;
      inWord = true;
    }
  }
  endStatement(';');
  return statements;
}

export class SimulatedShell {
  private cwd = '/';
  private lastCode = 0;
  readonly env: Record<string, string>;

  constructor(private readonly sandbox: Sandbox) {
    this.env = { ...sandbox.env };
  }

  /** Run one line of shell; `script` names the shell in errors ("sh: 1: x: not found"). */
  runLine(line: string, stdin = '', lineNo = 1): CommandResult {
    let stdout = '';
    let stderr = '';
    let skip = false;
    for (const st of parseCommandLine(line, this.env, this.lastCode)) {
      if (!skip) {
        let input = stdin;
        let r: CommandResult = { stdout: '', stderr: '', code: 0 };
        for (const argv of st.pipeline.commands) {
          r = this.command(argv, input, (name) => `sh: ${lineNo}: ${name}: not found\n`);
          stderr += r.stderr;
          input = r.stdout;
          if (r.exited) return { stdout: stdout + r.stdout, stderr, code: r.code, exited: true };
        }
        stdout += r.stdout;
        this.lastCode = r.code;
      }
      skip = (st.join === '&&' && this.lastCode !== 0) || (st.join === '||' && this.lastCode === 0);
    }
    return { stdout, stderr, code: this.lastCode };
  }

  /** What `exec POD -- argv…` runs: a program, not a shell line (so no expansion). */
  runArgv(argv: string[], stdin: string): CommandResult {
    return this.command(argv, stdin, (name) =>
      `OCI runtime exec failed: exec failed: unable to start container process: exec: "${name}": executable file not found in $PATH: unknown\n`);
  }

  private command(argv: string[], stdin: string, notFound: (name: string) => string): CommandResult {
    const ok = (stdout = ''): CommandResult => ({ stdout, stderr: '', code: 0 });
    const fail = (stderr: string, code = 1): CommandResult => ({ stdout: '', stderr, code });
    const assignment = /^(\w+)=(.*)$/s.exec(argv[0] ?? '');
    if (assignment) {
      this.env[assignment[1]!] = assignment[2]!;
      return argv.length > 1 ? this.command(argv.slice(1), stdin, notFound) : ok();
    }
    const [path = '', ...args] = argv;
    const name = basename(path);
    if (SHELLS.has(name)) {
      const c = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
      if (c >= 0) {
        const script = args[c + 1];
        if (script === undefined) return fail(`${name}: 0: -c requires an argument\n`, 2);
        return new SimulatedShell({ ...this.sandbox, env: this.env }).runScript(script, stdin);
      }
      return new SimulatedShell({ ...this.sandbox, env: this.env }).runScript(stdin, '');
    }
    switch (name) {
      case 'true': case ':': return ok();
      case 'false': return { stdout: '', stderr: '', code: 1 };
      case 'exit': return { stdout: '', stderr: '', code: args[0] === undefined ? this.lastCode : Number.parseInt(args[0], 10) & 255, exited: true };
      case 'echo': {
        const noNewline = args[0] === '-n';
        return ok(args.slice(noNewline ? 1 : 0).join(' ') + (noNewline ? '' : '\n'));
      }
      case 'hostname': return ok(`${this.sandbox.hostname}\n`);
      case 'pwd': return ok(`${this.cwd}\n`);
      case 'cd': {
        const target = this.resolve(args[0] ?? this.env.HOME ?? '/');
        if (!this.isDir(target)) return fail(`sh: 1: cd: can't cd to ${args[0]}\n`, 2);
        this.cwd = target;
        return ok();
      }
      case 'env': return ok(Object.entries(this.env).map(([k, v]) => `${k}=${v}\n`).join(''));
      case 'printenv': {
        if (args.length === 0) return ok(Object.entries(this.env).map(([k, v]) => `${k}=${v}\n`).join(''));
        const found = args.filter((a) => a in this.env);
        return { stdout: found.map((a) => `${this.env[a]}\n`).join(''), stderr: '', code: found.length === args.length ? 0 : 1 };
      }
      case 'cat': return this.cat(args, stdin);
      case 'ls': return this.ls(args);
      case 'whoami': return ok('root\n');
      case 'id': return ok('uid=0(root) gid=0(root) groups=0(root)\n');
      case 'grep': return grep(args, stdin);
      case 'head': case 'tail': return headTail(name, args, stdin);
      case 'wc': return ok(args.includes('-l') ? `${stdin.split('\n').length - 1}\n` : `${stdin.split('\n').length - 1} ${stdin.split(/\s+/).filter(Boolean).length} ${Buffer.byteLength(stdin)}\n`);
      case 'sort': return ok(stdin.split('\n').filter(Boolean).sort().map((l) => `${l}\n`).join(''));
      default: return fail(notFound(path), 127);
    }
  }

  /** A script: every line in turn, until one runs `exit`. */
  runScript(script: string, stdin: string): CommandResult {
    let stdout = '';
    let stderr = '';
    const lines = script.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const r = this.runLine(lines[i]!, stdin, i + 1);
      stdout += r.stdout;
      stderr += r.stderr;
      if (r.exited) return { stdout, stderr, code: r.code };
    }
    return { stdout, stderr, code: this.lastCode };
  }

  resolve(p: string): string {
    const parts = (p.startsWith('/') ? p : `${this.cwd}/${p}`).split('/');
    const out: string[] = [];
    for (const part of parts) {
      if (part === '..') out.pop();
      else if (part && part !== '.') out.push(part);
    }
    return '/' + out.join('/');
  }

  private isDir(p: string): boolean {
    if (p === '/' || BASE_DIRS.includes(p)) return true;
    const prefix = p + '/';
    return Object.keys(this.sandbox.files).some((f) => f.startsWith(prefix));
  }

  private entries(dir: string): string[] {
    const prefix = dir === '/' ? '/' : dir + '/';
    const names = new Set<string>();
    for (const p of [...BASE_DIRS, ...Object.keys(this.sandbox.files)]) {
      if (p.startsWith(prefix) && p.length > prefix.length) names.add(p.slice(prefix.length).split('/')[0]!);
    }
    return [...names].filter((n) => !n.startsWith('.')).sort();
  }

  private cat(args: string[], stdin: string): CommandResult {
    const files = args;
    if (files.length === 0) return { stdout: stdin, stderr: '', code: 0 };
    let stdout = '';
    let stderr = '';
    let code = 0;
    for (const f of files) {
      if (f === '-') {
        stdout += stdin;
        continue;
      }
      const p = this.resolve(f);
      if (p in this.sandbox.files) stdout += this.sandbox.files[p];
      else if (this.isDir(p)) {
        stderr += `cat: ${f}: Is a directory\n`;
        code = 1;
      } else {
        stderr += `cat: ${f}: No such file or directory\n`;
        code = 1;
      }
    }
    return { stdout, stderr, code };
  }

  private ls(args: string[]): CommandResult {
    const targets = args.filter((a) => !a.startsWith('-'));
    let stdout = '';
    let stderr = '';
    let code = 0;
    const list = targets.length ? targets : ['.'];
    for (const [i, t] of list.entries()) {
      const p = this.resolve(t);
      if (p in this.sandbox.files) stdout += `${t}\n`;
      else if (this.isDir(p)) {
        if (list.length > 1) stdout += `${i ? '\n' : ''}${t}:\n`;
        stdout += this.entries(p).map((n) => `${n}\n`).join('');
      } else {
        stderr += `ls: cannot access '${t}': No such file or directory\n`;
        code = 2;
      }
    }
    return { stdout, stderr, code };
  }
}

function grep(args: string[], stdin: string): CommandResult {
  const flags = args.filter((a) => /^-[a-z]+$/.test(a)).join('');
  const [pattern = ''] = args.filter((a) => !/^-[a-z]+$/.test(a));
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags.includes('i') ? 'i' : '');
  } catch {
    re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
  const lines = stdin.split('\n').filter((l, i, all) => i < all.length - 1 || l);
  const hits = lines.filter((l) => re.test(l) !== flags.includes('v'));
  return { stdout: hits.map((l) => `${l}\n`).join(''), stderr: '', code: hits.length ? 0 : 1 };
}

function headTail(name: string, args: string[], stdin: string): CommandResult {
  const nArg = args.find((a) => /^-n?\d+$/.test(a));
  const n = nArg ? Number(nArg.replace(/^-n?/, '')) : 10;
  const lines = stdin.split('\n').filter((l, i, all) => i < all.length - 1 || l);
  const picked = name === 'head' ? lines.slice(0, n) : lines.slice(-n);
  return { stdout: picked.map((l) => `${l}\n`).join(''), stderr: '', code: 0 };
}
