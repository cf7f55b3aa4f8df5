// The ReplicaSet controller (pkg/controller/replicaset): keep spec.replicas pods that match the
// selector, adopting orphans and releasing pods that stopped matching, deleting the least useful
// first, and report what it sees in status.
import { labelSelectorToRequirements, matchesLabels } from '../../../selectors/index.js';
import type { KubeObject } from '../apiserver/objects.js';
import { controllerKey, type Controller, type ControllerContext } from './controller.js';
import { objectKey, splitKey, type Cache, type CacheChange } from './cache.js';
import { isPodActive, isPodReady, podDeletionCost, podReadySince } from './pods.js';

type Obj = KubeObject & { spec?: any; status?: any };

const SOURCE = { component: 'replicaset-controller' };
/** kube-controller-manager creates at most this many pods in one sync (burstReplicas). */
const BURST = 500;

export class ReplicaSetController implements Controller {
  readonly name = 'replicaset';
  readonly types = ['apps/replicasets', 'pods'];

  keysFor(change: CacheChange, cache: Cache): string[] {
    if (change.type === 'apps/replicasets') return [objectKey(change.object)];
    const keys = new Set<string>();
    for (const pod of [change.object, change.old]) {
      if (!pod) continue;
      const owner = controllerKey(pod, 'ReplicaSet');
      if (owner) keys.add(owner);
      else for (const rs of matchingReplicaSets(pod, cache)) keys.add(objectKey(rs));
    }
    return [...keys];
  }

  async sync(key: string, ctx: ControllerContext): Promise<Date | undefined> {
    const rs = ctx.cache.get('apps/replicasets', key) as Obj | undefined;
    if (!rs || rs.metadata?.deletionTimestamp) return undefined;
    const { namespace } = splitKey(key);
    const selector = labelSelectorToRequirements(rs.spec?.selector);
    const owned: Obj[] = [];
    for (const pod of ctx.cache.list('pods', namespace) as Obj[]) {
      const ref = pod.metadata?.ownerReferences?.find((r) => r.controller);
      const matches = selector !== null && matchesLabels(selector, pod.metadata?.labels);
      if (ref?.uid === rs.metadata?.uid) {
        if (matches) owned.push(pod);
        else await release(ctx, pod, rs);
      } else if (!ref && matches && !pod.metadata?.deletionTimestamp) {
        await adopt(ctx, pod, rs);
        owned.push(pod);
      }
    }
    const active = owned.filter(isPodActive);
    const want = rs.spec?.replicas ?? 1;
    if (active.length < want) {
      for (let i = 0; i < Math.min(want - active.length, BURST); i++) await createPod(ctx, rs);
    } else if (active.length > want) {
      for (const pod of rankForDeletion(active).slice(0, active.length - want)) await deletePod(ctx, pod, rs);
    }
    return updateStatus(ctx, rs, owned);
  }
}

function matchingReplicaSets(pod: Obj, cache: Cache): Obj[] {
  return (cache.list('apps/replicasets', pod.metadata?.namespace) as Obj[]).filter((rs) => {
    const selector = labelSelectorToRequirements(rs.spec?.selector);
    return selector !== null && matchesLabels(selector, pod.metadata?.labels);
  });
}

function ownerRef(rs: Obj) {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata!.name!, uid: rs.metadata!.uid!, controller: true, blockOwnerDeletion: true };
}

async function createPod(ctx: ControllerContext, rs: Obj): Promise<void> {
  const template = rs.spec?.template ?? {};
  const pod = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      generateName: `${rs.metadata!.name}-`,
      namespace: rs.metadata!.namespace,
      labels: { ...template.metadata?.labels },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [ownerRef(rs)],
    },
    // Sent as JSON: the template itself is never changed.
    spec: template.spec ?? {},
  };
  const created = await ctx.client.request('POST', `/api/v1/namespaces/${rs.metadata!.namespace}/pods`, { body: pod });
  await ctx.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
}

async function deletePod(ctx: ControllerContext, pod: Obj, rs: Obj): Promise<void> {
  await ctx.client.request('DELETE', `/api/v1/namespaces/${pod.metadata!.namespace}/pods/${pod.metadata!.name}`, {
    body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: pod.metadata!.uid } },
  });
  await ctx.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata!.name}`, SOURCE);
}

async function adopt(ctx: ControllerContext, pod: Obj, rs: Obj): Promise<void> {
  await ctx.client.request('PATCH', `/api/v1/namespaces/${pod.metadata!.namespace}/pods/${pod.metadata!.name}`, {
    body: { metadata: { ownerReferences: [...(pod.metadata?.ownerReferences ?? []), ownerRef(rs)], uid: pod.metadata!.uid } },
    contentType: 'application/strategic-merge-patch+json',
  });
}

async function release(ctx: ControllerContext, pod: Obj, rs: Obj): Promise<void> {
  const refs = (pod.metadata?.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata?.uid);
  await ctx.client.request('PATCH', `/api/v1/namespaces/${pod.metadata!.namespace}/pods/${pod.metadata!.name}`, {
    body: { metadata: { ownerReferences: refs.length ? refs : null } },
    contentType: 'application/merge-patch+json',
  });
}

/**
 * The pods to delete first, as kube's ActivePodsWithRanks orders them: unassigned before assigned,
 * pending before unknown before running, not ready before ready, lower deletion cost, more
 * restarts, and the most recently ready or created first.
 */
export function rankForDeletion(pods: Obj[]): Obj[] {
  const phaseRank = (p: Obj) => ({ Pending: 0, Unknown: 1, Running: 2 } as Record<string, number>)[p.status?.phase ?? 'Pending'] ?? 0;
  const restarts = (p: Obj) => (p.status?.containerStatuses ?? []).reduce((n: number, c: any) => n + (c.restartCount ?? 0), 0);
  return [...pods].sort((a, b) =>
    Number(!!a.spec?.nodeName) - Number(!!b.spec?.nodeName)
    || phaseRank(a) - phaseRank(b)
    || Number(isPodReady(a)) - Number(isPodReady(b))
    || podDeletionCost(a) - podDeletionCost(b)
    || restarts(b) - restarts(a)
    || (podReadySince(b) ?? 0) - (podReadySince(a) ?? 0)
    || Date.parse(b.metadata?.creationTimestamp ?? '') - Date.parse(a.metadata?.creationTimestamp ?? ''));
}

async function updateStatus(ctx: ControllerContext, rs: Obj, owned: Obj[]): Promise<Date | undefined> {
  const active = owned.filter(isPodActive);
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  const minReady = (rs.spec?.minReadySeconds ?? 0) * 1000;
  const now = ctx.now().getTime();
  let nextCheck: number | undefined;
  let available = 0;
  for (const pod of active) {
    if (!isPodReady(pod)) continue;
    const since = podReadySince(pod) ?? now;
    if (since + minReady <= now) available++;
    else nextCheck = Math.min(nextCheck ?? Infinity, since + minReady);
  }
  const status: Record<string, unknown> = {
    replicas: active.length,
    fullyLabeledReplicas: active.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata?.labels?.[k] === v)).length,
    readyReplicas: active.filter(isPodReady).length,
    availableReplicas: available,
    observedGeneration: rs.metadata?.generation,
  };
  // kube omits zero counts from the status it writes.
  for (const k of Object.keys(status)) if (status[k] === 0 && k !== 'replicas') delete status[k];
  if (rs.status?.conditions) status.conditions = rs.status.conditions;
  if (JSON.stringify(status) !== JSON.stringify(rs.status ?? {})) {
    await ctx.client.request('PUT', `/apis/apps/v1/namespaces/${rs.metadata!.namespace}/replicasets/${rs.metadata!.name}/status`, {
      body: { ...rs, status },
    });
  }
  return nextCheck === undefined ? undefined : new Date(nextCheck);
}
