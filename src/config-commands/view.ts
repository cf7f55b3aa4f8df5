// `config view`: the merged (or one explicit) kubeconfig, minified, flattened or with secrets
// redacted as kubectl prints it.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CliError } from '../client/errors.js';
import { encodeV1, loadKubeconfig, type KubeConfig, type KubeconfigSources } from '../kubeconfig/index.js';
import { printYaml } from '../printers/yaml.js';
import type { ConfigSession } from './session.js';

export interface ViewOptions {
  minify?: boolean;
  raw?: boolean;
  flatten?: boolean;
  /** --merge; defaults to false with --kubeconfig and true otherwise. */
  merge?: boolean;
  /** The global --context: the context --minify keeps. */
  context?: string;
  output?: string;
  args?: string[];
}

const printerFormats =
  'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

export function viewConfig(session: ConfigSession, o: ViewOptions): string {
  if (o.args?.length) {
    throw new CliError(`error: unexpected arguments: [${o.args.join(' ')}]\nSee 'kubectl config view -h' for help and examples`);
  }
  const output = o.output ?? 'yaml';
  if (!['yaml', 'json'].includes(output)) {
    const known = printerFormats.split(',').includes(output.split('=')[0]!);
    throw new CliError(
      known
        ? `error: --output ${output} is not supported by tkctl config view`
        : `error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${printerFormats}`,
    );
  }
  const merge = o.merge ?? !session.access.explicit;
  if (!merge && !session.access.explicit) throw new CliError('error: if merge==false a precise file must be specified');
  const { config: loaded, sources } = merge
    ? session.starting
    : loadKubeconfig(session.access.precedence, { resolvePaths: false });
  let config = structuredClone(loaded);
  if (o.minify) config = minify(config, o.context);
  let shown: Record<string, unknown>;
  if (o.flatten) shown = encodeV1(flatten(config, sources));
  else shown = o.raw ? encodeV1(config) : redact(encodeV1(config));
  return output === 'json' ? goIndentedJson(shown) : printYaml(shown);
}

/** client-go's MinifyConfig: only the current context and the cluster and user it names. */
export function minify(config: KubeConfig, contextOverride?: string): KubeConfig {
  const current = contextOverride || config['current-context'] || '';
  if (!current) throw new CliError('error: current-context must exist in order to minify');
  const context = config.contexts.find((c) => c.name === current);
  if (!context) throw new CliError(`error: cannot locate context ${current}`);
  const { cluster, user } = context.context;
  const clusters = cluster ? config.clusters.filter((c) => c.name === cluster) : [];
  if (cluster && clusters.length === 0) throw new CliError(`error: cannot locate cluster ${cluster}`);
  const users = user ? config.users.filter((u) => u.name === user) : [];
  if (user && users.length === 0) throw new CliError(`error: cannot locate user ${user}`);
  return { ...config, 'current-context': current, contexts: [context], clusters, users };
}

/** client-go's FlattenConfig: referenced certificate files inlined, read relative to their kubeconfig. */
function flatten(config: KubeConfig, sources: KubeconfigSources): KubeConfig {
  const inline = (path: string, origin: string | undefined, existing: string | undefined): string => {
    if (existing) throw new CliError('error: cannot have values for both path and contents');
    const base = resolve(dirname(origin ?? '.'));
    const absolute = isAbsolute(path) ? path : join(base, path);
    try {
      return readFileSync(absolute).toString('base64');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new CliError(`error: open ${absolute}: ${code === 'ENOENT' ? 'no such file or directory' : 'permission denied'}`);
    }
  };
  for (const { name, user } of config.users) {
    for (const [file, data] of [['client-certificate', 'client-certificate-data'], ['client-key', 'client-key-data']] as const) {
      const path = user[file];
      if (!path) continue;
      user[data] = inline(path, sources.users[name], user[data]);
      delete user[file];
    }
  }
  for (const { name, cluster } of config.clusters) {
    const path = cluster['certificate-authority'];
    if (!path) continue;
    cluster['certificate-authority-data'] = inline(path, sources.clusters[name], cluster['certificate-authority-data']);
    delete cluster['certificate-authority'];
  }
  return config;
}

/** client-go's ShortenConfig, applied to the encoded form so the markers are printed as they are. */
function redact(encoded: Record<string, unknown>): Record<string, unknown> {
  type Entry = Record<string, Record<string, unknown>>;
  for (const entry of (encoded.users as Entry[] | null) ?? []) {
    const user = entry.user!;
    for (const key of ['client-certificate-data', 'client-key-data']) if (user[key]) user[key] = 'DATA+OMITTED';
    for (const key of ['token', 'password']) if (user[key]) user[key] = 'REDACTED';
  }
  for (const entry of (encoded.clusters as Entry[] | null) ?? []) {
    if (entry.cluster!['certificate-authority-data']) entry.cluster!['certificate-authority-data'] = 'DATA+OMITTED';
  }
  return encoded;
}

/** encoding/json's MarshalIndent with four spaces: struct order kept, HTML characters escaped. */
function goIndentedJson(value: unknown): string {
  return JSON.stringify(value, null, 4).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
