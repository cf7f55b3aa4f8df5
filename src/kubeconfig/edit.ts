// Pure edits for `tkctl cluster create/delete` and friends: each returns a new config and keeps
// entries sorted by name, as kubectl leaves them.

import type { Cluster, Context, KubeConfig, User } from './types.js';

export function upsertCluster(config: KubeConfig, name: string, cluster: Cluster): KubeConfig {
  return { ...config, clusters: upsert(config.clusters, { name, cluster }) };
}

export function upsertUser(config: KubeConfig, name: string, user: User): KubeConfig {
  return { ...config, users: upsert(config.users, { name, user }) };
}

export function upsertContext(config: KubeConfig, name: string, context: Context): KubeConfig {
  return { ...config, contexts: upsert(config.contexts, { name, context }) };
}

export function setCurrentContext(config: KubeConfig, name: string): KubeConfig {
  return { ...config, 'current-context': name };
}

/** Removes the context; the current-context is cleared when it named it, as `kubectl config delete-context` does. */
export function removeContext(config: KubeConfig, name: string): KubeConfig {
  const next = { ...config, contexts: config.contexts.filter((c) => c.name !== name) };
  if (next['current-context'] === name) next['current-context'] = '';
  return next;
}

export function removeCluster(config: KubeConfig, name: string): KubeConfig {
  return { ...config, clusters: config.clusters.filter((c) => c.name !== name) };
}

export function removeUser(config: KubeConfig, name: string): KubeConfig {
  return { ...config, users: config.users.filter((u) => u.name !== name) };
}

/** True when the config names nothing at all: the case where kubectl falls back to localhost:8080. */
export function isEmptyKubeconfig(config: KubeConfig): boolean {
  return (
    config.clusters.length === 0 &&
    config.users.length === 0 &&
    config.contexts.length === 0 &&
    !config['current-context']
  );
}

function upsert<T extends { name: string }>(list: T[], entry: T): T[] {
  return [...list.filter((e) => e.name !== entry.name), entry].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}
