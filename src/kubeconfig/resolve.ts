// Choosing the context, cluster and user a command talks to, with kubectl's flag overrides and in
// the order client-go checks them, so a bad kubeconfig fails with the line kubectl would print.

import { accessSync, constants } from 'node:fs';
import type { Cluster, KubeConfig, User } from './types.js';
import { KubeconfigError } from './types.js';

/** kubectl's global connection flags (--context, --cluster, --user, -n, --server, ...). */
export interface Overrides {
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  server?: string;
  token?: string;
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  requestTimeout?: string;
}

export type ClusterInfo = Cluster;
export type UserInfo = User;

export interface ResolvedContext {
  contextName: string;
  clusterName: string;
  userName: string;
  /** 'default' when neither the context nor -n sets one. */
  namespace: string;
  /** True when -n/--namespace chose the namespace. */
  explicitNamespace: boolean;
  cluster: ClusterInfo;
  user: UserInfo;
  /** From --request-timeout; absent when unset or 0 (no timeout). */
  requestTimeoutMs?: number;
}

// client-go's ClusterDefaults: a context without a usable cluster ends up talking to this.
const defaultServer = 'http://localhost:8080';

export function resolveContext(config: KubeConfig, o: Overrides): ResolvedContext {
  const contextName = o.context || config['current-context'] || '';
  const contextEntry = config.contexts.find((c) => c.name === contextName);
  const userName = o.user || contextEntry?.context.user || '';
  const clusterName = o.cluster || contextEntry?.context.cluster || '';
  const userEntry = config.users.find((u) => u.name === userName);
  const clusterEntry = config.clusters.find((c) => c.name === clusterName);

  const user = overrideUser(userEntry?.user ?? {}, o);
  const cluster = overrideCluster({ server: defaultServer, ...withoutEmpty(clusterEntry?.cluster ?? {}) }, o);
  const confirmUsable = (): void => {
    const problems: string[] = [];
    if (contextName && !contextEntry) problems.push(contextNotFound(contextName));
    // A name given by flag that does not exist is checked as an empty entry, as client-go does.
    problems.push(...validateUser(userName, o.user && !userEntry ? {} : user));
    problems.push(...validateCluster(clusterName, o.cluster && !clusterEntry ? { server: '' } : cluster));
    if (problems.length > 0) throw new KubeconfigError(configurationError(problems));
  };
  const requireNamed = (): void => {
    if (o.user && !userEntry) throw new KubeconfigError(`error: auth info "${o.user}" does not exist`);
    if (o.context && !contextEntry) throw new KubeconfigError(`error: context "${o.context}" does not exist`);
    if (o.cluster && !clusterEntry) throw new KubeconfigError(`error: cluster "${o.cluster}" does not exist`);
  };

  // kubectl asks for the namespace (which validates the config) before building the client,
  // unless -n already answers it; the first failure decides the message.
  if (o.namespace) {
    requireNamed();
    confirmUsable();
  } else {
    confirmUsable();
    requireNamed();
  }
  const requestTimeoutMs = o.requestTimeout ? parseRequestTimeout(o.requestTimeout) : 0;
  if (!o.server && !clusterEntry?.cluster.server) {
    throw new KubeconfigError(
      'The connection to the server localhost:8080 was refused - did you specify the right host or port?',
    );
  }

  const resolved: ResolvedContext = {
    contextName,
    clusterName,
    userName,
    namespace: o.namespace || contextEntry?.context.namespace || 'default',
    explicitNamespace: Boolean(o.namespace),
    cluster,
    user,
  };
  if (requestTimeoutMs > 0) resolved.requestTimeoutMs = requestTimeoutMs;
  return resolved;
}

function overrideUser(base: User, o: Overrides): User {
  const user = { ...base };
  if (o.token) user.token = o.token;
  // A certificate or key given by flag replaces the inline data too, else both would be set.
  if (o.clientCertificate) {
    user['client-certificate'] = o.clientCertificate;
    delete user['client-certificate-data'];
  }
  if (o.clientKey) {
    user['client-key'] = o.clientKey;
    delete user['client-key-data'];
  }
  return user;
}

function overrideCluster(base: Cluster, o: Overrides): Cluster {
  const cluster = { ...base };
  if (o.server) cluster.server = o.server;
  // --insecure-skip-tls-verify or --certificate-authority replaces all of the file's TLS trust settings.
  if (o.insecureSkipTlsVerify || o.certificateAuthority) {
    delete cluster['certificate-authority-data'];
    delete cluster['certificate-authority'];
    delete cluster['insecure-skip-tls-verify'];
    if (o.certificateAuthority) cluster['certificate-authority'] = o.certificateAuthority;
    if (o.insecureSkipTlsVerify) cluster['insecure-skip-tls-verify'] = true;
  }
  // A --server from the command line makes the file's tls-server-name meaningless.
  if (o.server || o.tlsServerName) {
    delete cluster['tls-server-name'];
    if (o.tlsServerName) cluster['tls-server-name'] = o.tlsServerName;
  }
  return cluster;
}

function withoutEmpty<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== '' && v !== undefined)) as Partial<T>;
}

const contextNotFoundPrefix = 'context was not found for specified context: ';

function contextNotFound(name: string): string {
  return contextNotFoundPrefix + name;
}

/** kubectl's layout: one plain error as `error: ...`, a missing context or several problems as a block. */
function configurationError(problems: string[]): string {
  if (problems.length > 1) return 'Error in configuration: \n' + problems.map((p) => `* ${p}`).join('\n');
  const only = problems[0]!;
  return only.startsWith(contextNotFoundPrefix) ? `Error in configuration: ${only}` : `error: ${only}`;
}

function validateUser(name: string, user: User): string[] {
  const problems: string[] = [];
  const methods: string[] = [];
  if (user.token) methods.push('token');
  if (user.username || user.password) methods.push('basicAuth');
  if (user['client-certificate'] || user['client-certificate-data']) {
    if (user['client-certificate'] && user['client-certificate-data']) {
      problems.push(`client-cert-data and client-cert are both specified for ${name}. client-cert-data will override.`);
    }
    if (user['client-key'] && user['client-key-data']) {
      problems.push(`client-key-data and client-key are both specified for ${name}; client-key-data will override`);
    }
    if (!user['client-key'] && !user['client-key-data']) {
      problems.push(
        `client-key-data or client-key must be specified for ${name} to use the clientCert authentication method.`,
      );
    }
    const cert = user['client-certificate'];
    const certProblem = unreadable(cert);
    if (certProblem) problems.push(`unable to read client-cert ${cert} for ${name} due to ${certProblem}`);
    const key = user['client-key'];
    const keyProblem = unreadable(key);
    if (keyProblem) problems.push(`unable to read client-key ${key} for ${name} due to ${keyProblem}`);
  }
  if (user.exec) {
    if (user['auth-provider']) {
      problems.push(`authProvider cannot be provided in combination with an exec plugin for ${name}`);
    }
    if (!user.exec.command) problems.push(`command must be specified for ${name} to use exec authentication plugin`);
    if (!user.exec.apiVersion) {
      problems.push(`apiVersion must be specified for ${name} to use exec authentication plugin`);
    }
    // client-go defaults an unset interactiveMode to IfAvailable for v1beta1 only; v1 must say.
    const mode = user.exec.interactiveMode;
    if (!mode && user.exec.apiVersion !== 'client.authentication.k8s.io/v1beta1') {
      problems.push(`interactiveMode must be specified for ${name} to use exec authentication plugin`);
    } else if (mode && !['Never', 'IfAvailable', 'Always'].includes(mode)) {
      problems.push(`invalid interactiveMode for ${name}: "${mode}"`);
    }
  }
  if (methods.length > 1) {
    const found = methods.join(' ');
    problems.push(`more than one authentication method found for ${name}; found [${found}], only one is allowed`);
  }
  return problems;
}

function validateCluster(name: string, cluster: Cluster): string[] {
  const problems: string[] = [];
  if (!cluster.server) {
    problems.push(name ? `no server found for cluster "${name}"` : 'default cluster has no server defined');
  }
  const ca = cluster['certificate-authority'];
  if (ca && cluster['certificate-authority-data']) {
    problems.push(
      `certificate-authority-data and certificate-authority are both specified for ${name}. certificate-authority-data will override.`,
    );
  }
  const caProblem = unreadable(ca);
  if (caProblem) problems.push(`unable to read certificate-authority ${ca} for ${name} due to ${caProblem}`);
  const proxyProblem = cluster['proxy-url'] ? unusableProxy(cluster['proxy-url']) : undefined;
  if (proxyProblem) problems.push(`invalid 'proxy-url' "${cluster['proxy-url']}" for cluster "${name}": ${proxyProblem}`);
  return problems;
}

function unusableProxy(proxyUrl: string): string | undefined {
  let scheme: string;
  try {
    scheme = new URL(proxyUrl).protocol.slice(0, -1);
  } catch {
    return `could not parse: ${proxyUrl}`;
  }
  return ['http', 'https', 'socks5'].includes(scheme) ? undefined : `unsupported scheme "${scheme}", must be http, https, or socks5`;
}

/** Why a referenced file cannot be opened, in Go's os.Open words; undefined when it can. */
function unreadable(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : String(code);
    return `open ${path}: ${reason}`;
  }
}

const durationUnitsMs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** --request-timeout: whole seconds, or a Go duration such as 1m30s. */
export function parseRequestTimeout(value: string): number {
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g;
  if (new RegExp(`^(?:${part.source})+$`).test(value)) {
    let total = 0;
    for (const [, amount, unit] of value.matchAll(part)) total += Number(amount) * durationUnitsMs[unit!]!;
    return total;
  }
  throw new KubeconfigError(
    'error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)',
  );
}
