// The scheduler (kube-scheduler's default profile, one pod at a time): filter the nodes, score the
// ones left, bind through pods/binding. A pod that fits nowhere gets PodScheduled=False with the
// FailedScheduling message and is tried again when nodes or other pods change.
import { StatusError } from '../../../client/errors.js';
import { timestamp, type KubeObject } from '../apiserver/objects.js';
import { objectKey, type Cache, type CacheChange } from '../controllers/cache.js';
import type { Controller, ControllerContext } from '../controllers/controller.js';
import { filterNode, type Rejection } from './filters.js';
import { fitErrorMessage } from './fit-error.js';
import { PodsByNode } from './node-pods.js';
import { podRequests } from './resources.js';
import { pickNode, type Candidate } from './scoring.js';

type Pod = KubeObject & { spec?: any; status?: any };

export const SCHEDULER_NAME = 'default-scheduler';
const SOURCE = { component: SCHEDULER_NAME };

function wantsScheduling(pod: Pod): boolean {
  return !pod.spec?.nodeName && !pod.metadata?.deletionTimestamp
    && (pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME
    && !(pod.spec?.schedulingGates?.length)
    && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

/** A change that can make room or add a node wakes every pod still waiting. */
function freesRoom(change: CacheChange): boolean {
  if (change.type === 'nodes') return true;
  const before = (change.old ?? change.object) as Pod;
  if (!before.spec?.nodeName) return false;
  const after = change.object as Pod;
  return change.deleted || after.status?.phase === 'Succeeded' || after.status?.phase === 'Failed'
    || JSON.stringify(after.metadata?.labels) !== JSON.stringify(before.metadata?.labels);
}

export class SchedulerController implements Controller {
  readonly name = 'scheduler';
  readonly component = 'kube-scheduler';
  readonly types = ['pods', 'nodes'];
  private readonly index = new PodsByNode();

  keysFor(change: CacheChange, cache: Cache): string[] {
    this.index.observe(change, cache);
    if (freesRoom(change)) return this.index.unbound();
    return change.type === 'pods' && !change.deleted && wantsScheduling(change.object) ? [objectKey(change.object)] : [];
  }

  async sync(key: string, ctx: ControllerContext): Promise<undefined> {
    const pod = ctx.cache.get('pods', key) as Pod | undefined;
    if (!pod || !wantsScheduling(pod)) return undefined;
    this.index.refresh(ctx.cache);
    const nodes = ctx.cache.list('nodes') as Pod[];
    const requests = podRequests(pod);
    const podsOn = (name: string) => this.index.on(name);
    const feasible: Candidate[] = [];
    const rejections: Rejection[] = [];
    for (const node of nodes) {
      const pods = podsOn(node.metadata!.name!);
      const rejection = filterNode({ pod, requests, node, pods, nodes, podsOn });
      if (rejection) rejections.push(rejection);
      else feasible.push({ node, pods });
    }
    const chosen = pickNode(pod, requests, feasible);
    if (chosen) await bind(ctx, pod, chosen.metadata!.name!, this.index);
    else await markUnschedulable(ctx, pod, fitErrorMessage(rejections, pod.spec?.preemptionPolicy));
    return undefined;
  }
}

async function bind(ctx: ControllerContext, pod: Pod, node: string, index: PodsByNode): Promise<void> {
  const { namespace, name } = pod.metadata as { namespace: string; name: string };
  try {
    await ctx.client.request('POST', `/api/v1/namespaces/${namespace}/pods/${name}/binding`, {
      body: {
        apiVersion: 'v1', kind: 'Binding',
        metadata: { name, namespace, uid: pod.metadata?.uid },
        target: { apiVersion: 'v1', kind: 'Node', name: node },
      },
    });
  } catch (e) {
    // Bound or deleted meanwhile (another process): nothing left to do for this pod.
    if (e instanceof StatusError && (e.code === 409 || e.code === 404)) return;
    throw e;
  }
  index.assume(objectKey(pod), node);
  await ctx.events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${node}`, SOURCE);
}

async function markUnschedulable(ctx: ControllerContext, pod: Pod, message: string): Promise<void> {
  const conditions: any[] = pod.status?.conditions ?? [];
  const current = conditions.find((c) => c.type === 'PodScheduled');
  if (current?.status === 'False' && current.reason === 'Unschedulable' && current.message === message) return;
  const condition = {
    type: 'PodScheduled', status: 'False', lastProbeTime: null,
    lastTransitionTime: current?.status === 'False' ? current.lastTransitionTime : timestamp(ctx.now()),
    reason: 'Unschedulable', message,
  };
  const status = { ...pod.status, conditions: [...conditions.filter((c) => c.type !== 'PodScheduled'), condition] };
  await ctx.client.request('PUT', `/api/v1/namespaces/${pod.metadata!.namespace}/pods/${pod.metadata!.name}/status`, {
    body: { ...pod, status },
  });
  await ctx.events.record(pod, 'Warning', 'FailedScheduling', message, SOURCE);
}
