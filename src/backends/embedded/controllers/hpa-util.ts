// The HorizontalPodAutoscaler's arithmetic (pkg/controller/podautoscaler: replica_calculator.go
// and the normalisation in horizontal.go), as pure functions over plain numbers.

export const TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-downscale-stabilization. */
export const DOWNSCALE_STABILIZATION_S = 300;
/** Without behavior, one sync may at most double the replicas (and always reach 4). */
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

/** One pod as the replica calculator sees it: CPU use and request in millicores. */
export interface PodSample {
  usage?: number;
  request: number;
  /** Pending, or not yet Ready during its CPU initialisation period: its usage is not trusted. */
  unready: boolean;
}

export interface CpuProposal {
  replicas: number;
  /** Percent of request, rounded down, over the pods whose metrics count. */
  utilization: number;
  /** Average use in millicores over the same pods. */
  averageMillis: number;
}

/** GetResourceReplicas: the replica count that brings CPU utilisation to `target` percent. */
export function cpuReplicas(current: number, pods: PodSample[], target: number, tolerance = TOLERANCE): CpuProposal {
  const ready = pods.filter((p) => !p.unready && p.usage !== undefined);
  const unready = pods.filter((p) => p.unready);
  const missing = pods.filter((p) => !p.unready && p.usage === undefined);
  if (!ready.length) throw new Error('did not receive metrics for targeted pods (pods might be unready)');
  const utilizationOf = (list: Array<{ usage: number; request: number }>) => {
    const request = list.reduce((n, p) => n + p.request, 0);
    return (list.reduce((n, p) => n + p.usage, 0) * 100) / request;
  };
  const measured = ready.map((p) => ({ usage: p.usage!, request: p.request }));
  const utilization = Math.floor(utilizationOf(measured));
  const averageMillis = Math.floor(measured.reduce((n, p) => n + p.usage, 0) / measured.length);
  const ratio = utilizationOf(measured) / target;
  const scaleUpWithUnready = unready.length > 0 && ratio > 1;
  const result = (replicas: number) => ({ replicas, utilization, averageMillis });
  if (!scaleUpWithUnready && !missing.length) {
    return result(Math.abs(1 - ratio) <= tolerance ? current : Math.ceil(ratio * ready.length));
  }
  // Assume the worst for the pods without usable metrics: missing ones at their request when
  // scaling down and idle when scaling up, unready ones idle when scaling up.
  const filled = [
    ...measured,
    ...missing.map((p) => ({ usage: ratio < 1 ? (p.request * target) / 100 : 0, request: p.request })),
    ...(scaleUpWithUnready ? unready.map((p) => ({ usage: 0, request: p.request })) : []),
  ];
  const newRatio = utilizationOf(filled) / target;
  if (Math.abs(1 - newRatio) <= tolerance || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) return result(current);
  const replicas = Math.ceil(newRatio * filled.length);
  if ((newRatio < 1 && replicas > current) || (newRatio > 1 && replicas < current)) return result(current);
  return result(replicas);
}

/** [time (s), replicas]: a recommendation that held from that time, or a scaling step and its size. */
export type Sample = [number, number];

/**
 * The recommendations made inside a window. History keeps only changes: a recommendation was last
 * made one sync before the next one replaced it, and the newest is being made now.
 */
export function withinWindow(history: Sample[], now: number, windowS: number, syncPeriodS = 15): number[] {
  if (windowS <= 0) return [];
  const from = now - windowS;
  return history.filter(([t], i) => {
    const next = history[i + 1]?.[0];
    return (next === undefined ? now : Math.max(t, next - syncPeriodS)) > from;
  }).map(([, r]) => r);
}

export interface Limited {
  replicas: number;
  /** The ScalingLimited reason and message. */
  reason: string;
  message: string;
}

const WITHIN = { reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
const TOO_MANY = { reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
const TOO_FEW = { reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
const UP_LIMIT = { reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' };
const DOWN_LIMIT = { reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' };

/** convertDesiredReplicasWithRules: min, max, and at most doubling (no behavior given). */
export function limitWithoutBehavior(current: number, desired: number, min: number, max: number): Limited {
  const scaleUpLimit = Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
  const [maxAllowed, over] = max > scaleUpLimit ? [scaleUpLimit, UP_LIMIT] : [max, TOO_MANY];
  if (desired < min) return { replicas: min, ...TOO_FEW };
  if (desired > maxAllowed) return { replicas: maxAllowed, ...over };
  return { replicas: desired, ...WITHIN };
}

export interface ScalingRules {
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  stabilizationWindowSeconds?: number;
  policies?: Array<{ type: 'Pods' | 'Percent'; value: number; periodSeconds: number }>;
}

const changeWithin = (events: Sample[], now: number, periodS: number) => events.filter(([t]) => t > now - periodS).reduce((n, [, c]) => n + c, 0);

/** calculateScaleUpLimitWithScalingRules. */
export function scaleUpLimit(current: number, events: Sample[], rules: ScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pick = rules.selectPolicy === 'Min' ? Math.min : Math.max;
  let result = rules.selectPolicy === 'Min' ? Infinity : -Infinity;
  for (const p of rules.policies ?? []) {
    const start = current - changeWithin(events, now, p.periodSeconds);
    result = pick(result, p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100)));
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors. */
export function scaleDownLimit(current: number, events: Sample[], rules: ScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pick = rules.selectPolicy === 'Min' ? Math.max : Math.min;
  let result = rules.selectPolicy === 'Min' ? -Infinity : Infinity;
  for (const p of rules.policies ?? []) {
    const start = current + changeWithin(events, now, p.periodSeconds);
    result = pick(result, p.type === 'Pods' ? start - p.value : Math.floor(start * (1 - p.value / 100)));
  }
  return result;
}

/** convertDesiredReplicasWithBehaviorRate: the scaling policies, then min and max. */
export function limitWithBehavior(current: number, desired: number, min: number, max: number, behavior: { scaleUp?: ScalingRules; scaleDown?: ScalingRules }, up: Sample[], down: Sample[], now: number): Limited {
  if (desired > current) {
    const limit = Math.max(current, scaleUpLimit(current, up, behavior.scaleUp ?? {}, now));
    const [maxAllowed, over] = max > limit ? [limit, UP_LIMIT] : [max, TOO_MANY];
    return desired > maxAllowed ? { replicas: maxAllowed, ...over } : { replicas: desired, ...WITHIN };
  }
  if (desired < current) {
    const limit = Math.min(current, scaleDownLimit(current, down, behavior.scaleDown ?? {}, now));
    const [minAllowed, under] = min < limit ? [limit, DOWN_LIMIT] : [min, TOO_FEW];
    return desired < minAllowed ? { replicas: minAllowed, ...under } : { replicas: desired, ...WITHIN };
  }
  return { replicas: desired, ...WITHIN };
}
