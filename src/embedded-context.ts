// How a kubeconfig context says it is an embedded tkctl cluster: a cluster extension naming the
// cluster and its state directory. Kept apart so that reading a kubeconfig loads nothing else.
import type { Cluster } from './kubeconfig/index.js';

export const EMBEDDED_EXTENSION = 'tkctl.dev/embedded';

/** The cluster a machine without kubeconfig gets, and the one `tkctl cluster` commands default to. */
export const DEFAULT_CLUSTER = 'default';

export interface EmbeddedRef { cluster: string; home: string }

export function contextName(cluster: string): string {
  return `tkctl-${cluster}`;
}

export function embeddedRef(cluster: Cluster): EmbeddedRef | undefined {
  const ext = cluster.extensions?.find((e) => e.name === EMBEDDED_EXTENSION)?.extension as Partial<EmbeddedRef> | undefined;
  return ext?.cluster && ext.home ? { cluster: ext.cluster, home: ext.home } : undefined;
}
