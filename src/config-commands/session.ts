// The kubeconfig a `config` subcommand works on: the merged files without path resolution (kubectl
// shows and writes references as written) and where to save edits.

import {
  defaultFilename,
  kubeconfigPaths,
  loadKubeconfig,
  modifyKubeconfig,
  type ConfigAccess,
  type KubeConfig,
  type MergedKubeconfig,
  type ModifyOptions,
} from '../kubeconfig/index.js';

export interface ConfigSession {
  access: ConfigAccess;
  starting: MergedKubeconfig;
}

/** What a subcommand prints; errors are thrown as CliError with kubectl's line. */
export interface ConfigOutput {
  stdout: string;
  stderr?: string;
  /** Set when kubectl prints its output and still fails (get-contexts with a missing name). */
  exitCode?: number;
}

export function openConfig(env: NodeJS.ProcessEnv, kubeconfigFlag?: string): ConfigSession {
  const precedence = kubeconfigPaths(env, kubeconfigFlag);
  const access: ConfigAccess = {
    precedence,
    explicit: Boolean(kubeconfigFlag),
    fromEnv: !kubeconfigFlag && Boolean(env.KUBECONFIG?.split(':').some((p) => p !== '')),
  };
  // A missing file, even one named by --kubeconfig, is an empty config here: `config set-*` creates it.
  return { access, starting: loadKubeconfig(precedence, { resolvePaths: false }) };
}

/** A deep copy of the merged config to edit. */
export function editable(session: ConfigSession): KubeConfig {
  return structuredClone(session.starting.config);
}

export function save(session: ConfigSession, next: KubeConfig, options: ModifyOptions): void {
  modifyKubeconfig(session.access, session.starting, next, options);
}

/** The file kubectl names in delete/rename messages. */
export function defaultFile(session: ConfigSession): string {
  return defaultFilename(session.access);
}
