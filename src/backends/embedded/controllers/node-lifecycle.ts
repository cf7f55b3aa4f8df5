// The node lifecycle controller (pkg/controller/nodelifecycle) and the taint eviction controller
// (pkg/controller/tainteviction), keyed by node. A node whose kubelet stopped renewing its Lease
// for the grace period gets Unknown conditions, its pods are marked not ready, and it is tainted
// unreachable; pods on a node with NoExecute taints are deleted once their tolerations run out.
// Transitions are dated from the timestamps they follow from (the last heartbeat, the taint's
// timeAdded), so whichever command looks next sees what kube would show then.
import { StatusError } from '../../../client/errors.js';
import { timestamp, type KubeObject } from '../apiserver/objects.js';
import { toleratesTaint, type Taint } from '../taints.js';
import { NODE_LEASE_NAMESPACE } from '../kubelet/node-heartbeat.js';
import { objectKey, type Cache, type CacheChange } from './cache.js';
import type { Controller, ControllerContext } from './controller.js';

type Obj = KubeObject & { spec?: any; status?: any };


/** kube-controller-manager's --node-monitor-grace-period. */
export const NODE_MONITOR_GRACE_MS = 40_000;
export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const NOT_READY = 'node.kubernetes.io/not-ready';

const NODE_SOURCE = { component: 'node-controller' };
const EVICTION_SOURCE = { component: 'taint-eviction-controller' };
/** The conditions kube's controller turns Unknown when the kubelet goes quiet. */
const MONITORED = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle';
  readonly types = ['nodes', 'coordination.k8s.io/leases', 'pods'];

  keysFor(change: CacheChange, cache: Cache): string[] {
    const { object } = change;
    if (change.type === 'nodes') return [object.metadata?.name ?? ''];
    if (change.type !== 'pods') return object.metadata?.namespace === NODE_LEASE_NAMESPACE ? [object.metadata?.name ?? ''] : [];
    // Pods matter only on nodes that are unhealthy or tainted NoExecute: healthy nodes cost nothing.
    const nodes = new Set([change.object, change.old].map((p) => (p as Obj | undefined)?.spec?.nodeName).filter(Boolean));
    return [...nodes].filter((name) => {
      const node = cache.get('nodes', name) as Obj | undefined;
      return node && (isNotReady(node) || noExecuteTaints(node).length > 0);
    });
  }

  async sync(name: string, ctx: ControllerContext): Promise<Date | undefined> {
    const node = ctx.cache.get('nodes', name) as Obj | undefined;
    if (!node) return undefined;
    const now = ctx.now().getTime();
    const staleAt = lastProbe(node, ctx.cache) + NODE_MONITOR_GRACE_MS;
    if (staleAt <= now && readyStatus(node) !== 'Unknown') {
      // The write wakes this key again: taints and pods follow from the new conditions.
      await markUnknown(ctx, node, staleAt);
      return undefined;
    }
    if (await updateTaints(ctx, node)) return undefined;
    const pods = podsOn(ctx.cache, name);
    if (isNotReady(node)) await markPodsNotReady(ctx, pods);
    const evictAt = await evict(ctx, node, pods, now);
    const next = Math.min(evictAt ?? Infinity, staleAt > now ? staleAt : Infinity);
    return Number.isFinite(next) ? new Date(next) : undefined;
  }
}

function readyStatus(node: Obj): string | undefined {
  return (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status;
}

function isNotReady(node: Obj): boolean {
  const status = readyStatus(node);
  return status === 'False' || status === 'Unknown';
}

/** The last sign of life: the node Lease's renewal or the Ready heartbeat, else the node's creation. */
function lastProbe(node: Obj, cache: Cache): number {
  const lease = cache.get('coordination.k8s.io/leases', `${NODE_LEASE_NAMESPACE}/${node.metadata!.name}`) as Obj | undefined;
  const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  const times = [lease?.spec?.renewTime, ready?.lastHeartbeatTime, node.metadata?.creationTimestamp]
    .map((t) => (t ? Date.parse(t) : NaN)).filter(Number.isFinite);
  return times.length ? Math.max(...times) : 0;
}

/** tryUpdateNodeHealth: the kubelet's conditions become Unknown, dated when the grace period ran out. */
async function markUnknown(ctx: ControllerContext, node: Obj, staleAt: number): Promise<void> {
  const at = timestamp(new Date(staleAt));
  const conditions: any[] = [...(node.status?.conditions ?? [])];
  for (const type of MONITORED) {
    const i = conditions.findIndex((c) => c.type === type);
    if (i < 0) {
      conditions.push({ type, status: 'Unknown', lastHeartbeatTime: node.metadata?.creationTimestamp, lastTransitionTime: at, reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' });
    } else if (conditions[i].status !== 'Unknown') {
      conditions[i] = { ...conditions[i], status: 'Unknown', lastTransitionTime: at, reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' };
    }
  }
  const wasReady = readyStatus(node) === 'True';
  await ctx.client.request('PUT', `/api/v1/nodes/${node.metadata!.name}/status`, { body: { ...node, status: { ...node.status, conditions } } });
  if (wasReady) await ctx.events.record(node, 'Normal', 'NodeNotReady', `Node ${node.metadata!.name} status is now: NodeNotReady`, NODE_SOURCE);
}

/** The taints the Ready condition calls for: unreachable when Unknown, not-ready when False. */
function conditionTaints(node: Obj, now: Date): Taint[] {
  const status = readyStatus(node);
  const key = status === 'False' ? NOT_READY : status === 'Unknown' ? UNREACHABLE : undefined;
  if (!key) return [];
  // Dated now, as kube does, not back to the transition: the toleration period starts when a
  // control plane saw the node go, so a missed heartbeat after an idle spell never evicts at once.
  const timeAdded = timestamp(now);
  return [{ key, effect: 'NoExecute', timeAdded }, { key, effect: 'NoSchedule', timeAdded }];
}

/** Swap the controller's own taints for the ones the conditions call for; true when it wrote. */
async function updateTaints(ctx: ControllerContext, node: Obj): Promise<boolean> {
  const current: Taint[] = node.spec?.taints ?? [];
  const ours = (t: Taint) => t.key === UNREACHABLE || t.key === NOT_READY;
  const wanted = conditionTaints(node, ctx.now());
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const kept = current.filter((t) => !ours(t) || wanted.some((w) => same(w, t)));
  const added = wanted.filter((w) => !current.some((t) => same(w, t)));
  if (kept.length === current.length && added.length === 0) return false;
  const taints = [...kept, ...added];
  await ctx.client.request('PUT', `/api/v1/nodes/${node.metadata!.name}`, {
    body: { ...node, spec: { ...node.spec, taints: taints.length ? taints : undefined } },
  });
  return true;
}

function podsOn(cache: Cache, nodeName: string): Obj[] {
  return cache.onNode('pods', nodeName) as Obj[];
}

/** MarkPodsNotReady: nobody reports for pods on a node that is not Ready, so they are not ready. */
async function markPodsNotReady(ctx: ControllerContext, pods: Obj[]): Promise<void> {
  const at = timestamp(ctx.now());
  for (const pod of pods) {
    const conditions: any[] = pod.status?.conditions ?? [];
    if (!conditions.some((c) => c.type === 'Ready' && c.status !== 'False')) continue;
    const next = conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: at } : c));
    if (!(await ignoreGone(ctx.client.request('PUT', `${podPath(pod)}/status`, { body: { ...pod, status: { ...pod.status, conditions: next } } })))) continue;
    await ctx.events.record(pod, 'Warning', 'NodeNotReady', 'Node is not ready', NODE_SOURCE);
  }
}

export function noExecuteTaints(node: Obj): Taint[] {
  return (node.spec?.taints ?? []).filter((t: Taint) => t.effect === 'NoExecute');
}

/**
 * When the taint eviction controller deletes a pod from a node with these NoExecute taints: at
 * once when one is not tolerated, never when the tolerations that match have no tolerationSeconds,
 * else the shortest of them after the newest taint was added.
 */
export function evictionTime(pod: Obj, taints: Taint[], now: number): number | undefined {
  if (taints.length === 0) return undefined;
  const tolerations: any[] = pod.spec?.tolerations ?? [];
  const used = taints.map((t) => tolerations.find((tol) => toleratesTaint(tol, t)));
  if (used.some((t) => !t)) return now;
  const seconds = used.map((t) => t.tolerationSeconds).filter((s): s is number => typeof s === 'number');
  if (seconds.length === 0) return undefined;
  const shortest = Math.max(0, Math.min(...seconds));
  const since = Math.max(...taints.map((t) => (t.timeAdded ? Date.parse(t.timeAdded) : now)));
  return since + shortest * 1000;
}

/** Delete the pods whose time is up; returns when the next one is due. */
async function evict(ctx: ControllerContext, node: Obj, pods: Obj[], now: number): Promise<number | undefined> {
  const taints = noExecuteTaints(node);
  let next: number | undefined;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const at = evictionTime(pod, taints, now);
    if (at === undefined) continue;
    if (at > now) {
      next = Math.min(next ?? Infinity, at);
      continue;
    }
    await ctx.events.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${objectKey(pod)}`, EVICTION_SOURCE);
    await addDisruptionCondition(ctx, pod);
    await ignoreGone(ctx.client.request('DELETE', podPath(pod), {
      body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: pod.metadata!.uid } },
    }));
  }
  return next;
}

async function addDisruptionCondition(ctx: ControllerContext, pod: Obj): Promise<void> {
  const conditions: any[] = pod.status?.conditions ?? [];
  if (conditions.some((c) => c.type === 'DisruptionTarget' && c.status === 'True')) return;
  const condition = {
    type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(ctx.now()),
    reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint',
  };
  await ignoreGone(ctx.client.request('PATCH', `${podPath(pod)}/status`, {
    body: { metadata: { uid: pod.metadata!.uid }, status: { conditions: [condition] } },
    contentType: 'application/strategic-merge-patch+json',
  }));
}

function podPath(pod: Obj): string {
  return `/api/v1/namespaces/${pod.metadata!.namespace}/pods/${pod.metadata!.name}`;
}

/** Resolves false when the pod went away meanwhile (nothing left to do), true when the write landed. */
async function ignoreGone(request: Promise<unknown>): Promise<boolean> {
  try {
    await request;
    return true;
  } catch (e) {
    if (e instanceof StatusError && e.code === 404) return false;
    throw e;
  }
}
