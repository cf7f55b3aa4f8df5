// Facts about Jobs and their pods that the Job, TTL-after-finished and CronJob controllers share
// (pkg/controller/job/util, backoff_utils.go), as pure functions.
import { timestamp, type KubeObject } from '../apiserver/objects.js';

export type Obj = KubeObject & { spec?: any; status?: any };

/** Pods carry it until the Job controller has counted them, so no finished pod goes uncounted. */
export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

/** Pod failure back-off: 10 s, doubling per consecutive failure, at most 10 minutes. */
export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 600_000;

export interface JobCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

export function jobCondition(type: string, reason: string, message: string, now: Date): JobCondition {
  const at = timestamp(now);
  return { type, status: 'True', lastProbeTime: at, lastTransitionTime: at, reason, message };
}

export function findCondition(job: Obj, type: string): JobCondition | undefined {
  return (job.status?.conditions ?? []).find((c: JobCondition) => c.type === type && c.status === 'True');
}

/** Complete or Failed: the Job controller will not touch it again. */
export function finishedCondition(job: Obj): JobCondition | undefined {
  return findCondition(job, 'Complete') ?? findCondition(job, 'Failed');
}

export function isJobFinished(job: Obj): boolean {
  return finishedCondition(job) !== undefined;
}

export function isTerminal(pod: Obj): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/**
 * A pod the Job counts as failed: it failed, or (podReplacementPolicy TerminatingOrFailed) it is
 * being deleted without having succeeded.
 */
export function isPodFailed(pod: Obj, job: Obj): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (job.spec?.podReplacementPolicy === 'Failed') return false;
  return !!pod.metadata?.deletionTimestamp && pod.status?.phase !== 'Succeeded';
}

/** When a pod finished (ms): its last container's finish, else its Ready condition's last change, else now. */
export function podFinishTime(pod: Obj, now: number): number {
  const finished = [...(pod.status?.containerStatuses ?? [])]
    .map((c: any) => Date.parse(c.state?.terminated?.finishedAt ?? ''))
    .filter((t) => Number.isFinite(t));
  if (finished.length) return Math.max(...finished);
  const ready = (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  const t = Date.parse(ready?.lastTransitionTime ?? pod.metadata?.deletionTimestamp ?? '');
  return Number.isFinite(t) ? t : now;
}

/**
 * How long until the Job may create pods again (ms; 0 for now), from its pods' history: each
 * failure after the last success doubles the wait, counted from the latest failure.
 */
export function podFailureBackoffRemaining(pods: Obj[], job: Obj, now: number): number {
  const lastSuccess = Math.max(-Infinity, ...pods.filter((p) => p.status?.phase === 'Succeeded').map((p) => podFinishTime(p, now)));
  const failures = pods.filter((p) => isPodFailed(p, job)).map((p) => podFinishTime(p, now)).filter((t) => t > lastSuccess);
  if (!failures.length) return 0;
  const backoff = Math.min(POD_FAILURE_BACKOFF_MS * 2 ** (failures.length - 1), MAX_POD_FAILURE_BACKOFF_MS);
  return Math.max(0, backoff - (now - Math.max(...failures)));
}

/** restartPolicy OnFailure: container restarts of active pods count against backoffLimit. */
export function pastBackoffLimitOnFailure(job: Obj, activePods: Obj[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of activePods) {
    for (const c of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) restarts += c.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** How many pods should be running: parallelism, capped by the completions still wanted. */
export function wantedActive(job: Obj, succeeded: number, active: number): number {
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  if (completions === undefined || completions === null) return succeeded > 0 ? active : parallelism;
  return Math.max(0, Math.min(parallelism, completions - succeeded));
}
