// The API server URL a command's kubeconfig context names (client-go's rest.Config Host): for an
// embedded cluster too, the URL where `tkctl cluster serve` listens.
import { kubeconfigPaths, loadKubeconfig, resolveContext } from '../kubeconfig/index.js';
import type { ConnectionFlags } from '../connect.js';

export function serverUrl(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): string {
  if (flags.server) return flags.server;
  const { config } = loadKubeconfig(kubeconfigPaths(env, flags.kubeconfig), { explicit: !!flags.kubeconfig });
  return resolveContext(config, { context: flags.context, cluster: flags.cluster, user: flags.user }).cluster.server;
}
