// Workload describers (Deployment, ReplicaSet, DaemonSet, StatefulSet, Job, CronJob): pure
// functions of the object, what was fetched beside it, and the clock.
import { humanDuration } from '../duration.js';
import { describePodTemplate } from './containers.js';
import { describeEvents } from './events.js';
import {
  formatMap, intOrString, printAnnotations, printLabels, rfc1123z, selectorString, writeControlledBy, type Obj,
} from './format.js';
import { formatLabelSelector } from '../selectors/index.js';
import { tabbed, type PrefixWriter } from './writer.js';

/** Pods of a controller by phase (getPodStatusForController). */
export interface PodCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

/** Count the pods whose controller is `uid`, by phase. */
export function countPods(pods: Obj[], uid: string): PodCounts {
  const counts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const p of pods) {
    const ref = (p.metadata?.ownerReferences ?? []).find((r: Obj) => r.controller === true);
    if (!ref || ref.uid !== uid) continue;
    const phase = p.status?.phase;
    if (phase === 'Running') counts.running++;
    else if (phase === 'Pending') counts.waiting++;
    else if (phase === 'Succeeded') counts.succeeded++;
    else if (phase === 'Failed') counts.failed++;
  }
  return counts;
}

const podsStatus = (c: PodCounts) => `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;

function header(w: PrefixWriter, obj: Obj): void {
  w.write(0, `Name:\t${obj.metadata.name}\n`);
  w.write(0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
}

function conditionsTable(w: PrefixWriter, conditions: Obj[] | undefined): void {
  if (!conditions?.length) return;
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(1, '----\t------\t------\n');
  for (const c of conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

export function describeDeployment(d: Obj, oldRSs: Obj[], newRSs: Obj[], events: Obj[] | undefined, now: Date): string {
  return tabbed((w) => {
    const spec = d.spec ?? {};
    const status = d.status ?? {};
    header(w, d);
    w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
    printLabels(w, 'Labels', d.metadata.labels);
    printAnnotations(w, 'Annotations', d.metadata.annotations);
    w.write(0, `Selector:\t${selectorString(spec.selector)}\n`);
    w.write(0, `Replicas:\t${spec.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`);
    w.write(0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
    w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
    const ru = spec.strategy?.rollingUpdate;
    if (ru) w.write(0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable ?? 0)} max unavailable, ${intOrString(ru.maxSurge ?? 0)} max surge\n`);
    describePodTemplate(spec.template, w);
    conditionsTable(w, status.conditions);
    if (oldRSs.length || newRSs.length) {
      w.write(0, `OldReplicaSets:\t${replicaSetList(oldRSs)}\n`);
      w.write(0, `NewReplicaSet:\t${replicaSetList(newRSs)}\n`);
    }
    describeEvents(events, w, now);
  });
}

function replicaSetList(rss: Obj[]): string {
  return rss.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ') || '<none>';
}

export function describeReplicaSet(rs: Obj, events: Obj[] | undefined, pods: PodCounts, now: Date): string {
  return tabbed((w) => {
    header(w, rs);
    w.write(0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabels(w, 'Labels', rs.metadata.labels);
    printAnnotations(w, 'Annotations', rs.metadata.annotations);
    writeControlledBy(w, rs);
    w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
    w.write(0, `Pods Status:\t${podsStatus(pods)}\n`);
    describePodTemplate(rs.spec?.template, w);
    conditionsTable(w, rs.status?.conditions);
    describeEvents(events, w, now);
  });
}

export function describeDaemonSet(ds: Obj, events: Obj[] | undefined, pods: PodCounts, now: Date): string {
  return tabbed((w) => {
    const status = ds.status ?? {};
    w.write(0, `Name:\t${ds.metadata.name}\n`);
    w.write(0, `Selector:\t${selectorString(ds.spec?.selector)}\n`);
    w.write(0, `Node-Selector:\t${formatMap(ds.spec?.template?.spec?.nodeSelector)}\n`);
    printLabels(w, 'Labels', ds.metadata.labels);
    printAnnotations(w, 'Annotations', ds.metadata.annotations);
    w.write(0, `Desired Number of Nodes Scheduled: ${status.desiredNumberScheduled ?? 0}\n`);
    w.write(0, `Current Number of Nodes Scheduled: ${status.currentNumberScheduled ?? 0}\n`);
    w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${status.updatedNumberScheduled ?? 0}\n`);
    w.write(0, `Number of Nodes Scheduled with Available Pods: ${status.numberAvailable ?? 0}\n`);
    w.write(0, `Number of Nodes Misscheduled: ${status.numberMisscheduled ?? 0}\n`);
    w.write(0, `Pods Status:\t${podsStatus(pods)}\n`);
    describePodTemplate(ds.spec?.template, w);
    describeEvents(events, w, now);
  });
}

export function describeStatefulSet(sts: Obj, events: Obj[] | undefined, pods: PodCounts, now: Date): string {
  return tabbed((w) => {
    const spec = sts.spec ?? {};
    header(w, sts);
    w.write(0, `CreationTimestamp:\t${rfc1123z(sts.metadata.creationTimestamp)}\n`);
    w.write(0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabels(w, 'Labels', sts.metadata.labels);
    printAnnotations(w, 'Annotations', sts.metadata.annotations);
    w.write(0, `Replicas:\t${spec.replicas ?? 0} desired | ${sts.status?.replicas ?? 0} total\n`);
    w.write(0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
    const ru = spec.updateStrategy?.rollingUpdate;
    if (ru && ru.partition !== undefined) {
      w.write(1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${intOrString(ru.maxUnavailable)}\n`);
    }
    w.write(0, `Pods Status:\t${podsStatus(pods)}\n`);
    describePodTemplate(spec.template, w);
    volumeClaimTemplates(spec.volumeClaimTemplates, w);
    describeEvents(events, w, now);
  });
}

function volumeClaimTemplates(templates: Obj[] | undefined, w: PrefixWriter): void {
  if (!templates?.length) return w.write(0, 'Volume Claims:\t<none>\n');
  w.write(0, 'Volume Claims:\n');
  for (const pvc of templates) {
    w.write(1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
    w.write(1, `StorageClass:\t${pvcClass(pvc)}\n`);
    printLabels(w, 'Labels', pvc.metadata?.labels, '  ');
    printLabels(w, 'Annotations', pvc.metadata?.annotations, '  ');
    const capacity = pvc.spec?.resources?.requests?.storage;
    w.write(1, `Capacity:\t${capacity ?? '<default>'}\n`);
    w.write(1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
  }
}

/** storageutil.GetPersistentVolumeClaimClass: the beta annotation first, then spec.storageClassName. */
export function pvcClass(pvc: Obj): string {
  const beta = pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  return pvc.spec?.storageClassName ?? '';
}

export function describeJob(job: Obj, events: Obj[] | undefined, now: Date): string {
  return tabbed((w) => {
    const spec = job.spec ?? {};
    const status = job.status ?? {};
    header(w, job);
    w.write(0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabels(w, 'Labels', job.metadata.labels);
    printAnnotations(w, 'Annotations', job.metadata.annotations);
    writeControlledBy(w, job);
    if (spec.parallelism !== undefined) w.write(0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(0, `Completions:\t${spec.completions ?? '<unset>'}\n`);
    if (spec.completionMode) w.write(0, `Completion Mode:\t${spec.completionMode}\n`);
    if (spec.suspend !== undefined) w.write(0, `Suspend:\t${spec.suspend}\n`);
    if (spec.backoffLimit !== undefined) w.write(0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (spec.ttlSecondsAfterFinished !== undefined) w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    if (status.completionTime) w.write(0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
    if (status.startTime && status.completionTime) {
      w.write(0, `Duration:\t${humanDuration(new Date(status.completionTime).getTime() - new Date(status.startTime).getTime())}\n`);
    }
    if (spec.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    const ready = status.ready === undefined ? '' : ` (${status.ready} Ready)`;
    w.write(0, `Pods Statuses:\t${status.active ?? 0} Active${ready} / ${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed\n`);
    if (spec.completionMode === 'Indexed') w.write(0, `Completed Indexes:\t${capIndexes(status.completedIndexes ?? '', 50)}\n`);
    describePodTemplate(spec.template, w);
    describeEvents(events, w, now);
  });
}

function capIndexes(indexes: string, softLimit: number): string {
  if (!indexes) return '<none>';
  const comma = indexes.indexOf(',', softLimit);
  return comma < 0 ? indexes : indexes.slice(0, comma + 1) + '...';
}

export function describeCronJob(cj: Obj, events: Obj[] | undefined, now: Date): string {
  return tabbed((w) => {
    const spec = cj.spec ?? {};
    header(w, cj);
    printLabels(w, 'Labels', cj.metadata.labels);
    printAnnotations(w, 'Annotations', cj.metadata.annotations);
    w.write(0, `Schedule:\t${spec.schedule ?? ''}\n`);
    w.write(0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
    w.write(0, `Suspend:\t${spec.suspend === undefined ? '<unset>' : spec.suspend ? 'True' : 'False'}\n`);
    w.write(0, `Successful Job History Limit:\t${spec.successfulJobsHistoryLimit ?? '<unset>'}\n`);
    w.write(0, `Failed Job History Limit:\t${spec.failedJobsHistoryLimit ?? '<unset>'}\n`);
    w.write(0, `Starting Deadline Seconds:\t${spec.startingDeadlineSeconds === undefined ? '<unset>' : `${spec.startingDeadlineSeconds}s`}\n`);
    const jobSpec = spec.jobTemplate?.spec ?? {};
    w.write(0, `Selector:\t${jobSpec.selector ? selectorString(jobSpec.selector) : '<unset>'}\n`);
    w.write(0, `Parallelism:\t${jobSpec.parallelism ?? '<unset>'}\n`);
    w.write(0, `Completions:\t${jobSpec.completions ?? '<unset>'}\n`);
    if (jobSpec.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${jobSpec.activeDeadlineSeconds}s\n`);
    describePodTemplate(jobSpec.template, w);
    w.write(0, `Last Schedule Time:\t${cj.status?.lastScheduleTime ? rfc1123z(cj.status.lastScheduleTime) : '<unset>'}\n`);
    const active: Obj[] = cj.status?.active ?? [];
    w.write(0, 'Active Jobs:\t');
    w.writeLine(active.length ? active.map((j) => j.name).join(', ') : '<none>');
    describeEvents(events, w, now);
  });
}
