// The status a simulated kubelet reports for a pod at `now`: phase, conditions and container
// statuses, computed from the previous status and the pod's spec and annotations (pure).
import { timestamp, type KubeObject } from '../apiserver/objects.js';
import { ANNOTATIONS, durationAnnotation } from './annotations.js';
import { advanceContainer, type SimEvent } from './container.js';
import { containerID, imageID, normalizeImage } from './images.js';

type Pod = KubeObject & { spec?: any; status?: any };

export interface PodSync {
  status: any;
  events: SimEvent[];
  /** When the pod next changes on its own (ms). */
  next?: number;
  /** Delete the pod now (grace period 0): its containers have stopped after a graceful delete. */
  remove: boolean;
}

const CONDITION_ORDER = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

function condition(prev: any[], type: string, status: string, since: number, reason?: string, message?: string): any {
  const old = prev.find((c) => c.type === type);
  const lastTransitionTime = old?.status === status && old.lastTransitionTime ? old.lastTransitionTime : timestamp(new Date(since));
  return { type, status, lastProbeTime: null, lastTransitionTime, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

/** A pod being deleted: its containers get SIGTERM and it goes when they have stopped. */
function terminate(pod: Pod, now: number): PodSync {
  const meta = pod.metadata ?? {};
  const graceMs = (meta.deletionGracePeriodSeconds ?? 0) * 1000;
  const requestedAt = Date.parse(meta.deletionTimestamp!) - graceMs;
  const running = (pod.status?.containerStatuses ?? []).filter((c: any) => c.state?.running);
  const stopsAfter = Math.max(0, ...running.map((c: any) => Math.min(durationAnnotation(pod, ANNOTATIONS.stopDelay, c.name) ?? 0, graceMs)));
  const stopAt = requestedAt + stopsAfter;
  const events: SimEvent[] = running.map((c: any) => ({
    type: 'Normal', reason: 'Killing', message: `Stopping container ${c.name}`, fieldPath: `spec.containers{${c.name}}`, onceKey: `${c.containerID}/killing`,
  }));
  if (stopAt <= now) return { status: pod.status, events, remove: true };
  return { status: pod.status, events, next: stopAt, remove: false };
}

export function podStatusAt(pod: Pod, hostIP: string, podIP: string, now: number): PodSync {
  if (pod.metadata?.deletionTimestamp) return terminate(pod, now);
  const prev = pod.status ?? {};
  const prevConditions: any[] = prev.conditions ?? [];
  const startTime = prev.startTime ? Date.parse(prev.startTime) : now;
  const prevStatuses = new Map<string, any>((prev.containerStatuses ?? []).map((c: any) => [c.name, c]));
  const containers: any[] = pod.spec?.containers ?? [];
  const outcomes = containers.map((c) => advanceContainer(pod, c, prevStatuses.get(c.name), startTime, now, podIP));
  const events = outcomes.flatMap((o) => o.events);
  const nexts = outcomes.map((o) => o.next).filter((t): t is number => t !== undefined);

  const allDone = outcomes.every((o) => o.done);
  const failed = outcomes.some((o) => o.status.state?.terminated && o.status.state.terminated.exitCode !== 0);
  const phase = allDone ? (failed ? 'Failed' : 'Succeeded') : outcomes.some((o) => o.creating) ? 'Pending' : 'Running';
  const finishedAt = allDone ? Math.max(startTime, ...outcomes.map((o) => Date.parse(o.status.state.terminated.finishedAt))) : now;

  const unready = outcomes.filter((o) => !o.status.ready).map((o) => o.status.name);
  const readySince = Math.max(startTime, ...outcomes.map((o) => o.readySince ?? startTime));
  let readiness: [string, number, string?, string?];
  if (allDone) readiness = ['False', finishedAt, failed ? 'PodFailed' : 'PodCompleted'];
  else if (unready.length) readiness = ['False', now, 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`];
  else readiness = ['True', readySince];

  const conditions = [
    condition(prevConditions, 'PodReadyToStartContainers', allDone ? 'False' : 'True', allDone ? finishedAt : startTime),
    condition(prevConditions, 'Initialized', 'True', startTime, allDone ? readiness[2] : undefined),
    condition(prevConditions, 'Ready', ...readiness),
    condition(prevConditions, 'ContainersReady', ...readiness),
    ...prevConditions.filter((c) => !CONDITION_ORDER.slice(0, 4).includes(c.type)),
  ].sort((a, b) => rank(a.type) - rank(b.type));

  const initStatuses = (pod.spec?.initContainers ?? []).map((c: any) => initContainerStatus(pod, c, startTime));
  const status = {
    ...prev,
    conditions,
    containerStatuses: outcomes.map((o) => o.status),
    ...(initStatuses.length ? { initContainerStatuses: initStatuses } : {}),
    hostIP, hostIPs: [{ ip: hostIP }],
    phase,
    podIP, podIPs: [{ ip: podIP }],
    startTime: timestamp(new Date(startTime)),
  };
  return { status, events, next: nexts.length ? Math.min(...nexts) : undefined, remove: false };
}

function rank(type: string): number {
  const i = CONDITION_ORDER.indexOf(type);
  return i < 0 ? CONDITION_ORDER.length : i;
}

/** Init containers are not simulated step by step: each has run to completion when the pod starts. */
function initContainerStatus(pod: Pod, c: any, startTime: number): any {
  const at = timestamp(new Date(startTime));
  const id = containerID(pod.metadata?.uid ?? '', c.name, 0);
  const terminated = { containerID: id, exitCode: 0, finishedAt: at, reason: 'Completed', startedAt: at };
  return { containerID: id, image: normalizeImage(c.image ?? ''), imageID: imageID(c.image ?? ''), lastState: {}, name: c.name, ready: true, restartCount: 0, started: false, state: { terminated } };
}
