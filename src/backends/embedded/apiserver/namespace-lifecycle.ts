// The NamespaceLifecycle admission plugin: nothing new in a namespace that does not exist or is
// being terminated, and the namespaces a cluster cannot work without are never deleted. It is a
// mutating plugin, so it answers before the strategy validates the object.
import type { KubeObject } from './objects.js';
import type { ResourceType } from './resources.js';
import { forbidden, notFound } from './status.js';

const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

/**
 * Before creating in `namespace` (`live`: the namespace object as stored, if any); `name` is the
 * object's name, or its generateName when it has none yet.
 */
export function admitCreateInNamespace(live: KubeObject | undefined, r: ResourceType, namespace: string, name: string): void {
  if (!live) throw notFound('namespaces', '', namespace);
  if ((live as { status?: { phase?: string } }).status?.phase === 'Terminating') {
    throw forbidden(r.plural, r.group, name, `unable to create new content in namespace ${namespace} because it is being terminated`,
      [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }]);
  }
}

export function admitNamespaceDelete(name: string): void {
  if (IMMORTAL_NAMESPACES.includes(name)) throw forbidden('namespaces', '', name, 'this namespace may not be deleted');
}
