// The context subcommands of `kubectl config`: get-contexts, current-context, use-context,
// set-context, delete-context, rename-context.

import { CliError } from '../client/errors.js';
import { compareGoStrings } from '../printers/go-format.js';
import { alignColumns } from '../printers/tabwriter.js';
import { defaultFile, editable, save, type ConfigOutput, type ConfigSession } from './session.js';

export interface GetContextsOptions {
  names: string[];
  output?: string;
  noHeaders?: boolean;
}

export function getContexts(session: ConfigSession, o: GetContextsOptions): ConfigOutput {
  const output = o.output ?? '';
  if (output !== '' && output !== 'name') {
    throw new CliError(`error: --output ${output} is not available in kubectl config get-contexts; resetting to default output format`);
  }
  const config = session.starting.config;
  const nameOnly = output === 'name';
  const missing = o.names.filter((n) => !config.contexts.some((c) => c.name === n));
  const wanted = o.names.length === 0 ? config.contexts : config.contexts.filter((c) => o.names.includes(c.name));
  const rows = [...wanted].sort((a, b) => compareGoStrings(a.name, b.name));
  let stdout: string;
  if (nameOnly) {
    stdout = rows.map((c) => `${c.name}\n`).join('');
  } else {
    const lines = o.noHeaders ? [] : ['CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE'];
    for (const { name, context } of rows) {
      const mark = config['current-context'] === name ? '*' : ' ';
      lines.push(`${mark}\t${name}\t${context.cluster ?? ''}\t${context.user ?? ''}\t${context.namespace ?? ''}`);
    }
    stdout = lines.length ? alignColumns(lines.join('\n') + '\n') : '';
  }
  if (missing.length > 0) {
    // kubectl prints what it found, then every missing name as one aggregated error.
    const errors = missing.map((n) => `context ${n} not found`);
    const message = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
    return { stdout, stderr: `error: ${message}\n`, exitCode: 1 };
  }
  return { stdout };
}

export function currentContext(session: ConfigSession): ConfigOutput {
  const name = session.starting.config['current-context'];
  if (!name) throw new CliError('error: current-context is not set');
  return { stdout: `${name}\n` };
}

export const useContextHelp = `Set the current-context in a kubeconfig file.

Aliases:
use-context, use

Examples:
  # Use the context for the minikube cluster
  tkctl config use-context minikube

Usage:
  tkctl config use-context CONTEXT_NAME [options]

Use "tkctl options" for a list of global command-line options (applies to all commands).
`;

export function useContext(session: ConfigSession, args: string[]): ConfigOutput {
  if (args.length !== 1) throw new CliError(`error: Unexpected args: [${args.join(' ')}]`);
  const name = args[0]!;
  if (!name) throw new CliError('error: empty context names are not allowed');
  const next = editable(session);
  if (!next.contexts.some((c) => c.name === name)) throw new CliError(`error: no context exists with the name: "${name}"`);
  next['current-context'] = name;
  save(session, next, { relativizePaths: true });
  return { stdout: `Switched to context "${name}".\n` };
}

export interface SetContextOptions {
  args: string[];
  current?: boolean;
  cluster?: string;
  user?: string;
  namespace?: string;
}

export function setContext(session: ConfigSession, o: SetContextOptions): ConfigOutput {
  if (o.args.length > 1) throw new CliError(`error: Unexpected args: [${o.args.join(' ')}]`);
  const given = o.args[0] ?? '';
  if (!given && !o.current) throw new CliError('error: you must specify a non-empty context name or --current');
  if (given && o.current) throw new CliError('error: you cannot specify both a context name and --current');
  const next = editable(session);
  let name = given;
  if (o.current) {
    if (!next['current-context']) throw new CliError('error: no current context is set');
    name = next['current-context'];
  }
  const existing = next.contexts.find((c) => c.name === name);
  const context = existing?.context ?? { cluster: '', user: '' };
  if (o.cluster !== undefined) context.cluster = o.cluster;
  if (o.user !== undefined) context.user = o.user;
  if (o.namespace !== undefined) context.namespace = o.namespace;
  if (!existing) next.contexts.push({ name, context });
  save(session, next, { relativizePaths: true });
  return { stdout: `Context "${name}" ${existing ? 'modified' : 'created'}.\n` };
}

export function deleteContext(session: ConfigSession, args: string[]): ConfigOutput {
  if (args.length !== 1) throw new CliError(`error: Unexpected args: [${args.join(' ')}]`);
  const name = args[0]!;
  const file = defaultFile(session);
  const next = editable(session);
  if (!next.contexts.some((c) => c.name === name)) throw new CliError(`error: cannot delete context ${name}, not in ${file}`);
  // kubectl warns but leaves current-context naming the deleted context.
  const stderr =
    next['current-context'] === name
      ? 'warning: this removed your active context, use "kubectl config use-context" to select a different one\n'
      : undefined;
  next.contexts = next.contexts.filter((c) => c.name !== name);
  save(session, next, { relativizePaths: true });
  return { stdout: `deleted context ${name} from ${file}\n`, stderr };
}

export function renameContext(session: ConfigSession, args: string[]): ConfigOutput {
  if (args.length !== 2) throw new CliError(`error: Unexpected args: [${args.join(' ')}]`);
  const [from, to] = args as [string, string];
  if (!to) throw new CliError('error: You must specify a new non-empty context name');
  const file = defaultFile(session);
  const next = editable(session);
  const entry = next.contexts.find((c) => c.name === from);
  if (!entry) throw new CliError(`error: cannot rename the context "${from}", it's not in ${file}`);
  if (next.contexts.some((c) => c.name === to)) {
    throw new CliError(`error: cannot rename the context "${from}", the context "${to}" already exists in ${file}`);
  }
  entry.name = to;
  if (next['current-context'] === from) next['current-context'] = to;
  // The renamed context stays in the file that held it.
  const origin = session.starting.sources.contexts[from]!;
  save(session, next, { relativizePaths: true, origins: { contexts: { [to]: origin } } });
  return { stdout: `Context "${from}" renamed to "${to}".\n` };
}
