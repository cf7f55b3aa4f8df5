// Simulated probes: they pass unless the failing-probes annotation names them. A passing probe
// succeeds at its first run (initialDelaySeconds after the start); a failing liveness or startup
// probe gets the container killed after failureThreshold periods.
import type { KubeObject } from '../apiserver/objects.js';
import { ANNOTATIONS, durationAnnotation, failingProbes } from './annotations.js';

export interface ProbePlan {
  /** ms after the start when the container counts as started (startup probe passed); undefined: never. */
  startedAfter?: number;
  /** ms after the start when the container becomes ready; undefined: never. */
  readyAfter?: number;
  /** ms after the start when a failing probe gets the container killed, and which probe. */
  killAfter?: number;
  killedBy?: 'liveness' | 'startup';
  /** ms after the start when a failing readiness probe first reports. */
  unreadyReportAfter?: number;
  readinessMessage: string;
  livenessMessage: string;
}

const seconds = (n: unknown) => (typeof n === 'number' ? n : 0) * 1000;

function failureAfter(probe: any): number {
  return seconds(probe.initialDelaySeconds) + seconds(probe.periodSeconds ?? 10) * Math.max(1, probe.failureThreshold ?? 3);
}

/** What a probe reports when it fails, by its handler, as the kubelet words it. */
function failureMessage(probe: any, podIP: string): string {
  if (probe?.httpGet) return 'HTTP probe failed with statuscode: 500';
  if (probe?.tcpSocket) return `dial tcp ${podIP}:${probe.tcpSocket.port}: connect: connection refused`;
  if (probe?.grpc) return `timeout: failed to connect service "${podIP}:${probe.grpc.port}" within 1s`;
  return 'command failed with exit code 1';
}

export function probePlan(pod: KubeObject, container: any, podIP: string): ProbePlan {
  const name = container?.name ?? '';
  const failing = failingProbes(pod, name);
  const { startupProbe: startup, livenessProbe: liveness, readinessProbe: readiness } = container ?? {};
  const plan: ProbePlan = {
    readinessMessage: `Readiness probe failed: ${failureMessage(readiness, podIP)}`,
    livenessMessage: `${startup && failing.has('startup') ? 'Startup' : 'Liveness'} probe failed: ${failureMessage(startup && failing.has('startup') ? startup : liveness, podIP)}`,
  };
  if (startup && failing.has('startup')) {
    plan.killAfter = failureAfter(startup);
    plan.killedBy = 'startup';
  } else {
    plan.startedAfter = startup ? seconds(startup.initialDelaySeconds) : 0;
    // Liveness probes only run once the container has started.
    if (liveness && failing.has('liveness')) {
      plan.killAfter = plan.startedAfter + failureAfter(liveness);
      plan.killedBy = 'liveness';
    }
  }
  if (plan.startedAfter !== undefined) {
    const readyDelay = durationAnnotation(pod, ANNOTATIONS.readyDelay, name) ?? 0;
    if (readiness && failing.has('readiness')) plan.unreadyReportAfter = plan.startedAfter + seconds(readiness.initialDelaySeconds);
    else plan.readyAfter = Math.max(plan.startedAfter + (readiness ? seconds(readiness.initialDelaySeconds) : 0), readyDelay);
  }
  return plan;
}
