// What a new cluster holds before anyone writes: the system namespaces, the kubernetes service
// and the default RBAC policy.
import type { ApiServer } from './server.js';
import { findResource } from './resources.js';
import type { KubeObject } from './objects.js';
import { ApiError } from './status.js';
import { ensureDefaultPolicy } from './auth/bootstrap-policy.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Create whatever of the bootstrap objects is missing; safe to run on every start. */
export function bootstrap(server: ApiServer): void {
  const reg = server.registry;
  const write = { dryRun: false, fieldValidation: 'Ignore' as const, warnings: [] };
  const ensure = (plural: string, group: string, version: string, namespace: string | undefined, obj: KubeObject) => {
    const r = findResource(group, version, plural)!;
    try {
      reg.create(r, namespace, obj, write);
    } catch (e) {
      if (!(e instanceof ApiError && e.reason === 'AlreadyExists')) throw e;
    }
  };
  for (const name of SYSTEM_NAMESPACES) ensure('namespaces', '', 'v1', undefined, { metadata: { name } });
  ensure('services', '', 'v1', 'default', {
    metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None' },
  });
  ensureDefaultPolicy(server);
}
