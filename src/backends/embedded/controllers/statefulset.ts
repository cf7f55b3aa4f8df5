// The StatefulSet controller (pkg/controller/statefulset): pods SET-0..SET-(N-1) with stable names
// and their own PersistentVolumeClaims, created in order (OrderedReady: each once the one before
// is Running and Ready) or all at once (Parallel), removed from the highest ordinal down, and
// updated from the highest ordinal to the partition one pod at a time.
import { StatusError } from '../../../client/errors.js';
import type { KubeObject } from '../apiserver/objects.js';
import { objectKey, type CacheChange } from './cache.js';
import { ownerKeys, type Controller, type ControllerContext } from './controller.js';
import { computeHash } from './deployment-hash.js';
import { ensureRevision, ownedRevisions, templatePatch, truncateHistory } from './history-util.js';
import { podReadySince } from './pods.js';
import { REVISION_LABEL, claimFor, isRunningAndReady, ordinalOf, revisionTemplate, statefulPod } from './statefulset-util.js';

type Obj = KubeObject & { spec?: any; status?: any; data?: any };

const SOURCE = { component: 'statefulset-controller' };
/** The label on a StatefulSet's ControllerRevisions (history.ControllerRevisionHashLabel). */
const HASH_LABEL = 'controller.kubernetes.io/hash';

export class StatefulSetController implements Controller {
  readonly name = 'statefulset';
  readonly types = ['apps/statefulsets', 'pods', 'persistentvolumeclaims', 'apps/controllerrevisions'];

  keysFor(change: CacheChange): string[] {
    if (change.type === 'apps/statefulsets') return [objectKey(change.object)];
    if (change.type === 'persistentvolumeclaims') return [];
    return ownerKeys(change, 'StatefulSet');
  }

  async sync(key: string, ctx: ControllerContext): Promise<Date | undefined> {
    const set = ctx.cache.get('apps/statefulsets', key) as Obj | undefined;
    if (!set || set.metadata?.deletionTimestamp) return undefined;
    return new StatefulSetSync(ctx, set).run();
  }
}

class StatefulSetSync {
  private readonly now: number;
  private readonly pods: Obj[];
  private current!: Obj;
  private update!: Obj;
  private nextCheck: number | undefined;

  constructor(private readonly ctx: ControllerContext, private readonly set: Obj) {
    this.now = ctx.now().getTime();
    const uid = set.metadata!.uid;
    this.pods = (ctx.cache.ownedBy('pods', uid!) as Obj[]).filter((p) => p.metadata?.ownerReferences?.some((r) => r.controller && r.uid === uid));
  }

  async run(): Promise<Date | undefined> {
    const { set, ctx } = this;
    const revisions = ownedRevisions(ctx, set);
    const data = templatePatch(set);
    const hash = computeHash(data, set.status?.collisionCount);
    this.update = await ensureRevision(ctx, revisions, {
      owner: set, kind: 'StatefulSet', name: `${set.metadata!.name}-${hash}`,
      labels: { ...set.spec?.template?.metadata?.labels, [HASH_LABEL]: hash }, data,
    });
    this.current = revisions.find((r) => r.metadata?.name === set.status?.currentRevision) ?? this.update;
    await this.reconcilePods();
    const live = new Set([this.current.metadata!.name!, this.update.metadata!.name!, ...this.pods.map((p) => p.metadata?.labels?.[REVISION_LABEL] ?? '')]);
    await truncateHistory(ctx, ownedRevisions(ctx, set), live, set.spec?.revisionHistoryLimit ?? 10);
    await this.updateStatus();
    return this.nextCheck === undefined ? undefined : new Date(this.nextCheck);
  }

  private available(pod: Obj): boolean {
    if (!isRunningAndReady(pod)) return false;
    const at = (podReadySince(pod) ?? this.now) + (this.set.spec?.minReadySeconds ?? 0) * 1000;
    if (at <= this.now) return true;
    this.nextCheck = Math.min(this.nextCheck ?? Infinity, at);
    return false;
  }

  /** One pass of updateStatefulSet: create or replace, then condemn, then roll. */
  private async reconcilePods(): Promise<void> {
    const { set } = this;
    const want: number = set.spec?.replicas ?? 1;
    const ordered = set.spec?.podManagementPolicy !== 'Parallel';
    const replicas = new Map<number, Obj>();
    const condemned: Obj[] = [];
    for (const pod of this.pods) {
      const ordinal = ordinalOf(set, pod);
      if (ordinal === undefined) continue;
      if (ordinal < want) replicas.set(ordinal, pod);
      else condemned.push(pod);
    }
    condemned.sort((a, b) => ordinalOf(set, b)! - ordinalOf(set, a)!);

    for (let ordinal = 0; ordinal < want; ordinal++) {
      const pod = replicas.get(ordinal);
      if (pod && !pod.metadata?.deletionTimestamp && (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded')) {
        await this.deletePod(pod);
        if (ordered) return;
        continue;
      }
      if (!pod) {
        await this.createPod(ordinal);
        if (ordered) return;
        continue;
      }
      if (ordered && (pod.metadata?.deletionTimestamp || !this.available(pod))) return;
    }

    const unhealthy = [...replicas.values()].some((p) => p.metadata?.deletionTimestamp || !isRunningAndReady(p));
    for (const pod of condemned) {
      if (pod.metadata?.deletionTimestamp) {
        if (ordered) return;
        continue;
      }
      if (ordered && unhealthy) return;
      await this.deletePod(pod);
      if (ordered) return;
    }

    const strategy = set.spec?.updateStrategy ?? {};
    if (strategy.type === 'OnDelete') return;
    const partition = strategy.rollingUpdate?.partition ?? 0;
    for (let ordinal = want - 1; ordinal >= partition; ordinal--) {
      const pod = replicas.get(ordinal);
      if (!pod) continue;
      if (pod.metadata?.labels?.[REVISION_LABEL] !== this.update.metadata!.name && !pod.metadata?.deletionTimestamp) {
        await this.deletePod(pod);
        return;
      }
      if (!isRunningAndReady(pod) || pod.metadata?.deletionTimestamp) return;
    }
  }

  private async createPod(ordinal: number): Promise<void> {
    const { set, ctx } = this;
    const partition = set.spec?.updateStrategy?.type === 'RollingUpdate' ? set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0 : 0;
    const revision = ordinal < partition ? this.current : this.update;
    const pod = statefulPod(set, revisionTemplate(revision), revision.metadata!.name!, ordinal);
    for (const template of set.spec?.volumeClaimTemplates ?? []) await this.ensureClaim(template, ordinal, pod.metadata!.name!);
    try {
      await ctx.client.request('POST', `/api/v1/namespaces/${set.metadata!.namespace}/pods`, { body: pod });
    } catch (e) {
      // The cache has not seen the pod an earlier sync created yet.
      if (e instanceof StatusError && e.code === 409) return;
      throw e;
    }
    await ctx.events.record(set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata!.name} in StatefulSet ${set.metadata!.name} successful`, SOURCE);
  }

  /** Create the claim if it is missing; with no provisioner to wait for, it is Bound at once. */
  private async ensureClaim(template: Obj, ordinal: number, podName: string): Promise<void> {
    const { set, ctx } = this;
    const claim = claimFor(set, template, ordinal);
    if (ctx.cache.get('persistentvolumeclaims', `${set.metadata!.namespace}/${claim.metadata!.name}`)) return;
    const base = `/api/v1/namespaces/${set.metadata!.namespace}/persistentvolumeclaims`;
    let created: Obj;
    try {
      created = await ctx.client.request('POST', base, { body: claim });
    } catch (e) {
      if (e instanceof StatusError && e.code === 409) return;
      throw e;
    }
    await ctx.events.record(set, 'Normal', 'SuccessfulCreate', `create Claim ${claim.metadata!.name} Pod ${podName} in StatefulSet ${set.metadata!.name} success`, SOURCE);
    const status = { phase: 'Bound', accessModes: created.spec?.accessModes ?? [], capacity: { ...created.spec?.resources?.requests } };
    await ctx.client.request('PUT', `${base}/${claim.metadata!.name}/status`, { body: { ...created, status } });
  }

  private async deletePod(pod: Obj): Promise<void> {
    try {
      await this.ctx.client.request('DELETE', `/api/v1/namespaces/${pod.metadata!.namespace}/pods/${pod.metadata!.name}`, {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: pod.metadata!.uid } },
      });
    } catch (e) {
      if (!(e instanceof StatusError && e.code === 404)) throw e;
      return;
    }
    await this.ctx.events.record(this.set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata!.name} in StatefulSet ${this.set.metadata!.name} successful`, SOURCE);
  }

  private async updateStatus(): Promise<void> {
    const { set } = this;
    let replicas = 0, ready = 0, available = 0, current = 0, updated = 0;
    for (const pod of this.pods) {
      if (pod.status?.phase) replicas++;
      if (isRunningAndReady(pod)) {
        ready++;
        if (this.available(pod)) available++;
      }
      if (pod.status?.phase && !pod.metadata?.deletionTimestamp) {
        const revision = pod.metadata?.labels?.[REVISION_LABEL];
        if (revision === this.current.metadata!.name) current++;
        if (revision === this.update.metadata!.name) updated++;
      }
    }
    let currentRevision = this.current.metadata!.name!;
    // A finished rolling update makes the update revision current.
    if (set.spec?.updateStrategy?.type === 'RollingUpdate' && updated === replicas && ready === replicas) {
      currentRevision = this.update.metadata!.name!;
      current = updated;
    }
    const status: Record<string, unknown> = {
      observedGeneration: set.metadata?.generation,
      replicas,
      ...(ready ? { readyReplicas: ready } : {}),
      ...(current ? { currentReplicas: current } : {}),
      ...(updated ? { updatedReplicas: updated } : {}),
      currentRevision,
      updateRevision: this.update.metadata!.name,
      collisionCount: set.status?.collisionCount ?? 0,
      availableReplicas: available,
      ...(set.status?.conditions ? { conditions: set.status.conditions } : {}),
    };
    if (JSON.stringify(status) === JSON.stringify(set.status ?? {})) return;
    await this.ctx.client.request('PUT', `/apis/apps/v1/namespaces/${set.metadata!.namespace}/statefulsets/${set.metadata!.name}/status`, { body: { ...set, status } });
  }
}
