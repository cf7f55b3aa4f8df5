// The scale and binding subresources.
import type { KubeObject } from './objects.js';
import type { Registry, WriteOptions } from './registry.js';
import { findResource } from './resources.js';
import { ApiError, badRequest } from './status.js';
import { formatLabelSelector } from '../../../selectors/index.js';

/** autoscaling/v1 Scale of a Deployment, ReplicaSet or StatefulSet. */
export function scaleOf(obj: KubeObject & { spec?: any; status?: any }) {
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata?.name,
      namespace: obj.metadata?.namespace,
      uid: obj.metadata?.uid,
      resourceVersion: obj.metadata?.resourceVersion,
      creationTimestamp: obj.metadata?.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: {
      replicas: obj.status?.replicas ?? 0,
      selector: obj.spec?.selector ? formatLabelSelector(obj.spec.selector).replace(/^<none>$/, '') : '',
    },
  };
}

/** The merge patch that applies a Scale's spec.replicas (and its resourceVersion precondition) to its owner. */
export function applyScale(scale: any): Record<string, unknown> {
  const replicas = scale?.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) throw badRequest('spec.replicas: Required value');
  if (replicas < 0) {
    throw new ApiError(422, 'Invalid', `Scale.autoscaling "${scale?.metadata?.name ?? ''}" is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`);
  }
  const patch: Record<string, unknown> = { spec: { replicas } };
  if (scale?.metadata?.resourceVersion) patch.metadata = { resourceVersion: scale.metadata.resourceVersion };
  return patch;
}

/** POST pods/NAME/binding: assign the pod to a node, once. */
export function bindPod(registry: Registry, namespace: string, name: string, binding: any, opts: WriteOptions) {
  const node = binding?.target?.name;
  if (!node) throw badRequest('Binding.target.name: Required value');
  const pods = findResource('', 'v1', 'pods')!;
  const pod = registry.get(pods, namespace, name) as KubeObject & { spec?: any };
  if (pod.spec?.nodeName) {
    throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  }
  if (pod.metadata?.deletionTimestamp) {
    throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is being deleted, cannot be assigned to a host`);
  }
  const annotations = binding.metadata?.annotations;
  const patch = { metadata: { resourceVersion: pod.metadata?.resourceVersion, ...(annotations ? { annotations } : {}) }, spec: { nodeName: node } };
  registry.patch(pods, namespace, name, 'application/merge-patch+json', patch, 'binding', opts);
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}
