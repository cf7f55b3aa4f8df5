// The CronJob controller (pkg/controller/cronjob, v2): a Job NAME-<minutes since the epoch> for
// each scheduled time, honouring concurrencyPolicy, suspend and startingDeadlineSeconds, keeping
// status.active, lastScheduleTime and lastSuccessfulTime, and trimming finished Jobs to the
// history limits. Schedules missed while no process reconciled are found from lastScheduleTime
// (or the creation time) when one next runs: only the most recent is started, as kube does.
import { deepClone } from '../../../patch/json-value.js';
import { StatusError } from '../../../client/errors.js';
import { timestamp } from '../apiserver/objects.js';
import { objectKey, type CacheChange } from './cache.js';
import { controllerKey, type Controller, type ControllerContext } from './controller.js';
import { parseSchedule, ScheduleError, type Schedule } from './cron-schedule.js';
import { finishedCondition, type Obj } from './job-util.js';

const SOURCE = { component: 'cronjob-controller' };
/** Requeue a little after the scheduled time, against clock skew (nextScheduleDelta). */
const NEXT_SCHEDULE_DELTA_MS = 100;
const MANY_MISSED = 100;
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export class CronJobController implements Controller {
  readonly name = 'cronjob';
  readonly types = ['batch/cronjobs', 'batch/jobs'];

  keysFor(change: CacheChange): string[] {
    if (change.type === 'batch/cronjobs') return [objectKey(change.object)];
    const owner = controllerKey(change.object, 'CronJob') ?? (change.old && controllerKey(change.old, 'CronJob'));
    return owner ? [owner] : [];
  }

  async sync(key: string, ctx: ControllerContext): Promise<Date | undefined> {
    const cj = ctx.cache.get('batch/cronjobs', key) as Obj | undefined;
    if (!cj) return undefined;
    const jobs = (ctx.cache.ownedBy('batch/jobs', cj.metadata!.uid!) as Obj[])
      .filter((j) => j.metadata?.ownerReferences?.some((r) => r.controller && r.uid === cj.metadata!.uid));
    const status = deepClone(cj.status ?? {});
    await reconcileActive(ctx, cj, jobs, status);
    const requeue = cj.metadata?.deletionTimestamp ? undefined : await schedule(ctx, cj, jobs, status);
    if (JSON.stringify(status) !== JSON.stringify(cj.status ?? {})) {
      await ctx.client.request('PUT', `/apis/batch/v1/namespaces/${cj.metadata!.namespace}/cronjobs/${cj.metadata!.name}/status`, { body: { ...cj, status } });
    }
    await cleanupFinishedJobs(ctx, cj, jobs);
    return requeue;
  }
}

function jobReference(job: Obj) {
  const m = job.metadata!;
  return { kind: 'Job', namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: 'batch/v1', resourceVersion: m.resourceVersion };
}

/** Bring status.active in line with the Jobs that exist, and note the latest success. */
async function reconcileActive(ctx: ControllerContext, cj: Obj, jobs: Obj[], status: any): Promise<void> {
  let active: any[] = status.active ?? [];
  for (const job of jobs) {
    const listed = active.some((r) => r.uid === job.metadata?.uid);
    const finished = finishedCondition(job);
    if (!listed && !finished) {
      await ctx.events.record(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata!.name}`, SOURCE);
    } else if (listed && finished) {
      active = active.filter((r) => r.uid !== job.metadata?.uid);
      await ctx.events.record(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata!.name}, status: ${finished.type}`, SOURCE);
    }
    const completion = job.status?.completionTime;
    if (finished?.type === 'Complete' && completion && (!status.lastSuccessfulTime || Date.parse(completion) > Date.parse(status.lastSuccessfulTime))) {
      status.lastSuccessfulTime = completion;
    }
  }
  for (const ref of active) {
    if (jobs.some((j) => j.metadata?.uid === ref.uid)) continue;
    active = active.filter((r) => r.uid !== ref.uid);
    await ctx.events.record(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`, SOURCE);
  }
  if (active.length) status.active = active;
  else delete status.active;
}

/** Start the Job due now, if any; returns when the next one is due. */
async function schedule(ctx: ControllerContext, cj: Obj, jobs: Obj[], status: any): Promise<Date | undefined> {
  const now = ctx.now();
  let sched: Schedule;
  try {
    sched = parseSchedule(cj.spec?.schedule ?? '', cj.spec?.timeZone ?? 'UTC');
  } catch (e) {
    if (e instanceof ScheduleError) {
      await ctx.events.record(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${cj.spec?.schedule}" : ${e.message}`, SOURCE);
    } else {
      await ctx.events.record(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: "${cj.spec?.timeZone}": unknown time zone ${cj.spec?.timeZone}`, SOURCE);
    }
    return undefined;
  }
  if (cj.spec?.suspend) return undefined;
  const nextRun = () => {
    const t = sched.next(mostRecent(cj, status, now, sched, false).time ?? now);
    return t && new Date(t.getTime() + NEXT_SCHEDULE_DELTA_MS);
  };
  const { time: scheduled, missed } = mostRecent(cj, status, now, sched, true);
  if (!scheduled) return nextRun();
  if (missed > MANY_MISSED) {
    await ctx.events.record(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew', SOURCE);
  }
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (deadline != null && scheduled.getTime() + deadline * 1000 < now.getTime()) {
    await ctx.events.record(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`, SOURCE);
    return nextRun();
  }
  const name = `${cj.metadata!.name}-${Math.floor(scheduled.getTime() / 60_000)}`;
  const active: any[] = status.active ?? [];
  if (active.some((r) => r.name === name) || (status.lastScheduleTime && Date.parse(status.lastScheduleTime) === scheduled.getTime())) return nextRun();
  if (cj.spec?.concurrencyPolicy === 'Forbid' && active.length) {
    await ctx.events.record(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', SOURCE);
    return nextRun();
  }
  if (cj.spec?.concurrencyPolicy === 'Replace') {
    for (const ref of active) {
      try {
        await ctx.client.request('DELETE', `/apis/batch/v1/namespaces/${ref.namespace}/jobs/${ref.name}`, {
          body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
        });
      } catch (e) {
        if (!(e instanceof StatusError && e.code === 404)) throw e;
      }
      await ctx.events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${ref.name}`, SOURCE);
    }
    delete status.active;
  }
  const job = await createJob(ctx, cj, name, scheduled, jobs);
  if (job) status.active = [...(status.active ?? []), jobReference(job)];
  status.lastScheduleTime = timestamp(scheduled);
  return nextRun();
}

/** The latest scheduled time not after now since the last one (or creation), and how many were missed. */
export function mostRecent(cj: Obj, status: any, now: Date, sched: Schedule, withDeadline: boolean): { time?: Date; missed: number } {
  let earliest = new Date(status.lastScheduleTime ?? cj.metadata?.creationTimestamp ?? now);
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (withDeadline && deadline != null && now.getTime() - deadline * 1000 > earliest.getTime()) earliest = new Date(now.getTime() - deadline * 1000);
  const t1 = sched.next(earliest);
  if (!t1 || now < t1) return { missed: 0 };
  const t2 = sched.next(t1);
  if (!t2 || now < t2) return { time: t1, missed: 0 };
  // Jump by the interval between the first two runs, then walk the last stretch exactly.
  const interval = Math.max(1, Math.round((t2.getTime() - t1.getTime()) / 1000));
  const missed = Math.floor((now.getTime() - t1.getTime()) / 1000 / interval) + 1;
  let time: Date | undefined;
  for (let t = sched.next(new Date(t1.getTime() + (missed - 2) * interval * 1000)); t && t <= now; t = sched.next(t)) time = t;
  return { time, missed };
}

async function createJob(ctx: ControllerContext, cj: Obj, name: string, scheduled: Date, jobs: Obj[]): Promise<Obj | undefined> {
  const template = cj.spec?.jobTemplate ?? {};
  const body = {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: {
      name, namespace: cj.metadata!.namespace,
      labels: { ...template.metadata?.labels },
      annotations: { ...template.metadata?.annotations, [SCHEDULED_TIMESTAMP_ANNOTATION]: zonedRfc3339(scheduled, cj.spec?.timeZone) },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata!.name!, uid: cj.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: deepClone(template.spec ?? {}),
  };
  try {
    const job = await ctx.client.request('POST', `/apis/batch/v1/namespaces/${cj.metadata!.namespace}/jobs`, { body });
    await ctx.events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`, SOURCE);
    return job;
  } catch (e) {
    if (!(e instanceof StatusError && e.code === 409)) throw e;
    // Created by an earlier sync whose status update was lost: ours if it is still running.
    const existing = jobs.find((j) => j.metadata?.name === name);
    return existing && !finishedCondition(existing) ? existing : undefined;
  }
}

/** Delete the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit. */
async function cleanupFinishedJobs(ctx: ControllerContext, cj: Obj, jobs: Obj[]): Promise<void> {
  const limits: Array<[string, number | undefined]> = [['Complete', cj.spec?.successfulJobsHistoryLimit], ['Failed', cj.spec?.failedJobsHistoryLimit]];
  for (const [type, limit] of limits) {
    if (limit == null) continue;
    const finished = jobs.filter((j) => finishedCondition(j)?.type === type && !j.metadata?.deletionTimestamp).sort(byStartTime);
    for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
      try {
        await ctx.client.request('DELETE', `/apis/batch/v1/namespaces/${job.metadata!.namespace}/jobs/${job.metadata!.name}`, {
          body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
        });
      } catch (e) {
        if (!(e instanceof StatusError && e.code === 404)) throw e;
        continue;
      }
      await ctx.events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata!.name}`, SOURCE);
    }
  }
}

/** Oldest start first, unstarted last, names breaking ties. */
function byStartTime(a: Obj, b: Obj): number {
  const ta = a.status?.startTime ? Date.parse(a.status.startTime) : Infinity;
  const tb = b.status?.startTime ? Date.parse(b.status.startTime) : Infinity;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Go's time.RFC1123Z in UTC: "Mon, 02 Jan 2006 15:04:05 +0000". */
export function rfc1123z(d: Date): string {
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** RFC 3339 in the CronJob's zone: "2025-03-04T06:00:00+01:00", or Z in UTC. */
export function zonedRfc3339(d: Date, timeZone = 'UTC'): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(d).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  const offset = Math.round((wall - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
  const zone = offset === 0 ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${p.year}-${pad(p.month!)}-${pad(p.day!)}T${pad(p.hour!)}:${pad(p.minute!)}:${pad(p.second!)}${zone}`;
}
