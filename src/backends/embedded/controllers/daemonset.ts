// The DaemonSet controller (pkg/controller/daemon): one pod on every node the DaemonSet may run
// on — its selector, affinity and tolerations against the node's labels and taints — pinned to the
// node by a matchFields affinity for the scheduler to bind; rolling updates by maxUnavailable or
// maxSurge; ControllerRevisions for its history; status as kube counts it.
import { StatusError } from '../../../client/errors.js';
import type { KubeObject } from '../apiserver/objects.js';
import { objectKey, type Cache, type CacheChange } from './cache.js';
import { ownerKeys, type Controller, type ControllerContext } from './controller.js';
import { computeHash } from './deployment-hash.js';
import { REVISION_HASH_LABEL, daemonPod, placement, surgeAndUnavailable, targetNode } from './daemonset-util.js';
import { ensureRevision, ownedRevisions, templatePatch, truncateHistory } from './history-util.js';
import { isPodReady, podReadySince } from './pods.js';

type Obj = KubeObject & { spec?: any; status?: any };

const SOURCE = { component: 'daemonset-controller' };

export class DaemonSetController implements Controller {
  readonly name = 'daemonset';
  readonly types = ['apps/daemonsets', 'pods', 'nodes', 'apps/controllerrevisions'];

  keysFor(change: CacheChange, cache: Cache): string[] {
    if (change.type === 'apps/daemonsets') return [objectKey(change.object)];
    if (change.type === 'nodes') return cache.list('apps/daemonsets').map(objectKey);
    return ownerKeys(change, 'DaemonSet');
  }

  async sync(key: string, ctx: ControllerContext): Promise<Date | undefined> {
    const ds = ctx.cache.get('apps/daemonsets', key) as Obj | undefined;
    if (!ds || ds.metadata?.deletionTimestamp) return undefined;
    return new DaemonSetSync(ctx, ds).run();
  }
}

class DaemonSetSync {
  private readonly now: number;
  private readonly nodes: Obj[];
  private readonly podsByNode = new Map<string, Obj[]>();
  private hash = '';
  private nextCheck: number | undefined;

  constructor(private readonly ctx: ControllerContext, private readonly ds: Obj) {
    this.now = ctx.now().getTime();
    this.nodes = ctx.cache.list('nodes') as Obj[];
    const uid = ds.metadata!.uid;
    for (const pod of ctx.cache.ownedBy('pods', uid!) as Obj[]) {
      if (!pod.metadata?.ownerReferences?.some((r) => r.controller && r.uid === uid)) continue;
      const node = targetNode(pod) ?? '';
      this.podsByNode.set(node, [...(this.podsByNode.get(node) ?? []), pod]);
    }
  }

  async run(): Promise<Date | undefined> {
    const { ds, ctx } = this;
    this.hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
    const revisions = ownedRevisions(ctx, ds);
    await ensureRevision(ctx, revisions, {
      owner: ds, kind: 'DaemonSet', name: `${ds.metadata!.name}-${this.hash}`,
      labels: { ...ds.spec?.template?.metadata?.labels, [REVISION_HASH_LABEL]: this.hash }, data: templatePatch(ds),
    });
    await this.manage();
    if (ds.spec?.updateStrategy?.type !== 'OnDelete') await this.rollingUpdate();
    const live = new Set([...this.podsByNode.values()].flat().map((p) => `${ds.metadata!.name}-${p.metadata?.labels?.[REVISION_HASH_LABEL]}`));
    live.add(`${ds.metadata!.name}-${this.hash}`);
    await truncateHistory(ctx, ownedRevisions(ctx, ds), live, ds.spec?.revisionHistoryLimit ?? 10);
    await this.updateStatus();
    return this.nextCheck === undefined ? undefined : new Date(this.nextCheck);
  }

  private podsOn(node: string): Obj[] {
    return this.podsByNode.get(node) ?? [];
  }

  /** Create missing pods, delete failed, duplicate and misplaced ones. */
  private async manage(): Promise<void> {
    const surge = surgeAndUnavailable(this.ds, 0)[0] > 0;
    const known = new Set(this.nodes.map((n) => n.metadata!.name!));
    for (const [node, pods] of this.podsByNode) {
      if (!known.has(node)) await this.deletePods(pods.filter((p) => !p.metadata?.deletionTimestamp));
    }
    for (const node of this.nodes) {
      const name = node.metadata!.name!;
      const { shouldRun, shouldContinueRunning } = placement(this.ds, node);
      const pods = this.podsOn(name);
      if (shouldRun && pods.length === 0) {
        await this.createPod(name);
      } else if (shouldContinueRunning) {
        const running = pods.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase !== 'Failed');
        await this.deletePods(pods.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase === 'Failed'));
        // Without surge a node keeps only its oldest pod.
        if (!surge && running.length > 1) await this.deletePods(byAge(running).slice(1));
      } else {
        await this.deletePods(pods.filter((p) => !p.metadata?.deletionTimestamp));
      }
    }
  }

  private available(pod: Obj): boolean {
    if (!isPodReady(pod)) return false;
    const since = (podReadySince(pod) ?? this.now) + (this.ds.spec?.minReadySeconds ?? 0) * 1000;
    if (since <= this.now) return true;
    this.nextCheck = Math.min(this.nextCheck ?? Infinity, since);
    return false;
  }

  /** The node's one up-to-date and one old pod, or undefined when it has more of either. */
  private split(node: string): { fresh?: Obj; old?: Obj } | undefined {
    const pods = this.podsOn(node).filter((p) => !p.metadata?.deletionTimestamp);
    const fresh = pods.filter((p) => p.metadata?.labels?.[REVISION_HASH_LABEL] === this.hash);
    const old = pods.filter((p) => p.metadata?.labels?.[REVISION_HASH_LABEL] !== this.hash);
    return fresh.length > 1 || old.length > 1 ? undefined : { fresh: fresh[0], old: old[0] };
  }

  private async rollingUpdate(): Promise<void> {
    const desired = this.nodes.filter((n) => placement(this.ds, n).shouldRun).length;
    const [maxSurge, maxUnavailable] = surgeAndUnavailable(this.ds, desired);
    const nodes = [...this.podsByNode.keys()].filter((n) => this.nodes.some((x) => x.metadata?.name === n)).sort();
    if (maxSurge === 0) {
      let unavailable = 0;
      const replace: Obj[] = [];
      const candidates: Obj[] = [];
      for (const node of nodes) {
        const pair = this.split(node);
        if (!pair || (!pair.old && !pair.fresh) || (pair.old && pair.fresh)) unavailable++;
        else if (pair.fresh) unavailable += this.available(pair.fresh) ? 0 : 1;
        else if (!this.available(pair.old!)) replace.push(pair.old!);
        else candidates.push(pair.old!);
      }
      await this.deletePods([...replace, ...candidates.slice(0, Math.max(0, maxUnavailable - unavailable))]);
      return;
    }
    let surging = 0;
    const retire: Obj[] = [];
    const allowed: string[] = [];
    const candidates: string[] = [];
    for (const node of nodes) {
      const pair = this.split(node);
      if (!pair) surging++;
      else if (!pair.old) continue;
      else if (!pair.fresh) (this.available(pair.old) ? candidates : allowed).push(node);
      else if (!this.available(pair.fresh)) surging++;
      else retire.push(pair.old);
    }
    await this.deletePods(retire);
    for (const node of [...allowed, ...candidates.slice(0, Math.max(0, maxSurge - surging))]) await this.createPod(node);
  }

  private async createPod(node: string): Promise<void> {
    const created = await this.ctx.client.request('POST', `/api/v1/namespaces/${this.ds.metadata!.namespace}/pods`, { body: daemonPod(this.ds, this.hash, node) });
    this.podsByNode.set(node, [...this.podsOn(node), created]);
    await this.ctx.events.record(this.ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
  }

  private async deletePods(pods: Obj[]): Promise<void> {
    for (const pod of pods) {
      try {
        await this.ctx.client.request('DELETE', `/api/v1/namespaces/${pod.metadata!.namespace}/pods/${pod.metadata!.name}`, {
          body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: pod.metadata!.uid } },
        });
      } catch (e) {
        if (!(e instanceof StatusError && e.code === 404)) throw e;
        continue;
      }
      pod.metadata = { ...pod.metadata, deletionTimestamp: new Date(this.now).toISOString() };
      await this.ctx.events.record(this.ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata!.name}`, SOURCE);
    }
  }

  private async updateStatus(): Promise<void> {
    const { ds } = this;
    let desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
    for (const node of this.nodes) {
      const pods = this.podsOn(node.metadata!.name!);
      if (!placement(ds, node).shouldRun) {
        if (pods.length) misscheduled++;
        continue;
      }
      desired++;
      if (!pods.length) continue;
      current++;
      const pod = byAge(pods)[0]!;
      if (isPodReady(pod)) {
        ready++;
        if (this.available(pod)) available++;
      }
      if (pod.metadata?.labels?.[REVISION_HASH_LABEL] === this.hash) updated++;
    }
    const status: Record<string, unknown> = {
      currentNumberScheduled: current, numberMisscheduled: misscheduled, desiredNumberScheduled: desired, numberReady: ready,
      observedGeneration: ds.metadata?.generation,
      ...(updated ? { updatedNumberScheduled: updated } : {}),
      ...(available ? { numberAvailable: available } : {}),
      ...(desired - available ? { numberUnavailable: desired - available } : {}),
      ...(ds.status?.collisionCount ? { collisionCount: ds.status.collisionCount } : {}),
      ...(ds.status?.conditions ? { conditions: ds.status.conditions } : {}),
    };
    if (JSON.stringify(status) === JSON.stringify(ds.status ?? {})) return;
    await this.ctx.client.request('PUT', `/apis/apps/v1/namespaces/${ds.metadata!.namespace}/daemonsets/${ds.metadata!.name}/status`, { body: { ...ds, status } });
  }
}

/** Oldest first (what kube keeps when a node has more than one). */
function byAge(pods: Obj[]): Obj[] {
  return [...pods].sort((a, b) => Date.parse(a.metadata?.creationTimestamp ?? '') - Date.parse(b.metadata?.creationTimestamp ?? '')
    || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}
