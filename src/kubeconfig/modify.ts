// Saving an edited merged kubeconfig the way client-go's clientcmd.ModifyConfig does: only entries
// that changed are written, each into the file it came from (a new entry into the default file),
// current-context into the file that already sets one, and every touched file is rewritten whole.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { decodeKubeconfig } from './decode.js';
import type { KubeconfigSources, MergedKubeconfig } from './merge.js';
import { KubeconfigError, type Cluster, type KubeConfig, type User } from './types.js';
import { encodeCluster, encodeContext, encodeUser, encodeV1 } from './v1.js';
import { writeKubeconfig } from './write.js';

/** Where kubeconfig comes from: --kubeconfig alone, else KUBECONFIG's files, else ~/.kube/config. */
export interface ConfigAccess {
  precedence: string[];
  /** True when --kubeconfig named the file. */
  explicit: boolean;
  /** True when the files came from KUBECONFIG. */
  fromEnv: boolean;
}

export interface FileSystem {
  exists(path: string): boolean;
  /** The file's config, or undefined when it does not exist. */
  read(path: string): KubeConfig | undefined;
}

export type Origins = Pick<KubeconfigSources, 'clusters' | 'users' | 'contexts'>;

export interface ModifyOptions {
  /** Make file references of written clusters and users relative to their file where possible. */
  relativizePaths: boolean;
  /** Origins of entries that moved to a new name (rename-context); others keep the starting ones. */
  origins?: Partial<Origins>;
}

export const realFileSystem: FileSystem = {
  exists: (path) => existsSync(path),
  read(path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new KubeconfigError(`error: ${(err as Error).message}`);
    }
    try {
      return decodeKubeconfig(text);
    } catch (err) {
      throw new KubeconfigError(`error: error loading config file "${path}": ${(err as Error).message}`);
    }
  },
};

/** The file new entries go to: the explicit file, else the only or first existing KUBECONFIG file, else the last. */
export function defaultFilename(access: ConfigAccess, fs: FileSystem = realFileSystem): string {
  const files = access.precedence;
  if (access.explicit || files.length === 1 || !access.fromEnv) return files[0]!;
  return files.find((f) => fs.exists(f)) ?? files[files.length - 1]!;
}

/** The final text of every file ModifyConfig would write, by path. */
export function planModification(
  access: ConfigAccess,
  starting: MergedKubeconfig,
  next: KubeConfig,
  options: ModifyOptions,
  fs: FileSystem = realFileSystem,
): Map<string, KubeConfig> {
  const files = new Map<string, KubeConfig>();
  const changed = new Set<string>();
  const peek = (path: string): KubeConfig => {
    let config = files.get(path);
    if (!config) {
      config = fs.read(path) ?? { clusters: [], users: [], contexts: [] };
      files.set(path, config);
    }
    return config;
  };
  const load = (path: string): KubeConfig => {
    changed.add(path);
    return peek(path);
  };
  const before = starting.config;
  const origins: Origins = {
    clusters: { ...starting.sources.clusters, ...options.origins?.clusters },
    users: { ...starting.sources.users, ...options.origins?.users },
    contexts: { ...starting.sources.contexts, ...options.origins?.contexts },
  };
  const destination = (origin: string | undefined): string => origin || defaultFilename(access, fs);

  if ((before['current-context'] ?? '') !== (next['current-context'] ?? '')) {
    const path = currentContextFile(access, next['current-context'] ?? '', fs);
    load(path)['current-context'] = next['current-context'] ?? '';
  }
  const preferences = JSON.stringify(encodeV1({ ...next, clusters: [], users: [], contexts: [] }).preferences);
  if (JSON.stringify(encodeV1({ ...before, clusters: [], users: [], contexts: [] }).preferences) !== preferences) {
    // The explicit file, else the first file whose preferences differ, existing or not.
    const path = access.explicit
      ? access.precedence[0]!
      : access.precedence.find((f) => JSON.stringify(encodeV1(peek(f)).preferences) !== preferences);
    if (!path) throw new KubeconfigError('error: no config found to write preferences');
    load(path).preferences = next.preferences ?? {};
  }

  for (const { name, cluster } of next.clusters) {
    const old = before.clusters.find((c) => c.name === name);
    if (old && same(encodeCluster(old.cluster), encodeCluster(cluster))) continue;
    const path = destination(old ? origins.clusters[name] : options.origins?.clusters?.[name]);
    const written = options.relativizePaths ? relativizeCluster(cluster, path) : cluster;
    const config = load(path);
    config.clusters = upsert(config.clusters, { name, cluster: written });
  }
  for (const { name, context } of next.contexts) {
    const old = before.contexts.find((c) => c.name === name);
    if (old && same(encodeContext(old.context), encodeContext(context))) continue;
    const path = destination(old ? origins.contexts[name] : options.origins?.contexts?.[name]);
    const config = load(path);
    config.contexts = upsert(config.contexts, { name, context });
  }
  for (const { name, user } of next.users) {
    const old = before.users.find((u) => u.name === name);
    if (old && same(encodeUser(old.user), encodeUser(user))) continue;
    const path = destination(old ? origins.users[name] : options.origins?.users?.[name]);
    const written = options.relativizePaths ? relativizeUser(user, path) : user;
    const config = load(path);
    config.users = upsert(config.users, { name, user: written });
  }

  for (const { name } of before.clusters) {
    if (next.clusters.some((c) => c.name === name)) continue;
    const config = load(origins.clusters[name]!);
    config.clusters = config.clusters.filter((c) => c.name !== name);
  }
  for (const { name } of before.contexts) {
    if (next.contexts.some((c) => c.name === name)) continue;
    const config = load(origins.contexts[name]!);
    config.contexts = config.contexts.filter((c) => c.name !== name);
  }
  for (const { name } of before.users) {
    if (next.users.some((u) => u.name === name)) continue;
    const config = load(origins.users[name]!);
    config.users = config.users.filter((u) => u.name !== name);
  }
  return new Map([...changed].map((path) => [path, files.get(path)!]));
}

/** Applies the edit to disk. */
export function modifyKubeconfig(
  access: ConfigAccess,
  starting: MergedKubeconfig,
  next: KubeConfig,
  options: ModifyOptions,
): void {
  for (const [path, config] of planModification(access, starting, next, options)) writeKubeconfig(path, config);
}

// client-go writes a new current-context over the first one set in a file, and otherwise (or when
// clearing it) into the first file that exists.
function currentContextFile(access: ConfigAccess, name: string, fs: FileSystem): string {
  if (access.explicit) return access.precedence[0]!;
  const existing = access.precedence.filter((f) => fs.exists(f));
  if (name) {
    const setting = existing.find((f) => fs.read(f)?.['current-context']);
    if (setting) return setting;
  }
  if (existing.length === 0) throw new KubeconfigError('error: no config found to write context');
  return existing[0]!;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function upsert<T extends { name: string }>(list: T[], entry: T): T[] {
  const at = list.findIndex((e) => e.name === entry.name);
  if (at < 0) return [...list, entry];
  return list.map((e, i) => (i === at ? entry : e));
}

function relativizeCluster(cluster: Cluster, file: string): Cluster {
  const base = resolve(dirname(file));
  const ca = relativeWithoutBacksteps(cluster['certificate-authority'], base);
  return ca === undefined ? cluster : { ...cluster, 'certificate-authority': ca };
}

function relativizeUser(user: User, file: string): User {
  const base = resolve(dirname(file));
  const out: User = { ...user };
  for (const key of ['client-certificate', 'client-key', 'tokenFile'] as const) {
    const rel = relativeWithoutBacksteps(user[key], base);
    if (rel !== undefined) out[key] = rel;
  }
  // A bare command is looked up on PATH; only a path is a file reference.
  if (user.exec?.command?.includes('/')) {
    out.exec = { ...user.exec, command: relativeWithoutBacksteps(user.exec.command, base)! };
  }
  return out;
}

/** client-go's ResolvePaths then RelativizePathWithNoBacksteps: inside the base becomes relative. */
function relativeWithoutBacksteps(ref: string | undefined, base: string): string | undefined {
  if (!ref) return undefined;
  const absolute = isAbsolute(ref) ? ref : join(base, ref);
  const rel = relative(base, absolute) || '.';
  return rel.startsWith('../') || rel === '..' ? absolute : rel;
}
