// The simulated kubelets: one logical kubelet per node, run as one controller keyed by pod. For
// each pod bound to a live node it reports the status the simulated runtime gives at `now`,
// records the kubelet's events, and finishes graceful deletions.
import { StatusError } from '../../../client/errors.js';
import type { KubeObject } from '../apiserver/objects.js';
import { objectKey, type Cache, type CacheChange } from '../controllers/cache.js';
import type { Controller, ControllerContext } from '../controllers/controller.js';
import { PodsByNode } from '../scheduler/node-pods.js';
import { isNodeDown } from './annotations.js';
import { allocatePodIP, nodeIP } from './pod-ip.js';
import { podStatusAt } from './pod-status.js';

type Obj = KubeObject & { spec?: any; status?: any };

/** Keys of "once" events already recorded by this process; bounded, as kubelet's own memory is. */
const MAX_REMEMBERED = 10_000;

export class KubeletController implements Controller {
  readonly name = 'kubelet';
  readonly component = 'kubelet';
  readonly types = ['pods', 'nodes'];
  private readonly index = new PodsByNode();
  private readonly recorded = new Set<string>();
  /** Pods by key whose status this kubelet is writing, with that status as JSON. */
  private readonly writing = new Map<string, string>();

  keysFor(change: CacheChange, cache: Cache): string[] {
    this.index.observe(change, cache);
    if (change.type === 'nodes') return [...this.index.on(change.object.metadata?.name ?? '').pods.keys()];
    if (change.deleted || !(change.object as Obj).spec?.nodeName) return [];
    const key = objectKey(change.object);
    // Our own status write says nothing new: the sync that made it already asked to come back when due.
    const ours = this.writing.get(key);
    if (ours === undefined) return [key];
    this.writing.delete(key);
    return ours === JSON.stringify((change.object as Obj).status) ? [] : [key];
  }

  async sync(key: string, ctx: ControllerContext): Promise<Date | undefined> {
    const pod = ctx.cache.get('pods', key) as Obj | undefined;
    const nodeName: string | undefined = pod?.spec?.nodeName;
    if (!pod || !nodeName) return undefined;
    const node = ctx.cache.get('nodes', nodeName) as Obj | undefined;
    if (!node || isNodeDown(node)) return undefined;
    const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    if (finished && !pod.metadata?.deletionTimestamp) return undefined;
    this.index.refresh(ctx.cache);

    const hostIP = nodeIP(node);
    const podIP = pod.spec?.hostNetwork ? hostIP : pod.status?.podIP || allocatePodIP(node, this.index.on(nodeName).podIPs.keys());
    const now = ctx.now().getTime();
    const result = podStatusAt(pod, hostIP, podIP, now);
    const source = { component: 'kubelet', host: nodeName };
    for (const e of result.events) {
      if (e.onceKey) {
        if (this.recorded.has(e.onceKey)) continue;
        if (this.recorded.size >= MAX_REMEMBERED) this.recorded.clear();
        this.recorded.add(e.onceKey);
      }
      await ctx.events.record(pod, e.type, e.reason, e.message, source, e.fieldPath);
    }
    const path = `/api/v1/namespaces/${pod.metadata!.namespace}/pods/${pod.metadata!.name}`;
    if (result.remove) {
      try {
        await ctx.client.request('DELETE', path, {
          body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, preconditions: { uid: pod.metadata!.uid } },
        });
      } catch (e) {
        if (!(e instanceof StatusError && e.code === 404)) throw e;
      }
      return undefined;
    }
    const status = JSON.stringify(result.status);
    if (status !== JSON.stringify(pod.status)) {
      this.writing.set(key, status);
      try {
        await ctx.client.request('PUT', `${path}/status`, { body: { ...pod, status: result.status } });
      } finally {
        // The write's own change has been seen by now (the store publishes before the reply).
        this.writing.delete(key);
      }
    }
    return result.next === undefined ? undefined : new Date(result.next);
  }
}
