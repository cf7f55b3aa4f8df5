// The arithmetic and bookkeeping of the Deployment controller, as pure functions of plain objects
// (pkg/controller/deployment/util): surge and unavailability, proportions, revisions, annotations,
// conditions and status.
import { timestamp, type KubeObject } from '../apiserver/objects.js';

export type Obj = KubeObject & { spec?: any; status?: any };

export const HASH_LABEL = 'pod-template-hash';
export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** Annotations a Deployment does not pass on to its ReplicaSets. */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration', REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);
/** The longest revision-history annotation kube keeps (maxRevHistoryLengthInChars). */
const MAX_REVISION_HISTORY_CHARS = 2000;
const MAX_INT32 = 2147483647;

export const replicasOf = (o: Obj): number => o.spec?.replicas ?? 1;

/** intstr.GetScaledValueFromIntOrPercent: an int as is, "N%" of total rounded up or down. */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = /^(-?\d+)%$/.exec(v);
  if (!m) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** maxSurge rounds up and maxUnavailable down; both resolving to 0 means one may be unavailable. */
export function resolveFenceposts(maxSurge: number | string | undefined, maxUnavailable: number | string | undefined, desired: number): [number, number] {
  const surge = scaledValue(maxSurge, desired, true);
  const unavailable = scaledValue(maxUnavailable, desired, false);
  return surge === 0 && unavailable === 0 ? [0, 1] : [surge, unavailable];
}

export const isRollingUpdate = (d: Obj): boolean => (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

export function maxSurge(d: Obj): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicasOf(d))[0];
}

export function maxUnavailable(d: Obj): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  return Math.min(resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicas)[1], replicas);
}

export const specReplicas = (rss: Obj[]): number => rss.reduce((n, rs) => n + replicasOf(rs), 0);
export const statusCount = (rss: Obj[], field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number =>
  rss.reduce((n, rs) => n + (rs.status?.[field] ?? 0), 0);
export const activeReplicaSets = (rss: Obj[]): Obj[] => rss.filter((rs) => replicasOf(rs) > 0);

/** How many replicas the new ReplicaSet may have now: all of them for Recreate, up to the surge for RollingUpdate. */
export function newRSNewReplicas(d: Obj, allRSs: Obj[], newRS: Obj): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d)) return replicas;
  const maxTotal = replicas + scaledValue(d.spec?.strategy?.rollingUpdate?.maxSurge, replicas, true);
  const current = specReplicas(allRSs);
  if (current >= maxTotal) return replicasOf(newRS);
  return replicasOf(newRS) + Math.min(maxTotal - current, replicas - replicasOf(newRS));
}

/** The new ReplicaSet has all the deployment's replicas, believes so, and all are available. */
export function isSaturated(d: Obj, rs: Obj | undefined): boolean {
  if (!rs) return false;
  const desired = Number.parseInt(rs.metadata?.annotations?.[DESIRED_REPLICAS] ?? '', 10);
  const replicas = replicasOf(d);
  return replicasOf(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

/** integer.RoundToInt32: halves away from zero. */
const roundHalfAway = (x: number): number => (x < 0 ? Math.ceil(x - 0.5) : Math.floor(x + 0.5));

/** How many replicas to add to (or remove from) one ReplicaSet when a deployment is scaled mid-rollout. */
export function getProportion(rs: Obj, d: Obj, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: Obj, d: Obj): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const deploymentMax = replicasOf(d) + maxSurge(d);
  let before = Number.parseInt(rs.metadata?.annotations?.[MAX_REPLICAS] ?? '', 10);
  if (!Number.isFinite(before) || before === 0) {
    // Without the annotation, fall back to the deployment's current size.
    before = d.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  return roundHalfAway((replicasOf(rs) * deploymentMax) / before) - replicasOf(rs);
}

const created = (o: Obj): number => Date.parse(o.metadata?.creationTimestamp ?? '') || 0;
const byName = (a: Obj, b: Obj): number => (a.metadata!.name! < b.metadata!.name! ? -1 : a.metadata!.name! > b.metadata!.name! ? 1 : 0);

/** Oldest first, names breaking ties (controller.ReplicaSetsByCreationTimestamp). */
export const byCreation = (a: Obj, b: Obj): number => created(a) - created(b) || byName(a, b);
/** Largest first; among equals the older first (scaling down) or the newer first (scaling up). */
export const bySizeOlder = (a: Obj, b: Obj): number => replicasOf(b) - replicasOf(a) || byCreation(a, b);
export const bySizeNewer = (a: Obj, b: Obj): number => replicasOf(b) - replicasOf(a) || byCreation(b, a);

export function revisionOf(o: Obj): number {
  const v = Number.parseInt(o.metadata?.annotations?.[REVISION] ?? '0', 10);
  return Number.isFinite(v) ? v : 0;
}

export const byRevision = (a: Obj, b: Obj): number => revisionOf(a) - revisionOf(b) || byCreation(a, b);
export const maxRevision = (rss: Obj[]): number => rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);

/** Semantic equality: an absent field, null, {} and [] are all the same. */
function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'object' && Object.keys(v as object).length === 0);
  if (empty(a) && empty(b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => semanticEqual((a as any)[k], (b as any)[k]));
}

/** Two pod templates are the same rollout target when they differ at most in the pod-template-hash label. */
export function equalIgnoreHash(t1: any, t2: any): boolean {
  const strip = (t: any) => {
    const { [HASH_LABEL]: _hash, ...labels } = t?.metadata?.labels ?? {};
    return { ...t, metadata: { ...t?.metadata, labels } };
  };
  return semanticEqual(strip(t1), strip(t2));
}

/** The oldest ReplicaSet whose template is the deployment's (there can be more after a kube upgrade). */
export function findNewReplicaSet(d: Obj, rsList: Obj[]): Obj | undefined {
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

export function findOldReplicaSets(d: Obj, rsList: Obj[]): Obj[] {
  const newRS = findNewReplicaSet(d, rsList);
  return rsList.filter((rs) => rs.metadata?.uid !== newRS?.metadata?.uid);
}

export function replicasAnnotationsNeedUpdate(rs: Obj, desired: number, max: number): boolean {
  const a = rs.metadata?.annotations ?? {};
  return a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

/** Sets desired- and max-replicas on a ReplicaSet copy; true when they changed. */
export function setReplicasAnnotations(rs: Obj, desired: number, max: number): boolean {
  if (!replicasAnnotationsNeedUpdate(rs, desired, max)) return false;
  rs.metadata!.annotations = { ...rs.metadata!.annotations, [DESIRED_REPLICAS]: String(desired), [MAX_REPLICAS]: String(max) };
  return true;
}

/**
 * Brings a new ReplicaSet's annotations (a copy) up to date: the deployment's own, the revision
 * (never lowered), the revisions it held before when it becomes current again, and for a
 * ReplicaSet about to be created the replica annotations. True when anything changed.
 */
export function setNewReplicaSetAnnotations(d: Obj, rs: Obj, newRevision: number, exists: boolean): boolean {
  const annotations: Record<string, string> = { ...rs.metadata?.annotations };
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (NOT_COPIED.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  const oldRevision = annotations[REVISION];
  const oldRevisionInt = oldRevision === undefined ? 0 : Number(oldRevision);
  if (!Number.isInteger(oldRevisionInt)) return commit(rs, annotations, changed);
  if (oldRevisionInt < newRevision) {
    annotations[REVISION] = String(newRevision);
    changed = true;
    // Rolling back to this ReplicaSet: remember the revisions it had.
    if (oldRevision !== undefined) {
      const history = annotations[REVISION_HISTORY];
      if (!history) annotations[REVISION_HISTORY] = oldRevision;
      else {
        const revisions = history.split(',');
        let total = history.length + oldRevision.length + 1;
        while (total > MAX_REVISION_HISTORY_CHARS && revisions.length) total -= revisions.shift()!.length + 1;
        if (total <= MAX_REVISION_HISTORY_CHARS) annotations[REVISION_HISTORY] = [...revisions, oldRevision].join(',');
      }
    }
  }
  if (!exists) {
    annotations[DESIRED_REPLICAS] = String(replicasOf(d));
    annotations[MAX_REPLICAS] = String(replicasOf(d) + maxSurge(d));
    changed = true;
  }
  return commit(rs, annotations, changed);
}

function commit(rs: Obj, annotations: Record<string, string>, changed: boolean): boolean {
  if (changed) rs.metadata = { ...rs.metadata, annotations: sortedRecord(annotations) };
  return changed;
}

/** Go encodes maps with sorted keys; objects written here follow suit. */
export function sortedRecord(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// Conditions (deploymentutil.NewDeploymentCondition, SetDeploymentCondition, …).

export interface Condition {
  type: 'Progressing' | 'Available' | 'ReplicaFailure';
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export function newCondition(type: Condition['type'], status: Condition['status'], reason: string, message: string, now: Date): Condition {
  const at = timestamp(now);
  return { type, status, lastUpdateTime: at, lastTransitionTime: at, reason, message };
}

export const getCondition = (status: any, type: Condition['type']): Condition | undefined =>
  (status?.conditions ?? []).find((c: Condition) => c.type === type);

/** Same status and reason: left as it is. Same status: keeps its transition time. Goes last. */
export function setCondition(status: any, c: Condition): void {
  const current = getCondition(status, c.type);
  if (current && current.status === c.status && current.reason === c.reason) return;
  if (current && current.status === c.status) c = { ...c, lastTransitionTime: current.lastTransitionTime };
  status.conditions = [...(status.conditions ?? []).filter((x: Condition) => x.type !== c.type), c];
}

export function removeCondition(status: any, type: Condition['type']): void {
  const rest = (status.conditions ?? []).filter((x: Condition) => x.type !== type);
  if (rest.length) status.conditions = rest;
  else delete status.conditions;
}

export const hasProgressDeadline = (d: Obj): boolean =>
  d.spec?.progressDeadlineSeconds !== undefined && d.spec?.progressDeadlineSeconds !== null && d.spec.progressDeadlineSeconds !== MAX_INT32;
export const hasRevisionHistoryLimit = (d: Obj): boolean =>
  d.spec?.revisionHistoryLimit !== undefined && d.spec?.revisionHistoryLimit !== null && d.spec.revisionHistoryLimit !== MAX_INT32;

/** The status the ReplicaSets add up to, with the Available condition (calculateStatus). */
export function calculateStatus(allRSs: Obj[], newRS: Obj | undefined, d: Obj, now: Date): any {
  const available = statusCount(allRSs, 'availableReplicas');
  const status: any = {
    observedGeneration: d.metadata?.generation,
    replicas: statusCount(allRSs, 'replicas'),
    updatedReplicas: newRS ? statusCount([newRS], 'replicas') : 0,
    readyReplicas: statusCount(allRSs, 'readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicas(allRSs) - available),
  };
  // Go's omitempty: zero counts are not written.
  for (const k of Object.keys(status)) if (!status[k]) delete status[k];
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c: Condition) => ({ ...c }));
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now));
  }
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  return status;
}

/** All replicas updated and available, no old ones left, and the latest spec observed. */
export function deploymentComplete(d: Obj, status: any): boolean {
  const replicas = replicasOf(d);
  return (status.updatedReplicas ?? 0) === replicas && (status.replicas ?? 0) === replicas
    && (status.availableReplicas ?? 0) === replicas && (status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
}

/** More pods updated, fewer old ones, or more ready or available than the last status said. */
export function deploymentProgressing(d: Obj, status: any): boolean {
  const old = d.status ?? {};
  const n = (s: any, k: string): number => s[k] ?? 0;
  return n(status, 'updatedReplicas') > n(old, 'updatedReplicas')
    || n(status, 'replicas') - n(status, 'updatedReplicas') < n(old, 'replicas') - n(old, 'updatedReplicas')
    || n(status, 'readyReplicas') > n(old, 'readyReplicas')
    || n(status, 'availableReplicas') > n(old, 'availableReplicas');
}

/** When the Progressing condition last moved plus progressDeadlineSeconds (ms), if a deadline applies. */
export function progressDeadline(d: Obj, status: any): number | undefined {
  if (!hasProgressDeadline(d)) return undefined;
  const c = getCondition(status, 'Progressing');
  if (!c || c.reason === 'NewReplicaSetAvailable') return undefined;
  const from = Date.parse(c.lastUpdateTime);
  return Number.isFinite(from) ? from + d.spec.progressDeadlineSeconds * 1000 : undefined;
}

export function deploymentTimedOut(d: Obj, status: any, now: Date): boolean {
  if (getCondition(status, 'Progressing')?.reason === 'ProgressDeadlineExceeded') return hasProgressDeadline(d);
  const deadline = progressDeadline(d, status);
  return deadline !== undefined && deadline < now.getTime();
}
