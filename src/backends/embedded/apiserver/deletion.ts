// What a delete request does to an object before (or instead of) removing it, as kube-apiserver's
// rest.BeforeDelete, the generic store and the namespace REST do: preconditions, grace periods,
// propagation finalizers, namespace termination.
import { timestamp, type KubeObject } from './objects.js';
import type { DeleteOptions } from './registry.js';
import type { ResourceType } from './resources.js';
import { ApiError, objectDetails, qualifiedResource } from './status.js';

export const isNamespace = (r: ResourceType) => r.group === '' && r.kind === 'Namespace';

/** Finalizers hold an object that is being deleted; a namespace also waits for its spec.finalizers. */
export function hasPendingFinalizers(r: ResourceType, obj: KubeObject & { spec?: any }): boolean {
  if (obj.metadata?.finalizers?.length) return true;
  return isNamespace(r) && (obj.spec?.finalizers?.length ?? 0) > 0;
}

/**
 * Applies a delete request to an object that may outlive it: the first delete of a namespace only
 * starts its termination, a pod on a node gets its grace period, propagation finalizers are added,
 * and an object with finalizers waits for them. Returns false when the object goes at once.
 */
export function markForDeletion(r: ResourceType, obj: KubeObject & { spec?: any; status?: any }, options: DeleteOptions, now: Date): boolean {
  const meta = obj.metadata!;
  if (isNamespace(r)) {
    if (!meta.deletionTimestamp) {
      meta.deletionTimestamp = timestamp(now);
      obj.status = { ...obj.status, phase: 'Terminating' };
      return true;
    }
    if (obj.spec?.finalizers?.length) {
      throw new ApiError(409, 'Conflict',
        `Operation cannot be fulfilled on namespaces "${meta.name}": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.`,
        objectDetails('namespaces', '', meta.name ?? ''));
    }
  }
  const finalizers = new Set(meta.finalizers ?? []);
  if (options.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion');
  if (options.propagationPolicy === 'Orphan') finalizers.add('orphan');
  if (finalizers.size) meta.finalizers = [...finalizers];
  const grace = gracefulPodDeletion(r, obj, options);
  if (grace === undefined && finalizers.size === 0) return false;
  if (!meta.deletionTimestamp) {
    meta.deletionTimestamp = timestamp(new Date(now.getTime() + (grace ?? 0) * 1000));
    meta.deletionGracePeriodSeconds = grace ?? 0;
    // Controllers learn from the generation that the object is going away.
    if (meta.generation) meta.generation += 1;
  } else if (grace !== undefined && options.gracePeriodSeconds !== undefined && grace < (meta.deletionGracePeriodSeconds ?? 0)) {
    // A later delete may only shorten the grace period, and never end it in the past.
    let end = Date.parse(meta.deletionTimestamp) + (grace - (meta.deletionGracePeriodSeconds ?? 0)) * 1000;
    let period = grace;
    if (end < now.getTime()) {
      end = now.getTime();
      period = 1;
    }
    meta.deletionTimestamp = timestamp(new Date(end));
    meta.deletionGracePeriodSeconds = period;
  }
  return true;
}

/** rest.BeforeDelete's early check, which names the kind, not the resource. */
export function checkPreconditions(r: ResourceType, obj: KubeObject, options: DeleteOptions): void {
  const pre = options.preconditions;
  const name = obj.metadata?.name ?? '';
  const fail = (why: string) => new ApiError(409, 'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(r.kind, r.group)} "${name}": ${why}`, objectDetails(r.kind, r.group, name));
  if (pre?.uid && pre.uid !== obj.metadata?.uid) {
    throw fail(`the UID in the precondition (${pre.uid}) does not match the UID in record (${obj.metadata?.uid}). The object might have been deleted and then recreated`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata?.resourceVersion) {
    throw fail(`the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${obj.metadata?.resourceVersion}). The object might have been modified`);
  }
}

/**
 * A pod bound to a node is deleted gracefully: the kubelet stops it and removes it. Unbound pods,
 * and a grace period of 0, go at once. Returns the grace period, or undefined for immediate deletion.
 */
function gracefulPodDeletion(r: ResourceType, pod: any, options: DeleteOptions): number | undefined {
  if (r.group !== '' || r.kind !== 'Pod' || !pod.spec?.nodeName) return undefined;
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return undefined;
  const requested = options.gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  // A negative grace period means the shortest graceful one.
  const grace = requested < 0 ? 1 : requested;
  return grace > 0 ? grace : undefined;
}
