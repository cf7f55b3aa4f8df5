// Embedded clusters as the CLI sees them: created and registered in kubeconfig the way kind
// registers its clusters (a context tkctl-NAME, file mode 0600), or removed again.
import { existsSync } from 'node:fs';
import {
  emptyKubeconfig, loadKubeconfig, removeCluster, removeContext, removeUser, setCurrentContext,
  upsertCluster, upsertContext, upsertUser, writeKubeconfig, type Cluster, type KubeConfig,
} from './kubeconfig/index.js';
import { createCluster, deleteCluster, type ClusterRecord } from './backends/embedded/cluster.js';
import type { ClusterConfig } from './backends/embedded/kind-config.js';

/** The kubeconfig cluster extension that marks a context as an embedded tkctl cluster. */
export const EMBEDDED_EXTENSION = 'tkctl.dev/embedded';

export interface EmbeddedRef { cluster: string; home: string }

export function contextName(cluster: string): string {
  return `tkctl-${cluster}`;
}

export function embeddedRef(cluster: Cluster): EmbeddedRef | undefined {
  const ext = cluster.extensions?.find((e) => e.name === EMBEDDED_EXTENSION)?.extension as Partial<EmbeddedRef> | undefined;
  return ext?.cluster && ext.home ? { cluster: ext.cluster, home: ext.home } : undefined;
}

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
