// Finding and reading kubeconfig files as kubectl does (clientcmd's default loading rules).

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { decodeKubeconfig } from './decode.js';
import { mergeKubeconfigs, type LoadedFile, type MergedKubeconfig } from './merge.js';
import { KubeconfigError, type KubeConfig } from './types.js';

/** --kubeconfig wins; else every entry of KUBECONFIG (empty ones dropped, duplicates once); else ~/.kube/config. */
export function kubeconfigPaths(env: NodeJS.ProcessEnv, flag?: string): string[] {
  if (flag) return [flag];
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter((p) => p !== '');
  if (fromEnv.length > 0) return [...new Set(fromEnv)];
  return [join(env.HOME || homedir(), '.kube', 'config')];
}

export interface LoadOptions {
  /** The paths came from --kubeconfig: a missing file is an error instead of being skipped. */
  explicit?: boolean;
  /**
   * Make relative file references absolute against the directory of the file that holds them
   * (true by default; `config view` shows them as written).
   */
  resolvePaths?: boolean;
}

export function loadKubeconfig(paths: string[], options: LoadOptions = {}): MergedKubeconfig {
  const loaded: LoadedFile[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !options.explicit) continue;
      if (code === 'ENOENT') throw new KubeconfigError(`error: stat ${path}: no such file or directory`);
      problems.push(`error loading config file "${path}": ${goFileError(code, path)}`);
      continue;
    }
    try {
      const config = decodeKubeconfig(text);
      loaded.push({ path, config: options.resolvePaths === false ? config : resolveFileReferences(config, path) });
    } catch (err) {
      problems.push(`error loading config file "${path}": ${(err as Error).message}`);
    }
  }
  // kubectl prints a lone error with its "error: " prefix and several as bare lines.
  if (problems.length === 1) throw new KubeconfigError(`error: ${problems[0]}`);
  if (problems.length > 1) throw new KubeconfigError(problems.join('\n'));
  return mergeKubeconfigs(loaded);
}

function goFileError(code: string | undefined, path: string): string {
  if (code === 'EACCES') return `open ${path}: permission denied`;
  if (code === 'EISDIR') return `read ${path}: is a directory`;
  return `open ${path}: ${code ?? 'unknown error'}`;
}

function resolveFileReferences(config: KubeConfig, file: string): KubeConfig {
  const base = resolve(dirname(file));
  const absolute = (ref: string | undefined): string | undefined =>
    ref && !isAbsolute(ref) ? join(base, ref) : ref;
  return {
    ...config,
    clusters: config.clusters.map((c) => ({
      ...c,
      cluster: withDefined(c.cluster, { 'certificate-authority': absolute(c.cluster['certificate-authority']) }),
    })),
    users: config.users.map((u) => ({
      ...u,
      user: withDefined(u.user, {
        'client-certificate': absolute(u.user['client-certificate']),
        'client-key': absolute(u.user['client-key']),
        tokenFile: absolute(u.user.tokenFile),
        // A bare command name is looked up on PATH; only a path is relative to the file.
        exec: u.user.exec?.command?.includes('/')
          ? { ...u.user.exec, command: absolute(u.user.exec.command)! }
          : u.user.exec,
      }),
    })),
  };
}

/** Overlays only the keys whose value is defined, so absent fields stay absent. */
function withDefined<T extends object>(target: T, patch: Partial<T>): T {
  const result = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) (result as Record<string, unknown>)[key] = value;
  }
  return result;
}
