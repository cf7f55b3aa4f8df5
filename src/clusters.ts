// Embedded clusters as the CLI sees them: created and registered in kubeconfig the way kind
// registers its clusters (a context tkctl-NAME, file mode 0600), or removed again.
import { existsSync } from 'node:fs';
import {
  emptyKubeconfig, loadKubeconfig, removeCluster, removeContext, removeUser, setCurrentContext,
  upsertCluster, upsertContext, upsertUser, writeKubeconfig, type KubeConfig,
} from './kubeconfig/index.js';
import { createCluster, deleteCluster, type ClusterRecord } from './backends/embedded/cluster.js';
import type { ClusterConfig } from './backends/embedded/kind-config.js';
import { EMBEDDED_EXTENSION, contextName } from './embedded-context.js';

function readConfig(path: string): KubeConfig {
  return existsSync(path) ? loadKubeconfig([path], { resolvePaths: false }).config : emptyKubeconfig();
}

/** Create an embedded cluster and make its context current in the kubeconfig at `kubeconfigPath`. */
export async function createAndRegister(home: string, name: string, config: ClusterConfig, kubeconfigPath: string, now: Date): Promise<ClusterRecord> {
  const before = readConfig(kubeconfigPath);
  const record = await createCluster(home, name, config, now);
  const ctx = contextName(name);
  let kc = upsertCluster(before, ctx, {
    server: `https://127.0.0.1:${record.port}`,
    'certificate-authority-data': Buffer.from(record.caCert).toString('base64'),
    extensions: [{ name: EMBEDDED_EXTENSION, extension: { cluster: name, home } }],
  });
  kc = upsertUser(kc, ctx, { token: record.token });
  kc = upsertContext(kc, ctx, { cluster: ctx, user: ctx });
  writeKubeconfig(kubeconfigPath, setCurrentContext(kc, ctx));
  return record;
}

/** Delete an embedded cluster and its kubeconfig entries (kind's `delete cluster`). */
export function deleteAndUnregister(home: string, name: string, kubeconfigPath: string): void {
  deleteCluster(home, name);
  if (!existsSync(kubeconfigPath)) return;
  const ctx = contextName(name);
  let kc = readConfig(kubeconfigPath);
  kc = removeContext(removeUser(removeCluster(kc, ctx), ctx), ctx);
  writeKubeconfig(kubeconfigPath, kc);
}
