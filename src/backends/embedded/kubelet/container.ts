// One container's life as the kubelet drives it, replayed from its last recorded status up to
// `now`: creation, runs, exits, restarts with kubelet's CrashLoopBackOff back-off, probe kills.
import { timestamp, type KubeObject } from '../apiserver/objects.js';
import { ANNOTATIONS, durationAnnotation } from './annotations.js';
import { containerID, imageID, imageSize, normalizeImage } from './images.js';
import { probePlan } from './probes.js';
import { containerProcess } from './process.js';

type Pod = KubeObject & { spec?: any; status?: any };

export interface SimEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  fieldPath?: string;
  /** Emit once per this key (events that are facts about a state, not about a transition). */
  onceKey?: string;
}

export interface ContainerOutcome {
  status: any;
  events: SimEvent[];
  /** When this container next changes on its own (ms). */
  next?: number;
  /** When it became ready (ms), if it is. */
  readySince?: number;
  /** Not running and never will again. */
  done: boolean;
  /** Never started yet (still being created). */
  creating: boolean;
}

/** kubelet's container back-off: 10s doubling to 5m; the first restart is immediate, and a run of 10 minutes resets it. */
const BACKOFF_INITIAL_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;
const BACKOFF_RESET_MS = 2 * BACKOFF_MAX_MS;
/** Bounds the replay of a crash loop left alone for very long. */
const MAX_RUNS_PER_SYNC = 10_000;

export function backOffDelay(restartCount: number, ranMs: number): number {
  if (restartCount === 0 || ranMs >= BACKOFF_RESET_MS) return 0;
  return Math.min(BACKOFF_INITIAL_MS * 2 ** (restartCount - 1), BACKOFF_MAX_MS);
}

/** Go's time.Duration.String for whole seconds: "10s", "1m20s", "5m0s". */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const totalSeconds = ms / 1000;
  const minutes = Math.floor(totalSeconds / 60);
  const secs = Number((totalSeconds - minutes * 60).toFixed(3));
  return minutes ? `${minutes}m${secs}s` : `${secs}s`;
}

export function podRef(pod: Pod): string {
  return `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;
}

function startEvents(container: any, pullMs: number): SimEvent[] {
  const fieldPath = `spec.containers{${container.name}}`;
  const image = container.image ?? '';
  const pulls: SimEvent[] = container.imagePullPolicy === 'Always'
    ? [
      { type: 'Normal', reason: 'Pulling', message: `Pulling image "${image}"`, fieldPath },
      { type: 'Normal', reason: 'Pulled', fieldPath,
        message: `Successfully pulled image "${image}" in ${goDuration(pullMs)} (${goDuration(pullMs)} including waiting). Image size: ${imageSize(image)} bytes.` },
    ]
    : [{ type: 'Normal', reason: 'Pulled', message: `Container image "${image}" already present on machine`, fieldPath }];
  return [
    ...pulls,
    { type: 'Normal', reason: 'Created', message: `Created container: ${container.name}`, fieldPath },
    { type: 'Normal', reason: 'Started', message: `Started container ${container.name}`, fieldPath },
  ];
}

interface Run {
  startedAt: number;
  restartCount: number;
  lastState: any;
}

/**
 * Advance one container from its previous status to `now`. `createAt` is when the pod's sandbox
 * was ready (the container is first started `start-delay` after it).
 */
export function advanceContainer(pod: Pod, container: any, prev: any, createAt: number, now: number, podIP: string): ContainerOutcome {
  const name = container.name;
  const fieldPath = `spec.containers{${name}}`;
  const events: SimEvent[] = [];
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const proc = containerProcess(pod, container);
  const base = { image: normalizeImage(container.image ?? ''), imageID: imageID(container.image ?? ''), name };
  const iso = (ms: number) => timestamp(new Date(ms));

  let run: Run;
  const state = prev?.state ?? {};
  if (state.terminated) {
    return { status: prev, events, done: true, creating: false };
  } else if (state.running) {
    run = { startedAt: Date.parse(state.running.startedAt), restartCount: prev.restartCount ?? 0, lastState: prev.lastState ?? {} };
  } else if (state.waiting?.reason === 'CrashLoopBackOff' && prev.lastState?.terminated) {
    const last = prev.lastState.terminated;
    const finished = Date.parse(last.finishedAt);
    const restartAt = finished + backOffDelay(prev.restartCount ?? 0, finished - Date.parse(last.startedAt));
    if (restartAt > now) return { status: prev, events, next: restartAt, done: false, creating: false };
    run = { startedAt: restartAt, restartCount: (prev.restartCount ?? 0) + 1, lastState: prev.lastState };
    events.push(...startEvents(container, 0));
  } else {
    const startDelay = durationAnnotation(pod, ANNOTATIONS.startDelay, name) ?? 0;
    const startAt = createAt + startDelay;
    if (startAt > now) {
      const status = { ...base, image: container.image ?? '', imageID: '', lastState: {}, ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } } };
      return { status, events, next: startAt, done: false, creating: true };
    }
    run = { startedAt: startAt, restartCount: 0, lastState: {} };
    events.push(...startEvents(container, startDelay));
  }

  for (let runs = 0; ; runs++) {
    const id = containerID(pod.metadata?.uid ?? '', name, run.restartCount);
    const plan = probePlan(pod, container, podIP);
    const exitAt = proc.exitAfterMs === undefined ? Infinity : run.startedAt + proc.exitAfterMs;
    const killAt: number = plan.killAfter === undefined ? Infinity : run.startedAt + plan.killAfter;
    const endAt: number = Math.min(exitAt, killAt);
    if (endAt > now || runs >= MAX_RUNS_PER_SYNC) {
      const startedAt = plan.startedAfter === undefined ? undefined : run.startedAt + plan.startedAfter;
      const readyAt = plan.readyAfter === undefined ? undefined : run.startedAt + plan.readyAfter;
      const reportAt = plan.unreadyReportAfter === undefined ? undefined : run.startedAt + plan.unreadyReportAfter;
      if (reportAt !== undefined && reportAt <= now) {
        events.push({ type: 'Warning', reason: 'Unhealthy', message: plan.readinessMessage, fieldPath, onceKey: `${id}/readiness` });
      }
      const upcoming = [endAt, startedAt, readyAt, reportAt].filter((t): t is number => t !== undefined && t > now && Number.isFinite(t));
      const ready = readyAt !== undefined && readyAt <= now;
      return {
        status: {
          ...base, containerID: id, lastState: run.lastState, ready, restartCount: run.restartCount,
          started: startedAt !== undefined && startedAt <= now, state: { running: { startedAt: iso(run.startedAt) } },
        },
        events, next: upcoming.length ? Math.min(...upcoming) : undefined, readySince: ready ? readyAt : undefined, done: false, creating: false,
      };
    }
    const killed: boolean = killAt <= exitAt;
    const exitCode: number = killed ? 137 : proc.exitCode;
    if (killed) {
      events.push(
        { type: 'Warning', reason: 'Unhealthy', message: plan.livenessMessage, fieldPath },
        { type: 'Normal', reason: 'Killing', message: `Container ${name} failed ${plan.killedBy} probe, will be restarted`, fieldPath },
      );
    }
    const terminated: Record<string, unknown> = { containerID: id, exitCode, finishedAt: iso(endAt), reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: iso(run.startedAt) };
    const restarts = policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
    if (!restarts) {
      return {
        status: { ...base, containerID: id, lastState: run.lastState, ready: false, restartCount: run.restartCount, started: false, state: { terminated } },
        events, done: true, creating: false,
      };
    }
    const delay = backOffDelay(run.restartCount, endAt - run.startedAt);
    const restartAt = endAt + delay;
    if (restartAt > now) {
      events.push({ type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container ${name} in pod ${podRef(pod)}`, fieldPath });
      return {
        status: {
          ...base, containerID: id, lastState: { terminated }, ready: false, restartCount: run.restartCount, started: false,
          state: { waiting: { message: `back-off ${goDuration(delay)} restarting failed container=${name} pod=${podRef(pod)}`, reason: 'CrashLoopBackOff' } },
        },
        events, next: restartAt, done: false, creating: false,
      };
    }
    run = { startedAt: restartAt, restartCount: run.restartCount + 1, lastState: { terminated } };
    events.push(...startEvents(container, 0));
  }
}
