// The annotations that steer a simulated pod (kwok's stages, as data on the pod). Each may be
// set for every container (`sim.tkctl.dev/exit-code`) or one (`sim.tkctl.dev/exit-code.sidecar`).
import type { KubeObject } from '../apiserver/objects.js';

export const SIM_PREFIX = 'sim.tkctl.dev/';

export const ANNOTATIONS = {
  /** Time from binding until the container starts (image pull and creation), e.g. "5s". Default 0. */
  startDelay: `${SIM_PREFIX}start-delay`,
  /** How long the container runs before its process exits, e.g. "30s". Default: as its command says, else forever. */
  runTime: `${SIM_PREFIX}run-time`,
  /** The exit code when it exits. Without run-time the process exits when its command ends, or at once if it never would. */
  exitCode: `${SIM_PREFIX}exit-code`,
  /** Time from start until the container counts as ready (on top of probe delays). Default 0. */
  readyDelay: `${SIM_PREFIX}ready-delay`,
  /** Probes that fail: a comma-separated list of readiness, liveness, startup. */
  failingProbes: `${SIM_PREFIX}failing-probes`,
  /** How long the process takes to exit after SIGTERM (capped by the grace period). Default 0. */
  stopDelay: `${SIM_PREFIX}stop-delay`,
  /** CPU the container uses, as a quantity ("250m"): what metrics and the HPA see. Default: its request, else 1m. */
  cpu: `${SIM_PREFIX}cpu`,
  /** Memory the container uses, as a quantity ("64Mi"). Default: its request, else 4Mi. */
  memory: `${SIM_PREFIX}memory`,
  /** On a Node: "true" stops its kubelet (no heartbeats, no pod updates), as if the machine went away. */
  nodeDown: `${SIM_PREFIX}node-down`,
} as const;

export function isNodeDown(node: KubeObject): boolean {
  return node.metadata?.annotations?.[ANNOTATIONS.nodeDown] === 'true';
}

/** The annotation for one container, falling back to the pod-wide one. */
export function annotation(pod: KubeObject, key: string, container: string): string | undefined {
  const a = pod.metadata?.annotations ?? {};
  return a[`${key}.${container}`] ?? a[key];
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go-style duration ("1m30s", "500ms", "2.5s") or bare seconds ("10") in ms; undefined when malformed. */
export function parseDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== s) return undefined;
  return parts.reduce((ms, p) => ms + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
}

export function durationAnnotation(pod: KubeObject, key: string, container: string): number | undefined {
  return parseDuration(annotation(pod, key, container));
}

export function failingProbes(pod: KubeObject, container: string): Set<string> {
  return new Set((annotation(pod, ANNOTATIONS.failingProbes, container) ?? '').split(',').map((s) => s.trim()).filter(Boolean));
}
