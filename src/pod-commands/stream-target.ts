// Where exec and port-forward streams go. Requests go through the Transport; upgraded
// connections cannot, so these commands resolve the same kubeconfig context connect() does: a
// real API server is reached over WebSocket with its TLS settings and credentials, an embedded
// cluster in-process (its kubelet's simulated shell and HTTP answers).
import { existsSync } from 'node:fs';
import { kubeconfigPaths, loadKubeconfig, resolveContext } from '../kubeconfig/index.js';
import { embeddedRef } from '../embedded-context.js';
import type { ConnectionFlags } from '../connect.js';
import { authHeaders, tlsOptions, type TlsOptions } from '../backends/remote/credentials.js';

export type StreamTarget =
  | { kind: 'remote'; server: string; tls: TlsOptions; headers: Record<string, string | string[]> }
  | { kind: 'embedded'; home: string; cluster: string };

export function streamTarget(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): StreamTarget {
  const paths = kubeconfigPaths(env, flags.kubeconfig);
  const { config } = loadKubeconfig(paths.filter((p) => flags.kubeconfig || existsSync(p)), { explicit: !!flags.kubeconfig });
  // The same overrides connect() applies, so that both reach the same server as the same user.
  const ctx = resolveContext(config, {
    context: flags.context, cluster: flags.cluster, user: flags.user, namespace: flags.namespace, server: flags.server, token: flags.token,
    certificateAuthority: flags['certificate-authority'], clientCertificate: flags['client-certificate'], clientKey: flags['client-key'],
    insecureSkipTlsVerify: flags['insecure-skip-tls-verify'], tlsServerName: flags['tls-server-name'],
  });
  const embedded = flags.server ? undefined : embeddedRef(ctx.cluster);
  if (embedded) return { kind: 'embedded', home: embedded.home, cluster: embedded.cluster };
  const secure = ctx.cluster.server.startsWith('https:');
  return { kind: 'remote', server: ctx.cluster.server, tls: secure ? tlsOptions(ctx.cluster, ctx.user) : {}, headers: secure ? authHeaders(ctx.user) : {} };
}

/**
 * A WebSocket URL for an API path. Repeated parameters (exec's command) are given as arrays and
 * encoded in Go's url.Values order (sorted by key).
 */
export function webSocketUrl(server: string, path: string, query: Record<string, string | string[]>): string {
  const base = server.replace(/^http/, 'ws').replace(/\/+$/, '');
  const params = new URLSearchParams();
  for (const key of Object.keys(query).sort()) {
    const v = query[key]!;
    if (Array.isArray(v)) for (const item of v) params.append(key, item);
    else params.append(key, v);
  }
  const qs = params.toString();
  return `${base}${path}${qs ? `?${qs}` : ''}`;
}
