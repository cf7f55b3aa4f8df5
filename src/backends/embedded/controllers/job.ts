// The Job controller (pkg/controller/job): run pods until `completions` of them succeed, at most
// `parallelism` at a time, giving up after `backoffLimit` failures or `activeDeadlineSeconds`.
// Finished pods are counted through the job-tracking finalizer and
// status.uncountedTerminatedPods, and the Job finishes in two steps (SuccessCriteriaMet or
// FailureTarget first, then Complete or Failed once no pod is left terminating), as 1.32 does.
import { deepClone } from '../../../patch/json-value.js';
import { StatusError } from '../../../client/errors.js';
import { timestamp } from '../apiserver/objects.js';
import { objectKey, splitKey, type Cache, type CacheChange } from './cache.js';
import { controllerKey, ownerKeys, type Controller, type ControllerContext } from './controller.js';
import {
  TRACKING_FINALIZER, findCondition, isJobFinished, isPodFailed, isTerminal, jobCondition, pastBackoffLimitOnFailure,
  podFailureBackoffRemaining, wantedActive, type JobCondition, type Obj,
} from './job-util.js';
import { isPodActive, isPodReady } from './pods.js';
import { rankForDeletion } from './replicaset.js';

const SOURCE = { component: 'job-controller' };
/** kube-controller-manager creates or deletes at most this many pods in one sync. */
const MAX_POD_CREATE_DELETE = 500;

export class JobController implements Controller {
  readonly name = 'job';
  readonly types = ['batch/jobs', 'pods'];

  keysFor(change: CacheChange, _cache: Cache): string[] {
    if (change.type === 'batch/jobs') return [objectKey(change.object)];
    return ownerKeys(change, 'Job');
  }

  async sync(key: string, ctx: ControllerContext): Promise<Date | undefined> {
    const job = ctx.cache.get('batch/jobs', key) as Obj | undefined;
    if (!job) {
      await releaseOrphans(ctx, key);
      return undefined;
    }
    const pods = (ctx.cache.ownedBy('pods', job.metadata!.uid!) as Obj[])
      .filter((p) => p.metadata?.ownerReferences?.some((r) => r.controller && r.uid === job.metadata!.uid));
    if (isJobFinished(job)) {
      for (const pod of pods) await removeFinalizer(ctx, pod);
      return undefined;
    }
    return new JobSync(ctx, job, pods).run();
  }
}

/** One sync of one Job: counts, decides, acts, then writes status. */
class JobSync {
  private readonly now: Date;
  private readonly status: any;
  private readonly active: Obj[];
  private terminating: number;
  private requeue: number | undefined;

  constructor(private readonly ctx: ControllerContext, private job: Obj, private readonly pods: Obj[]) {
    this.now = ctx.now();
    this.status = deepClone(job.status ?? {});
    this.active = pods.filter(isPodActive);
    this.terminating = pods.filter((p) => p.metadata?.deletionTimestamp && !isTerminal(p)).length;
  }

  async run(): Promise<Date | undefined> {
    const { job, status } = this;
    const suspended = job.spec?.suspend === true;
    const uncounted = {
      succeeded: new Set<string>(status.uncountedTerminatedPods?.succeeded ?? []),
      failed: new Set<string>(status.uncountedTerminatedPods?.failed ?? []),
    };
    const tracked = this.pods.filter((p) => p.metadata?.finalizers?.includes(TRACKING_FINALIZER));
    const newSucceeded = tracked.filter((p) => p.status?.phase === 'Succeeded' && !uncounted.succeeded.has(p.metadata!.uid!));
    const newFailed = tracked.filter((p) => p.status?.phase !== 'Succeeded' && isPodFailed(p, job) && !uncounted.failed.has(p.metadata!.uid!));
    const succeeded = (status.succeeded ?? 0) + uncounted.succeeded.size + newSucceeded.length;
    const failed = (status.failed ?? 0) + uncounted.failed.size + newFailed.length;
    if (!status.startTime && !suspended) status.startTime = timestamp(this.now);

    let finishing = findCondition(job, 'SuccessCriteriaMet') ?? findCondition(job, 'FailureTarget') ?? this.failure(failed, suspended);
    let activeCount = this.active.length;
    let ready = this.active.filter(isPodReady).length;
    if (finishing?.type === 'FailureTarget') {
      await this.deletePods(this.active);
      activeCount = 0;
      ready = 0;
    } else if (!finishing) {
      if (!job.metadata?.deletionTimestamp) [activeCount, ready] = await this.manage(suspended ? 0 : wantedActive(job, succeeded, activeCount), ready);
      const completions = job.spec?.completions;
      const complete = activeCount === 0 && (completions == null ? succeeded > 0 : succeeded >= completions);
      if (complete) finishing = jobCondition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', this.now);
      else await this.suspension(suspended);
    }
    status.active = activeCount;
    status.ready = ready;
    status.terminating = this.terminating;

    // Count finished pods: record their uids, drop their finalizers, then fold them into the counters.
    const releasing = tracked.filter((p) => job.metadata?.deletionTimestamp || finishing || p.status?.phase === 'Succeeded' || isPodFailed(p, job));
    for (const pod of releasing) {
      const uid = pod.metadata!.uid!;
      if (pod.status?.phase === 'Succeeded' && !uncounted.failed.has(uid)) uncounted.succeeded.add(uid);
      else if (isPodFailed(pod, job) || (finishing && finishing.type !== 'SuccessCriteriaMet')) uncounted.failed.add(uid);
    }
    if (finishing && !findCondition(job, finishing.type)) status.conditions = [...(status.conditions ?? []), finishing];
    status.uncountedTerminatedPods = {
      ...(uncounted.succeeded.size ? { succeeded: [...uncounted.succeeded] } : {}),
      ...(uncounted.failed.size ? { failed: [...uncounted.failed] } : {}),
    };
    await this.writeStatus();
    for (const pod of releasing) await removeFinalizer(this.ctx, pod);
    status.succeeded = (status.succeeded ?? 0) + uncounted.succeeded.size;
    status.failed = (status.failed ?? 0) + uncounted.failed.size;
    status.uncountedTerminatedPods = {};

    const done = finishing && this.terminating === 0 ? finalCondition(finishing, this.now) : undefined;
    if (done) {
      status.conditions = [...status.conditions, done];
      if (done.type === 'Complete') status.completionTime = timestamp(this.now);
    }
    await this.writeStatus();
    if (done?.type === 'Complete') await this.ctx.events.record(this.job, 'Normal', 'Completed', 'Job completed', SOURCE);
    else if (done) await this.ctx.events.record(this.job, 'Warning', done.reason!, done.message!, SOURCE);
    return this.requeue === undefined ? undefined : new Date(this.requeue);
  }

  /** BackoffLimitExceeded or DeadlineExceeded, else undefined (noting when the deadline falls). */
  private failure(failed: number, suspended: boolean): JobCondition | undefined {
    const { job, now } = this;
    if (failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, this.active)) {
      return jobCondition('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now);
    }
    const deadline = job.spec?.activeDeadlineSeconds;
    if (deadline == null || suspended) return undefined;
    const at = Date.parse(this.status.startTime) + deadline * 1000;
    if (at <= now.getTime()) return jobCondition('FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline', now);
    this.at(at);
    return undefined;
  }

  /** Create or delete pods towards `want` active; returns the active and ready counts after. */
  private async manage(want: number, ready: number): Promise<[number, number]> {
    const active = this.active.length;
    if (active > want) {
      const victims = rankForDeletion(this.active).slice(0, Math.min(active - want, MAX_POD_CREATE_DELETE));
      await this.deletePods(victims);
      return [active - victims.length, ready - victims.filter(isPodReady).length];
    }
    if (active === want) return [active, ready];
    const wait = podFailureBackoffRemaining(this.pods, this.job, this.now.getTime());
    if (wait > 0) {
      this.at(this.now.getTime() + wait);
      return [active, ready];
    }
    const count = Math.min(want - active, MAX_POD_CREATE_DELETE);
    for (let i = 0; i < count; i++) await this.createPod();
    return [active + count, ready];
  }

  /** The Suspended condition follows spec.suspend; resuming restarts the deadline clock. */
  private async suspension(suspended: boolean): Promise<void> {
    const current = (this.status.conditions ?? []).find((c: JobCondition) => c.type === 'Suspended');
    if (suspended === (current?.status === 'True') || (!suspended && !current)) return;
    const condition = suspended
      ? jobCondition('Suspended', 'JobSuspended', 'Job suspended', this.now)
      : { ...jobCondition('Suspended', 'JobResumed', 'Job resumed', this.now), status: 'False' };
    this.status.conditions = [...(this.status.conditions ?? []).filter((c: JobCondition) => c.type !== 'Suspended'), condition];
    if (!suspended) this.status.startTime = timestamp(this.now);
    await this.ctx.events.record(this.job, 'Normal', suspended ? 'Suspended' : 'Resumed', suspended ? 'Job suspended' : 'Job resumed', SOURCE);
  }

  private at(ms: number): void {
    this.requeue = Math.min(this.requeue ?? Infinity, ms);
  }

  private async createPod(): Promise<void> {
    const { job } = this;
    const template = job.spec?.template ?? {};
    const pod = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        generateName: `${job.metadata!.name}-`,
        namespace: job.metadata!.namespace,
        labels: { ...template.metadata?.labels },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        finalizers: [TRACKING_FINALIZER],
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata!.name!, uid: job.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
      },
      spec: deepClone(template.spec ?? {}),
    };
    const created = await this.ctx.client.request('POST', `/api/v1/namespaces/${job.metadata!.namespace}/pods`, { body: pod });
    await this.ctx.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
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
      this.terminating++;
      await this.ctx.events.record(this.job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata!.name}`, SOURCE);
    }
  }

  private async writeStatus(): Promise<void> {
    // kube omits zero counters (ready and terminating are pointers, so they show as 0).
    for (const k of ['active', 'succeeded', 'failed']) if (!this.status[k]) delete this.status[k];
    if (JSON.stringify(this.status) === JSON.stringify(this.job.status ?? {})) return;
    const { namespace, name } = this.job.metadata!;
    this.job = await this.ctx.client.request('PUT', `/apis/batch/v1/namespaces/${namespace}/jobs/${name}/status`, { body: { ...this.job, status: this.status } });
  }
}

/** SuccessCriteriaMet becomes Complete and FailureTarget becomes Failed, with the same reason. */
function finalCondition(interim: JobCondition, now: Date): JobCondition {
  return jobCondition(interim.type === 'SuccessCriteriaMet' ? 'Complete' : 'Failed', interim.reason!, interim.message!, now);
}

async function removeFinalizer(ctx: ControllerContext, pod: Obj): Promise<void> {
  const finalizers: string[] = pod.metadata?.finalizers ?? [];
  if (!finalizers.includes(TRACKING_FINALIZER)) return;
  const rest = finalizers.filter((f) => f !== TRACKING_FINALIZER);
  try {
    await ctx.client.request('PATCH', `/api/v1/namespaces/${pod.metadata!.namespace}/pods/${pod.metadata!.name}`, {
      body: { metadata: { finalizers: rest.length ? rest : null, resourceVersion: pod.metadata!.resourceVersion } },
      contentType: 'application/merge-patch+json',
    });
  } catch (e) {
    if (!(e instanceof StatusError && e.code === 404)) throw e;
  }
}

/** Pods left with the tracking finalizer by a Job that is gone would never go away. */
async function releaseOrphans(ctx: ControllerContext, key: string): Promise<void> {
  const { namespace, name } = splitKey(key);
  for (const pod of ctx.cache.list('pods', namespace) as Obj[]) {
    if (controllerKey(pod, 'Job') === key && pod.metadata?.ownerReferences?.some((r) => r.kind === 'Job' && r.name === name)) {
      await removeFinalizer(ctx, pod);
    }
  }
}
