// The --from-literal, --from-file and --from-env-file sources of `create configmap` and
// `create secret generic`, with kubectl's parsing rules and messages (cmd/util, cmd/create).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CliError } from '../client/errors.js';
import { regexError } from '../selectors/label-syntax.js';

export interface KeyValue { key: string; value: Buffer }

const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
const ENV_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';

function dotProblems(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/** validation.IsConfigMapKey: the problems with a ConfigMap or Secret key (none when valid). */
export function configMapKeyProblems(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!new RegExp(`^${CONFIG_KEY_FMT}$`).test(key)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  }
  return [...errs, ...dotProblems(key)];
}

/** validation.IsEnvVarName. */
export function envVarNameProblems(name: string): string[] {
  const errs: string[] = [];
  if (!new RegExp(`^${ENV_NAME_FMT}$`).test(name)) {
    errs.push(regexError("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit", ENV_NAME_FMT, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'));
  }
  return [...errs, ...dotProblems(name)];
}

/** "key=value", split at the first "=" (values may hold "="). */
export function parseLiteralSource(source: string): { key: string; value: string } {
  const eq = source.indexOf('=');
  if (eq <= 0) throw new CliError(`error: invalid literal source ${source}, expected key=value`);
  return { key: source.slice(0, eq), value: source.slice(eq + 1) };
}

/** "[key=]path": the key defaults to the file's base name. */
export function parseFileSource(source: string): { key: string; path: string; keyGiven: boolean } {
  const separators = source.split('=').length - 1;
  if (separators === 0) return { key: basename(source), path: source, keyGiven: false };
  if (separators > 1) throw new CliError("error: key names or file paths cannot contain '='");
  if (source.startsWith('=')) throw new CliError(`error: key name for file path ${source.slice(1)} missing`);
  if (source.endsWith('=')) throw new CliError(`error: file path for key name ${source.slice(0, -1)} missing`);
  const [key, path] = source.split('=');
  return { key, path, keyGiven: true };
}

function statOrFail(path: string) {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`error: error reading ${path}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
  }
}

/** The key/value pairs a --from-file source names: one file, or every regular file of a directory. */
export function readFileSource(source: string): KeyValue[] {
  const { key, path, keyGiven } = parseFileSource(source);
  if (!statOrFail(path).isDirectory()) return [{ key, value: readFileSync(path) }];
  if (keyGiven) throw new CliError('error: cannot give a key name for a directory path');
  return readdirSync(path, { withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name)
    .sort()
    .map((name) => ({ key: name, value: readFileSync(join(path, name)) }));
}

/**
 * The pairs of an env file (cmdutil.AddFromEnvFile): KEY=VALUE lines, leading space and comment
 * lines ignored, a bare KEY takes its value from the environment.
 */
export function readEnvFile(path: string, what: 'config' | 'secret', env: NodeJS.ProcessEnv = process.env): KeyValue[] {
  if (statOrFail(path).isDirectory()) throw new CliError(`error: env ${what} file cannot be a directory`);
  const text = readFileSync(path);
  const out: KeyValue[] = [];
  const lines = text.toString('utf8').split(/\r?\n/);
  lines.forEach((raw, i) => {
    let line = i === 0 ? raw.replace(/^\uFEFF/, '') : raw;
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    const problems = envVarNameProblems(key);
    if (problems.length) throw new CliError(`error: ${JSON.stringify(key)} is not a valid key name: ${problems.join(';')}`);
    out.push({ key, value: Buffer.from(eq < 0 ? env[key] ?? '' : line.slice(eq + 1), 'utf8') });
  });
  return out;
}

/** Whether bytes are valid UTF-8 (Go's utf8.Valid), which decides data versus binaryData. */
export function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
