// One sync of one Deployment: its ReplicaSets as this sync has seen and written them, and the
// writes every strategy shares (scaling a ReplicaSet, the new ReplicaSet and its revision,
// clean-up, status). The strategies themselves are in deployment-rollout.ts.
import { deepClone } from '../../../patch/json-value.js';
import { StatusError } from '../../../client/errors.js';
import { deepEqual } from '../apiserver/objects.js';
import type { ControllerContext } from './controller.js';
import { computeHash } from './deployment-hash.js';
import {
  HASH_LABEL, REVISION, byRevision, calculateStatus, deploymentComplete, deploymentProgressing, deploymentTimedOut,
  equalIgnoreHash, findNewReplicaSet, findOldReplicaSets, getCondition, hasProgressDeadline, hasRevisionHistoryLimit,
  maxRevision, maxSurge, newCondition, newRSNewReplicas, progressDeadline, removeCondition, replicasAnnotationsNeedUpdate,
  replicasOf, setCondition, setNewReplicaSetAnnotations, setReplicasAnnotations, sortedRecord, type Obj,
} from './deployment-util.js';

export const SOURCE = { component: 'deployment-controller' };

const rsPath = (ns: string, name?: string) => `/apis/apps/v1/namespaces/${ns}/replicasets${name ? `/${name}` : ''}`;

export interface ReplicaSets {
  newRS?: Obj;
  oldRSs: Obj[];
}

export class DeploymentSync {
  /** When this deployment must be looked at again (its progress deadline). */
  requeueAt?: Date;

  constructor(
    readonly ctx: ControllerContext,
    public d: Obj,
    /** The ReplicaSets this deployment owns, kept current with this sync's own writes. */
    public rsList: Obj[],
  ) {}

  get namespace(): string {
    return this.d.metadata!.namespace!;
  }

  get replicas(): number {
    return replicasOf(this.d);
  }

  private remember(rs: Obj): Obj {
    const i = this.rsList.findIndex((x) => x.metadata?.uid === rs.metadata?.uid);
    if (i >= 0) this.rsList[i] = rs;
    else this.rsList.push(rs);
    return rs;
  }

  private fresh(rs: Obj): Obj {
    return this.rsList.find((x) => x.metadata?.uid === rs.metadata?.uid) ?? rs;
  }

  async updateReplicaSet(rs: Obj): Promise<Obj> {
    return this.remember(await this.ctx.client.request('PUT', rsPath(this.namespace, rs.metadata!.name), { body: rs }));
  }

  /** Scale a ReplicaSet (and refresh its replica annotations); true when its size changed. */
  async scaleReplicaSet(rs: Obj, newScale: number, operation: string): Promise<[boolean, Obj]> {
    rs = this.fresh(rs);
    const oldScale = replicasOf(rs);
    const maxReplicas = this.replicas + maxSurge(this.d);
    const sizeChanges = oldScale !== newScale;
    if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, this.replicas, maxReplicas)) return [false, rs];
    const copy: Obj = deepClone(rs);
    copy.spec.replicas = newScale;
    setReplicasAnnotations(copy, this.replicas, maxReplicas);
    copy.metadata!.annotations = sortedRecord(copy.metadata!.annotations!);
    const updated = await this.updateReplicaSet(copy);
    if (sizeChanges) {
      await this.ctx.events.record(this.d, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata!.name} from ${oldScale} to ${newScale}`, SOURCE);
    }
    return [sizeChanges, updated];
  }

  async scaleReplicaSetAndRecordEvent(rs: Obj, newScale: number): Promise<[boolean, Obj]> {
    rs = this.fresh(rs);
    if (replicasOf(rs) === newScale) return [false, rs];
    return this.scaleReplicaSet(rs, newScale, replicasOf(rs) < newScale ? 'up' : 'down');
  }

  /**
   * Write the deployment's status, and with it its annotations: kube's status strategy for
   * Deployments keeps the annotations it is sent, which is how the revision annotation is set
   * without moving metadata.generation.
   */
  async writeStatus(status: any, annotations = this.d.metadata?.annotations): Promise<void> {
    const body = { ...this.d, metadata: { ...this.d.metadata, annotations }, status };
    const path = `/apis/apps/v1/namespaces/${this.namespace}/deployments/${this.d.metadata!.name}`;
    this.d = await this.ctx.client.request('PUT', `${path}/status`, { body });
  }

  /** The new ReplicaSet (created when asked and missing) and the old ones, revisions brought up to date. */
  async getAllReplicaSetsAndSyncRevision(create: boolean): Promise<ReplicaSets> {
    const oldRSs = findOldReplicaSets(this.d, this.rsList);
    const newRS = await this.getNewReplicaSet(oldRSs, create);
    return { newRS, oldRSs };
  }

  private async getNewReplicaSet(oldRSs: Obj[], create: boolean): Promise<Obj | undefined> {
    const existing = findNewReplicaSet(this.d, this.rsList);
    const newRevision = maxRevision(oldRSs) + 1;
    const now = this.ctx.now();
    if (existing) {
      const copy: Obj = deepClone(existing);
      const annotationsChanged = setNewReplicaSetAnnotations(this.d, copy, newRevision, true);
      const minReadySeconds = this.d.spec?.minReadySeconds ?? 0;
      if (annotationsChanged || (copy.spec?.minReadySeconds ?? 0) !== minReadySeconds) {
        if (minReadySeconds) copy.spec.minReadySeconds = minReadySeconds;
        else delete copy.spec.minReadySeconds;
        return this.updateReplicaSet(copy);
      }
      const status = deepClone(this.d.status ?? {});
      const revision = copy.metadata?.annotations?.[REVISION];
      let needsUpdate = revision !== undefined && this.d.metadata?.annotations?.[REVISION] !== revision;
      if (hasProgressDeadline(this.d) && !getCondition(status, 'Progressing')) {
        setCondition(status, newCondition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${copy.metadata!.name}"`, now));
        needsUpdate = true;
      }
      if (needsUpdate) await this.writeStatus(status, this.annotationsWithRevision(revision));
      return copy;
    }
    if (!create) return undefined;
    return this.createNewReplicaSet(oldRSs, newRevision, now);
  }

  private annotationsWithRevision(revision: string | undefined): Record<string, string> | undefined {
    if (revision === undefined) return this.d.metadata?.annotations;
    return sortedRecord({ ...this.d.metadata?.annotations, [REVISION]: revision });
  }

  private async createNewReplicaSet(oldRSs: Obj[], newRevision: number, now: Date): Promise<Obj> {
    const d = this.d;
    const template = deepClone(d.spec.template);
    const hash = computeHash(template, d.status?.collisionCount);
    template.metadata = { ...template.metadata, labels: sortedRecord({ ...template.metadata?.labels, [HASH_LABEL]: hash }) };
    const selector = { ...deepClone(d.spec.selector), matchLabels: sortedRecord({ ...d.spec.selector?.matchLabels, [HASH_LABEL]: hash }) };
    const rs: Obj = {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata!.name}-${hash}`, namespace: this.namespace, labels: template.metadata.labels,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata!.name!, uid: d.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: 0, ...(d.spec.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}), selector, template },
    };
    rs.spec.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
    setNewReplicaSetAnnotations(d, rs, newRevision, false);
    let created: Obj;
    let alreadyExisted = false;
    try {
      created = this.remember(await this.ctx.client.request('POST', rsPath(this.namespace), { body: rs }));
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      if (e.code === 409) {
        const found: Obj = await this.ctx.client.request('GET', rsPath(this.namespace, rs.metadata!.name));
        const ref = found.metadata?.ownerReferences?.find((r) => r.controller);
        if (ref?.uid !== d.metadata?.uid || !equalIgnoreHash(found.spec?.template, d.spec.template)) {
          // A hash collision: another template has this name. The next hash will differ.
          await this.writeStatus({ ...deepClone(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 });
          throw e;
        }
        created = this.remember(found);
        alreadyExisted = true;
      } else {
        const message = `Failed to create new replica set "${rs.metadata!.name}": ${e.message}`;
        if (hasProgressDeadline(d)) {
          const status = deepClone(d.status ?? {});
          setCondition(status, newCondition('Progressing', 'False', 'ReplicaSetCreateError', message, now));
          await this.writeStatus(status);
        }
        await this.ctx.events.record(d, 'Warning', 'ReplicaSetCreateError', message, SOURCE);
        throw e;
      }
    }
    if (!alreadyExisted && replicasOf(created) > 0) {
      await this.ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata!.name} from 0 to ${replicasOf(created)}`, SOURCE);
    }
    const status = deepClone(d.status ?? {});
    let needsUpdate = d.metadata?.annotations?.[REVISION] !== String(newRevision);
    if (!alreadyExisted && hasProgressDeadline(d)) {
      setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${created.metadata!.name}"`, now));
      needsUpdate = true;
    }
    if (needsUpdate) await this.writeStatus(status, this.annotationsWithRevision(String(newRevision)));
    return created;
  }

  /** Delete the oldest ReplicaSets beyond revisionHistoryLimit that have scaled to nothing. */
  async cleanupDeployment(oldRSs: Obj[]): Promise<void> {
    if (!hasRevisionHistoryLimit(this.d)) return;
    const cleanable = oldRSs.map((rs) => this.fresh(rs)).filter((rs) => !rs.metadata?.deletionTimestamp);
    const diff = cleanable.length - this.d.spec.revisionHistoryLimit;
    if (diff <= 0) return;
    for (const rs of cleanable.sort(byRevision).slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0) continue;
      if ((rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        await this.ctx.client.request('DELETE', rsPath(this.namespace, rs.metadata!.name), {
          body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: rs.metadata!.uid } },
        });
      } catch (e) {
        if (!(e instanceof StatusError && e.code === 404)) throw e;
      }
      this.rsList = this.rsList.filter((x) => x.metadata?.uid !== rs.metadata?.uid);
    }
  }

  /** Status only (paused, scaling, being deleted): no progress bookkeeping. */
  async syncDeploymentStatus(allRSs: Obj[], newRS: Obj | undefined): Promise<void> {
    const status = calculateStatus(allRSs.map((rs) => this.fresh(rs)), newRS && this.fresh(newRS), this.d, this.ctx.now());
    if (!deepEqual(this.d.status ?? {}, status)) await this.writeStatus(status);
  }

  /** Status with the Progressing condition: complete, progressing, or past its deadline. */
  async syncRolloutStatus(allRSs: Obj[], newRS: Obj | undefined): Promise<void> {
    const d = this.d;
    const now = this.ctx.now();
    const status = calculateStatus(allRSs.map((rs) => this.fresh(rs)), newRS && this.fresh(newRS), d, now);
    if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
    const current = getCondition(d.status, 'Progressing');
    const complete = status.replicas === status.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
    const subject = newRS ? `ReplicaSet "${newRS.metadata!.name}"` : `Deployment "${d.metadata!.name}"`;
    if (hasProgressDeadline(d) && !complete) {
      if (deploymentComplete(d, status)) {
        setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetAvailable', `${subject} has successfully progressed.`, now));
      } else if (deploymentProgressing(d, status)) {
        let c = newCondition('Progressing', 'True', 'ReplicaSetUpdated', `${subject} is progressing.`, now);
        if (current) {
          if (current.status === 'True') c = { ...c, lastTransitionTime: current.lastTransitionTime };
          removeCondition(status, 'Progressing');
        }
        setCondition(status, c);
      } else if (deploymentTimedOut(d, status, now)) {
        setCondition(status, newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', `${subject} has timed out progressing.`, now));
      }
    }
    if (!deepEqual(d.status ?? {}, status)) await this.writeStatus(status);
    this.requeueStuck(status);
  }

  /** A rollout neither complete nor timed out is looked at again the moment its deadline passes. */
  private requeueStuck(status: any): void {
    const current = getCondition(this.d.status, 'Progressing');
    if (!current || current.reason === 'ProgressDeadlineExceeded' || deploymentComplete(this.d, status)) return;
    const deadline = progressDeadline(this.d, this.d.status);
    if (deadline !== undefined) this.requeueAt = new Date(Math.max(deadline + 1, this.ctx.now().getTime() + 1));
  }

  /** Record pausing and resuming in Progressing, so a long pause does not count against the deadline. */
  async checkPausedConditions(): Promise<void> {
    const d = this.d;
    if (!hasProgressDeadline(d)) return;
    const current = getCondition(d.status, 'Progressing');
    if (current?.reason === 'ProgressDeadlineExceeded') return;
    const pausedRecorded = current?.reason === 'DeploymentPaused';
    const now = this.ctx.now();
    let c;
    if (d.spec?.paused && !pausedRecorded) c = newCondition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', now);
    else if (!d.spec?.paused && pausedRecorded) c = newCondition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', now);
    if (!c) return;
    const status = deepClone(d.status ?? {});
    setCondition(status, c);
    await this.writeStatus(status);
  }
}
