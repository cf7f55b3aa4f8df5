// Writing a kubeconfig as client-go's WriteToFile does: the v1 encoding through sigs.k8s.io/yaml
// (keys sorted at every level, go-yaml v2's layout), a new file private to its owner, an existing
// file keeping its mode.

import { chmodSync, existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { printYaml } from '../printers/yaml.js';
import type { KubeConfig } from './types.js';
import { encodeV1 } from './v1.js';

export function serializeKubeconfig(config: KubeConfig): string {
  return printYaml(encodeV1(config));
}

/** Writes atomically (temp file, then rename) so a concurrent reader never sees half a file. */
export function writeKubeconfig(path: string, config: KubeConfig): void {
  // Write through a symlinked kubeconfig (a common dotfiles setup) instead of replacing the link.
  const target = existsSync(path) ? realpathSync(path) : path;
  // os.WriteFile(name, data, 0600) leaves an existing file's mode alone.
  const mode = existsSync(target) ? statSync(target).mode & 0o7777 : 0o600;
  mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
  const temp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    writeFileSync(temp, serializeKubeconfig(config), { mode });
    chmodSync(temp, mode);
    renameSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
  }
}
