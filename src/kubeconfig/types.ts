// kubeconfig as it is written on disk (clientcmd/api/v1): lists of named entries, kebab-case keys.
// Byte fields (`*-data`) stay base64 text, exactly as in the file.

export interface NamedExtension {
  name: string;
  extension: unknown;
}

export interface Cluster {
  server: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
  'proxy-url'?: string;
  'disable-compression'?: boolean;
  extensions?: NamedExtension[];
}

export interface ExecEnvVar {
  name: string;
  value: string;
}

/** A client-go exec credential plugin (client.authentication.k8s.io). */
export interface ExecConfig {
  command: string;
  args?: string[];
  env?: ExecEnvVar[] | null;
  apiVersion?: string;
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
}

export interface User {
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  as?: string;
  'as-uid'?: string;
  'as-groups'?: string[];
  'as-user-extra'?: Record<string, string[]>;
  'auth-provider'?: { name: string; config?: Record<string, string> };
  exec?: ExecConfig;
  extensions?: NamedExtension[];
}

export interface Context {
  cluster: string;
  user: string;
  namespace?: string;
  extensions?: NamedExtension[];
}

export interface NamedCluster {
  name: string;
  cluster: Cluster;
}

export interface NamedUser {
  name: string;
  user: User;
}

export interface NamedContext {
  name: string;
  context: Context;
}

export interface KubeConfig {
  apiVersion?: string;
  kind?: string;
  preferences?: object;
  clusters: NamedCluster[];
  users: NamedUser[];
  contexts: NamedContext[];
  'current-context'?: string;
  extensions?: NamedExtension[];
}

/** A kubeconfig problem; `message` is the whole line kubectl prints (with its own prefix). */
export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

export function emptyKubeconfig(): KubeConfig {
  return { apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [], users: [], contexts: [] };
}
