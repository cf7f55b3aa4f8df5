// From kubectl's global flags to a client: kubeconfig decides the backend. A context whose cluster
// carries the embedded extension talks to the embedded control plane in-process; anything else is
// a real API server over HTTPS. Commands never see which.
import { existsSync } from 'node:fs';
import { loadKubeconfig, kubeconfigPaths, resolveContext, type Overrides } from './kubeconfig/index.js';
import { KubeClient } from './client/client.js';
import { DiscoveryCache, discoveryCacheRoot, serverCacheDir } from './client/discovery-cache.js';
import { DEFAULT_CLUSTER, contextName, embeddedRef } from './embedded-context.js';
import type { Transport } from './backends/transport.js';
import { configLoadedLine, traceTransport, userAgent } from './trace.js';

export interface ConnectionFlags {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  server?: string;
  token?: string;
  'certificate-authority'?: string;
  'client-certificate'?: string;
  'client-key'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
  'request-timeout'?: string;
  /** kubectl's -v: 6 and above trace every request on stderr. */
  v?: number;
  /** --as and --as-group: the Impersonate-User and Impersonate-Group headers. */
  as?: string;
  'as-group'?: string[];
}

export interface Connection {
  client: KubeClient;
  /** True when -n/--namespace chose the namespace. */
  explicitNamespace: boolean;
}

export async function connect(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env, stderr = process.stderr): Promise<Connection> {
  const paths = kubeconfigPaths(env, flags.kubeconfig);
  if (!flags.kubeconfig && !flags.server && !paths.some((p) => existsSync(p))) {
    // No kubeconfig at all: the first command creates the default embedded cluster.
    const { createAndRegister } = await import('./clusters.js');
    const { tkctlHome } = await import('./backends/embedded/cluster.js');
    const { DEFAULT_CLUSTER_CONFIG } = await import('./backends/embedded/kind-config.js');
    await createAndRegister(tkctlHome(env), DEFAULT_CLUSTER, DEFAULT_CLUSTER_CONFIG, paths[0], new Date());
    stderr.write(`Created the embedded cluster "${DEFAULT_CLUSTER}" and the context "${contextName(DEFAULT_CLUSTER)}" in ${paths[0]}\n`);
  }
  const { config } = loadKubeconfig(paths, { explicit: !!flags.kubeconfig });
  const level = flags.v ?? 0;
  if (level >= 6) for (const p of paths.filter((p) => existsSync(p))) stderr.write(configLoadedLine(p));
  const ctx = resolveContext(config, overridesFrom(flags));
  const embedded = flags.server ? undefined : embeddedRef(ctx.cluster);
  let transport: Transport;
  let discoveryCache: DiscoveryCache | undefined;
  // What the transport adds beneath the tracer, shown (masked) as client-go's trace shows it.
  let credentials: Record<string, string | string[]> = {};
  if (embedded) {
    // Loaded here so that remote use never pays for SQLite and the API server.
    const { openEmbeddedTransport } = await import('./backends/embedded/open.js');
    transport = openEmbeddedTransport(embedded.home, embedded.cluster, ctx.user.token);
  } else {
    const { createRemoteTransport } = await import('./backends/remote/index.js');
    transport = createRemoteTransport(ctx, { userAgent: userAgent(), env });
    // client-go sends credentials only over TLS.
    if (level >= 7 && ctx.cluster.server.startsWith('https:')) {
      const { authHeaders } = await import('./backends/remote/credentials.js');
      credentials = authHeaders(ctx.user);
    }
    discoveryCache = new DiscoveryCache(serverCacheDir(discoveryCacheRoot(env), ctx.cluster.server));
  }
  if (flags.as) transport = impersonating(transport, flags.as, flags['as-group'] ?? []);
  // The in-process API server has no network address; traces show the one it is served on.
  if (level >= 6) {
    transport = traceTransport(transport, { level, write: (t) => stderr.write(t), server: transport.server, userAgent: userAgent(), credentials });
  }
  return { client: new KubeClient(transport, ctx.namespace, discoveryCache), explicitNamespace: ctx.explicitNamespace };
}

function overridesFrom(f: ConnectionFlags): Overrides {
  return {
    context: f.context, cluster: f.cluster, user: f.user, namespace: f.namespace, server: f.server, token: f.token,
    certificateAuthority: f['certificate-authority'], clientCertificate: f['client-certificate'], clientKey: f['client-key'],
    insecureSkipTlsVerify: f['insecure-skip-tls-verify'], tlsServerName: f['tls-server-name'], requestTimeout: f['request-timeout'],
  };
}

/** Every request carries kubectl's impersonation headers (several groups joined, as HTTP allows). */
function impersonating(inner: Transport, user: string, groups: string[]): Transport {
  const headers = { 'impersonate-user': user, ...(groups.length ? { 'impersonate-group': groups.join(', ') } : {}) };
  return {
    server: inner.server,
    request: (req) => inner.request({ ...req, headers: { ...req.headers, ...headers } }),
    stream: (req) => inner.stream({ ...req, headers: { ...req.headers, ...headers } }),
    // On exec's and port-forward's upgrade request too, as kubectl sends them.
    channel: (req) => inner.channel({ ...req, headers: { ...req.headers, ...headers } }),
    close: () => inner.close(),
  };
}
