// Writing a kubeconfig in the layout kubectl writes: keys sorted at every level (client-go goes
// through JSON maps), lists flush with their key, and the file private to its owner.

import { existsSync, mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import type { KubeConfig } from './types.js';

export function serializeKubeconfig(config: KubeConfig): string {
  const document = {
    apiVersion: config.apiVersion || 'v1',
    clusters: nullIfEmpty(config.clusters),
    contexts: nullIfEmpty(config.contexts),
    'current-context': config['current-context'] ?? '',
    ...(config.extensions?.length ? { extensions: config.extensions } : {}),
    kind: config.kind || 'Config',
    preferences: config.preferences ?? {},
    users: nullIfEmpty(config.users),
  };
  return stringify(sortKeys(document), { indentSeq: false, lineWidth: 0, minContentWidth: 0 });
}

/** Writes atomically (temp file, then rename) so a concurrent reader never sees half a file. */
export function writeKubeconfig(path: string, config: KubeConfig): void {
  // Write through a symlinked kubeconfig (a common dotfiles setup) instead of replacing the link.
  const target = existsSync(path) ? realpathSync(path) : path;
  mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
  const temp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    writeFileSync(temp, serializeKubeconfig(config), { mode: 0o600 });
    renameSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
  }
}

// kubectl writes `contexts: null` rather than `[]` for an empty list.
function nullIfEmpty<T>(list: T[]): T[] | null {
  return list.length > 0 ? list : null;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
