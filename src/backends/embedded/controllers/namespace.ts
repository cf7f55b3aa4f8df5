// The namespace controller (pkg/controller/namespace): a namespace being deleted has everything
// in it deleted, reports what remains in its conditions, and once it is empty gives up its
// "kubernetes" finalizer through the finalize subresource; the API server then removes it.
import { StatusError } from '../../../client/errors.js';
import { timestamp, type KubeObject } from '../apiserver/objects.js';
import { RESOURCE_TYPES, STANDARD_VERBS, type ResourceType } from '../apiserver/resources.js';
import { typeName, type Cache, type CacheChange } from './cache.js';
import type { Controller, ControllerContext } from './controller.js';
import { COLLECTED_TYPES, objectPath } from './garbage-collector.js';

type Namespace = KubeObject & { spec?: { finalizers?: string[] }; status?: { phase?: string; conditions?: Condition[] } };

export interface Condition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

const FINALIZER = 'kubernetes';
/** How long kube expects an object's own finalizers to take (finalizerEstimateSeconds). */
const FINALIZER_ESTIMATE_SECONDS = 15;

/** Every namespaced type once (autoscaling v1 and v2 share their storage). */
const NAMESPACED_TYPES: ResourceType[] = RESOURCE_TYPES.filter((r, i) => r.namespaced
  && (r.verbs ?? STANDARD_VERBS).includes('deletecollection')
  && RESOURCE_TYPES.findIndex((o) => o.group === r.group && o.plural === r.plural) === i);

/** The conditions kube's namespace deleter maintains, in its order, with their "all is well" variants. */
const CONDITIONS: Array<[type: string, reason: string, message: string]> = [
  ['NamespaceDeletionDiscoveryFailure', 'ResourcesDiscovered', 'All resources successfully discovered'],
  ['NamespaceDeletionGroupVersionParsingFailure', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  ['NamespaceDeletionContentFailure', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  ['NamespaceContentRemaining', 'ContentRemoved', 'All content successfully removed'],
  ['NamespaceFinalizersRemaining', 'ContentRemoved', 'All content successfully removed'],
];

/** What deleting a namespace's content left behind. */
export interface Remaining {
  /** "pods." or "replicasets.apps" -> how many are left. */
  byResource: Map<string, number>;
  byFinalizer: Map<string, number>;
  deleteErrors: string[];
  /** Seconds until the rest is expected to be gone. */
  estimate: number;
}

export class NamespaceController implements Controller {
  readonly name = 'namespace';
  // Content types too: the namespace is looked at again as soon as its last objects go.
  readonly types = ['namespaces', ...COLLECTED_TYPES.filter((t) => t !== 'namespaces')];

  keysFor(change: CacheChange, cache: Cache): string[] {
    if (change.type === 'namespaces') return [change.object.metadata!.name!];
    const ns = change.object.metadata?.namespace;
    if (!change.deleted || !ns) return [];
    return cache.get('namespaces', ns)?.metadata?.deletionTimestamp ? [ns] : [];
  }

  async sync(name: string, ctx: ControllerContext): Promise<Date | undefined> {
    let ns: Namespace;
    try {
      ns = await ctx.client.request('GET', `/api/v1/namespaces/${name}`);
    } catch (e) {
      if (e instanceof StatusError && e.code === 404) return undefined;
      throw e;
    }
    if (!ns.metadata?.deletionTimestamp || !ns.spec?.finalizers?.includes(FINALIZER)) return undefined;
    const remaining = await deleteAllContent(ctx, name);
    const conditions = namespaceConditions(ns.status?.conditions ?? [], remaining, timestamp(ctx.now()));
    if (JSON.stringify(conditions) !== JSON.stringify(ns.status?.conditions ?? [])) {
      ns = await ctx.client.request('PUT', `/api/v1/namespaces/${name}/status`, {
        body: { ...ns, status: { ...ns.status, phase: 'Terminating', conditions } },
      });
    }
    if (remaining.byResource.size > 0 || remaining.deleteErrors.length > 0) {
      // kube looks again after half the estimate; deletions of the content wake it sooner.
      return new Date(ctx.now().getTime() + (Math.floor(remaining.estimate / 2) + 1) * 1000);
    }
    const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== FINALIZER);
    try {
      await ctx.client.request('PUT', `/api/v1/namespaces/${name}/finalize`, { body: { ...ns, spec: { ...ns.spec, finalizers } } });
    } catch (e) {
      if (!(e instanceof StatusError && e.code === 404)) throw e;
    }
    return undefined;
  }
}

/** Delete every collection in the namespace, then count what is still there. */
async function deleteAllContent(ctx: ControllerContext, namespace: string): Promise<Remaining> {
  const remaining: Remaining = { byResource: new Map(), byFinalizer: new Map(), deleteErrors: [], estimate: 0 };
  const now = ctx.now().getTime();
  for (const r of NAMESPACED_TYPES) {
    const path = objectPath(r, namespace);
    try {
      await ctx.client.request('DELETE', path, { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } });
    } catch (e) {
      remaining.deleteErrors.push(`${r.plural}.${r.group}: ${(e as Error).message}`);
    }
    const list = await ctx.client.request('GET', path);
    const items: Array<KubeObject & { spec?: any }> = list.items ?? [];
    if (items.length === 0) continue;
    remaining.byResource.set(`${r.plural}.${r.group}`, items.length);
    for (const item of items) {
      for (const f of item.metadata?.finalizers ?? []) {
        remaining.byFinalizer.set(f, (remaining.byFinalizer.get(f) ?? 0) + 1);
        remaining.estimate = Math.max(remaining.estimate, FINALIZER_ESTIMATE_SECONDS);
      }
      // A pod that is shutting down is gone by the end of its grace period.
      if (typeName(r) === 'pods' && item.metadata?.deletionTimestamp) {
        const left = Math.ceil((Date.parse(item.metadata.deletionTimestamp) - now) / 1000);
        remaining.estimate = Math.max(remaining.estimate, left);
      }
    }
  }
  return remaining;
}

/** kube's namespaceConditionUpdater: each condition True with what is wrong, or False when all is well. */
export function namespaceConditions(old: Condition[], remaining: Remaining, now: string): Condition[] {
  const failing = new Map<string, [reason: string, message: string]>();
  if (remaining.deleteErrors.length) {
    const errors = [...remaining.deleteErrors].sort();
    failing.set('NamespaceDeletionContentFailure', ['ContentDeletionFailed', `Failed to delete all resource types, ${errors.length} remaining: ${errors.join(', ')}`]);
  }
  if (remaining.byResource.size) {
    const list = [...remaining.byResource].map(([gr, n]) => `${gr} has ${n} resource instances`).sort();
    failing.set('NamespaceContentRemaining', ['SomeResourcesRemain', `Some resources are remaining: ${list.join(', ')}`]);
  }
  if (remaining.byFinalizer.size) {
    const list = [...remaining.byFinalizer].map(([f, n]) => `${f} in ${n} resource instances`).sort();
    failing.set('NamespaceFinalizersRemaining', ['SomeFinalizerRemain', `Some finalizers are remaining: ${list.join(', ')}`]);
  }
  const conditions = [...old];
  for (const [type, okReason, okMessage] of CONDITIONS) {
    const bad = failing.get(type);
    const status = bad ? 'True' : 'False';
    const current = conditions.find((c) => c.type === type);
    const lastTransitionTime = current && current.status === status ? current.lastTransitionTime : now;
    const next: Condition = { type, status, lastTransitionTime, reason: bad?.[0] ?? okReason, message: bad?.[1] ?? okMessage };
    if (current) conditions[conditions.indexOf(current)] = next;
    else conditions.push(next);
  }
  return conditions;
}
