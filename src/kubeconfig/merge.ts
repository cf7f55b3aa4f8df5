// Merging several kubeconfig files by clientcmd's loading rules: a named cluster, user or context is
// taken whole from the first file that defines it, and current-context from the first file that sets
// it. Later files never patch fields into an earlier entry.

import type { KubeConfig } from './types.js';

export interface LoadedFile {
  path: string;
  config: KubeConfig;
}

/** Which file each merged entry came from (client-go's LocationOfOrigin). */
export interface KubeconfigSources {
  files: string[];
  clusters: Record<string, string>;
  users: Record<string, string>;
  contexts: Record<string, string>;
  currentContext?: string;
}

export interface MergedKubeconfig {
  config: KubeConfig;
  sources: KubeconfigSources;
}

export function mergeKubeconfigs(files: LoadedFile[]): MergedKubeconfig {
  const sources: KubeconfigSources = { files: files.map((f) => f.path), clusters: {}, users: {}, contexts: {} };
  const clusters = firstByName(files, (c) => c.clusters, sources.clusters);
  const users = firstByName(files, (c) => c.users, sources.users);
  const contexts = firstByName(files, (c) => c.contexts, sources.contexts);
  const extensions = firstByName(files, (c) => c.extensions ?? [], {});

  const config: KubeConfig = { apiVersion: 'v1', kind: 'Config', preferences: {}, clusters, users, contexts };
  const withCurrent = files.find((f) => f.config['current-context']);
  if (withCurrent) {
    config['current-context'] = withCurrent.config['current-context'];
    sources.currentContext = withCurrent.path;
  }
  const withPreferences = files.find((f) => f.config.preferences && Object.keys(f.config.preferences).length > 0);
  if (withPreferences) config.preferences = withPreferences.config.preferences;
  if (extensions.length > 0) config.extensions = extensions;
  return { config, sources };
}

/** Entries sorted by name, as client-go's maps serialize. */
function firstByName<T extends { name: string }>(
  files: LoadedFile[],
  entries: (config: KubeConfig) => T[],
  origin: Record<string, string>,
): T[] {
  const picked = new Map<string, T>();
  for (const file of files) {
    for (const entry of entries(file.config)) {
      if (picked.has(entry.name)) continue;
      picked.set(entry.name, entry);
      origin[entry.name] = file.path;
    }
  }
  return [...picked.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
