// What a Deployment sync does with its ReplicaSets (pkg/controller/deployment rolling.go,
// recreate.go, sync.go): one step of a RollingUpdate or Recreate rollout, or, for a paused
// deployment or a change of replicas, proportional scaling without a rollout.
import type { DeploymentSync } from './deployment-sync.js';
import {
  DESIRED_REPLICAS, activeReplicaSets, byCreation, bySizeNewer, bySizeOlder, deploymentComplete, getProportion,
  isRollingUpdate, isSaturated, maxSurge, maxUnavailable, newRSNewReplicas, replicasOf, specReplicas, statusCount, type Obj,
} from './deployment-util.js';

const present = (rss: Array<Obj | undefined>): Obj[] => rss.filter((rs): rs is Obj => !!rs);

/** A ReplicaSet's desired-replicas annotation differs from the deployment's replicas: it was scaled. */
export async function isScalingEvent(s: DeploymentSync): Promise<boolean> {
  const { newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(false);
  return activeReplicaSets(present([...oldRSs, newRS])).some((rs) => {
    const desired = rs.metadata?.annotations?.[DESIRED_REPLICAS];
    return desired !== undefined && Number(desired) !== s.replicas;
  });
}

/** Scaling (and clean-up when paused) without rolling out a new template. */
export async function syncScaling(s: DeploymentSync): Promise<void> {
  const { newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(false);
  await scale(s, newRS, oldRSs);
  if (s.d.spec?.paused) await s.cleanupDeployment(oldRSs);
  await s.syncDeploymentStatus(present([...oldRSs, newRS]), newRS);
}

/** The only active ReplicaSet, or the newest when none is active; undefined when several are. */
function activeOrLatest(newRS: Obj | undefined, oldRSs: Obj[]): Obj | undefined {
  if (!newRS && !oldRSs.length) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets(present([...newestFirst, newRS]));
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

async function scale(s: DeploymentSync, newRS: Obj | undefined, oldRSs: Obj[]): Promise<void> {
  const target = activeOrLatest(newRS, oldRSs);
  if (target) {
    if (replicasOf(target) !== s.replicas) await s.scaleReplicaSetAndRecordEvent(target, s.replicas);
    return;
  }
  // A saturated new ReplicaSet (adopted mid-rollout, say) leaves nothing for the old ones.
  if (isSaturated(s.d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) await s.scaleReplicaSetAndRecordEvent(old, 0);
    return;
  }
  if (!isRollingUpdate(s.d)) return;
  // Spread the change over the active ReplicaSets in proportion to their size, the largest
  // first; among equals scale up the newer and down the older; the leftover goes to the first.
  const active = activeReplicaSets(present([...oldRSs, newRS]));
  const allowed = s.replicas > 0 ? s.replicas + maxSurge(s.d) : 0;
  const toAdd = allowed - specReplicas(active);
  const operation = toAdd > 0 ? 'up' : toAdd < 0 ? 'down' : '';
  if (toAdd > 0) active.sort(bySizeNewer);
  else if (toAdd < 0) active.sort(bySizeOlder);
  let added = 0;
  const sizes = active.map((rs) => {
    if (toAdd === 0) return replicasOf(rs);
    const proportion = getProportion(rs, s.d, toAdd, added);
    added += proportion;
    return replicasOf(rs) + proportion;
  });
  if (toAdd !== 0 && active.length) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
  for (const [i, rs] of active.entries()) await s.scaleReplicaSet(rs, sizes[i], operation);
}

/** RollingUpdate: scale the new ReplicaSet up within maxSurge, else the old ones down within maxUnavailable. */
export async function rolloutRolling(s: DeploymentSync): Promise<void> {
  const { newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(true);
  const allRSs = present([...oldRSs, newRS]);
  if (newRS && await reconcileNewReplicaSet(s, allRSs, newRS)) return s.syncRolloutStatus(allRSs, newRS);
  if (newRS && await reconcileOldReplicaSets(s, allRSs, activeReplicaSets(oldRSs), newRS)) return s.syncRolloutStatus(allRSs, newRS);
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanupDeployment(oldRSs);
  return s.syncRolloutStatus(allRSs, newRS);
}

async function reconcileNewReplicaSet(s: DeploymentSync, allRSs: Obj[], newRS: Obj): Promise<boolean> {
  if (replicasOf(newRS) === s.replicas) return false;
  const target = replicasOf(newRS) > s.replicas ? s.replicas : newRSNewReplicas(s.d, allRSs, newRS);
  return (await s.scaleReplicaSetAndRecordEvent(newRS, target))[0];
}

async function reconcileOldReplicaSets(s: DeploymentSync, allRSs: Obj[], oldRSs: Obj[], newRS: Obj): Promise<boolean> {
  if (specReplicas(oldRSs) === 0) return false;
  const minAvailable = s.replicas - maxUnavailable(s.d);
  const newRSUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  // Unavailable pods of the new ReplicaSet count against what may be scaled down, so a broken
  // new template cannot eat into the old pods that still serve.
  const maxScaledDown = specReplicas(allRSs) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  const [olds, cleaned] = await cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  const scaledDown = await scaleDownOldReplicaSets(s, [...olds, newRS], olds);
  return cleaned + scaledDown > 0;
}

/** Scale old ReplicaSets down by their unavailable pods first: losing those costs no availability. */
async function cleanupUnhealthyReplicas(s: DeploymentSync, oldRSs: Obj[], maxCleanup: number): Promise<[Obj[], number]> {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  for (const [i, rs] of sorted.entries()) {
    if (total >= maxCleanup) break;
    const available = rs.status?.availableReplicas ?? 0;
    if (replicasOf(rs) === 0 || replicasOf(rs) === available) continue;
    const count = Math.min(maxCleanup - total, replicasOf(rs) - available);
    sorted[i] = (await s.scaleReplicaSetAndRecordEvent(rs, replicasOf(rs) - count))[1];
    total += count;
  }
  return [sorted, total];
}

/** Scale old ReplicaSets down, oldest first, by as many available pods as exceed the minimum. */
async function scaleDownOldReplicaSets(s: DeploymentSync, allRSs: Obj[], oldRSs: Obj[]): Promise<number> {
  const minAvailable = s.replicas - maxUnavailable(s.d);
  const available = statusCount(allRSs, 'availableReplicas');
  if (available <= minAvailable) return 0;
  const wanted = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= wanted) break;
    if (replicasOf(rs) === 0) continue;
    const count = Math.min(replicasOf(rs), wanted - total);
    await s.scaleReplicaSetAndRecordEvent(rs, replicasOf(rs) - count);
    total += count;
  }
  return total;
}

/**
 * Recreate: scale every old ReplicaSet to zero, wait until none of their pods is left running,
 * then create (or scale up) the new one at full size.
 */
export async function rolloutRecreate(s: DeploymentSync, pods: Obj[]): Promise<void> {
  let { newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(false);
  let allRSs = present([...oldRSs, newRS]);
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) {
    if ((await s.scaleReplicaSetAndRecordEvent(rs, 0))[0]) scaledDown = true;
  }
  if (scaledDown || oldPodsRunning(newRS, oldRSs, s.rsList, pods)) return s.syncRolloutStatus(allRSs, newRS);
  if (!newRS) {
    ({ newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(true));
    allRSs = present([...oldRSs, newRS]);
  }
  await s.scaleReplicaSetAndRecordEvent(newRS!, s.replicas);
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanupDeployment(oldRSs);
  return s.syncRolloutStatus(allRSs, newRS);
}

/** Old ReplicaSets still report pods, or a pod of theirs has not finished. */
function oldPodsRunning(newRS: Obj | undefined, oldRSs: Obj[], rsList: Obj[], pods: Obj[]): boolean {
  if (statusCount(oldRSs, 'replicas') > 0) return true;
  const oldUids = new Set(rsList.map((rs) => rs.metadata?.uid).filter((uid) => uid !== newRS?.metadata?.uid));
  return pods.some((pod) => {
    const ref = pod.metadata?.ownerReferences?.find((r) => r.controller);
    return !!ref && oldUids.has(ref.uid) && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
  });
}
