// The scale and binding subresources.
import type { KubeObject } from './objects.js';
import type { Registry, WriteOptions } from './registry.js';
import { findResource, type ResourceType } from './resources.js';
import { ApiError, badRequest } from './status.js';
import { formatLabelSelector } from '../../../selectors/index.js';

/**
 * autoscaling/v1 Scale of a Deployment, ReplicaSet or StatefulSet, or of a custom resource through
 * its CRD's replica and selector paths.
 */
export function scaleOf(obj: KubeObject & { spec?: any; status?: any }, r: ResourceType) {
  const paths = r.custom?.scale;
  const replicas = paths ? atPath(obj, paths.specReplicasPath) : obj.spec?.replicas;
  const statusReplicas = paths ? atPath(obj, paths.statusReplicasPath) : obj.status?.replicas;
  let selector = obj.spec?.selector ? formatLabelSelector(obj.spec.selector).replace(/^<none>$/, '') : '';
  if (paths) {
    const value = paths.labelSelectorPath ? atPath(obj, paths.labelSelectorPath) : undefined;
    selector = typeof value === 'string' ? value : '';
  }
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
    spec: { replicas: typeof replicas === 'number' ? replicas : 0 },
    status: { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0, selector },
  };
}

/** The value at a CRD's simple JSON path (".spec.replicas"). */
function atPath(obj: unknown, path: string): unknown {
  return fieldsOf(path).reduce<any>((v, k) => (v && typeof v === 'object' ? v[k] : undefined), obj);
}

const fieldsOf = (path: string) => path.replace(/^\./, '').split('.');

/** The merge patch that applies a Scale's spec.replicas (and its resourceVersion precondition) to its owner. */
export function applyScale(scale: any, r: ResourceType): Record<string, unknown> {
  const replicas = scale?.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) throw badRequest('spec.replicas: Required value');
  if (replicas < 0) {
    throw new ApiError(422, 'Invalid', `Scale.autoscaling "${scale?.metadata?.name ?? ''}" is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`);
  }
  const path = fieldsOf(r.custom?.scale?.specReplicasPath ?? '.spec.replicas');
  const patch = path.reduceRight<Record<string, unknown>>((inner, k) => ({ [k]: inner }), replicas as never);
  if (scale?.metadata?.resourceVersion) patch.metadata = { resourceVersion: scale.metadata.resourceVersion };
  return patch;
}

/** POST pods/NAME/binding: assign the pod to a node, once. */
export function bindPod(registry: Registry, namespace: string, name: string, binding: any, opts: WriteOptions) {
  const node = binding?.target?.name;
  if (!node) throw badRequest('Binding.target.name: Required value');
  const pods = findResource('', 'v1', 'pods')!;
  registry.modify(pods, namespace, name, 'binding', opts, (live: KubeObject & { spec?: any; status?: any }) => {
    if (live.spec?.nodeName) {
      throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${live.spec.nodeName}"`);
    }
    if (live.metadata?.deletionTimestamp) {
      throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is being deleted, cannot be assigned to a host`);
    }
    // A new object where the binding changes it (bindToNode adds to the conditions), sharing the rest with the live one.
    const annotations = binding.metadata?.annotations;
    return {
      ...live,
      metadata: { ...live.metadata, ...(annotations ? { annotations: { ...live.metadata?.annotations, ...annotations } } : {}) },
      spec: { ...live.spec, nodeName: node },
      status: { ...live.status, conditions: [...(live.status?.conditions ?? [])] },
    };
  });
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}
