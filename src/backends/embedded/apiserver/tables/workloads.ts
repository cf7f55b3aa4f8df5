// Tables for the workload controllers of apps/v1 and batch/v1 (printDeployment, printReplicaSet,
// printDaemonSet, printStatefulSet, printControllerRevision, printJob, printCronJob in printers.go).

import { humanDuration } from '../../../../duration.js';
import {
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  NAME_COLUMN,
  age,
  boolPtr,
  column,
  containerCells,
  doc,
  formatLabelSelector,
  formatLabels,
  int,
  nameOf,
  selectorString,
  since,
  timestampMillis,
} from './format.js';
import type { KindPrinter } from './types.js';

const READY_DESCRIPTION = 'Number of the pod with ready state';

// Stored objects are decoded with defaults applied, so an unset replica count reads as 1.
function desiredReplicas(spec: any): number {
  return typeof spec?.replicas === 'number' ? spec.replicas : 1;
}

export const deploymentPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', READY_DESCRIPTION),
    column('Up-to-date', 'string', doc('extensions/v1beta1 DeploymentStatus.updatedReplicas')),
    column('Available', 'string', doc('extensions/v1beta1 DeploymentStatus.availableReplicas')),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column('Selector', 'string', doc('extensions/v1beta1 DeploymentSpec.selector'), { priority: 1 }),
  ],
  cells: (deploy, now) => {
    const spec = deploy.spec ?? {};
    const status = deploy.status ?? {};
    return [
      nameOf(deploy),
      `${int(status.readyReplicas)}/${desiredReplicas(spec)}`,
      int(status.updatedReplicas),
      int(status.availableReplicas),
      age(deploy, now),
      ...containerCells(spec.template?.spec?.containers),
      selectorString(spec.selector) ?? '<invalid>',
    ];
  },
};

export const replicaSetPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', doc('extensions/v1beta1 ReplicaSetSpec.replicas')),
    column('Current', 'integer', doc('extensions/v1beta1 ReplicaSetStatus.replicas')),
    column('Ready', 'integer', doc('extensions/v1beta1 ReplicaSetStatus.readyReplicas')),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column('Selector', 'string', doc('extensions/v1beta1 ReplicaSetSpec.selector'), { priority: 1 }),
  ],
  cells: (rs, now) => {
    const spec = rs.spec ?? {};
    const status = rs.status ?? {};
    return [
      nameOf(rs),
      desiredReplicas(spec),
      int(status.replicas),
      int(status.readyReplicas),
      age(rs, now),
      ...containerCells(spec.template?.spec?.containers),
      formatLabelSelector(spec.selector),
    ];
  },
};

export const daemonSetPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', doc('extensions/v1beta1 DaemonSetStatus.desiredNumberScheduled')),
    column('Current', 'integer', doc('extensions/v1beta1 DaemonSetStatus.currentNumberScheduled')),
    column('Ready', 'integer', doc('extensions/v1beta1 DaemonSetStatus.numberReady')),
    column('Up-to-date', 'integer', doc('extensions/v1beta1 DaemonSetStatus.updatedNumberScheduled')),
    column('Available', 'integer', doc('extensions/v1beta1 DaemonSetStatus.numberAvailable')),
    column('Node Selector', 'string', doc('core/v1 PodSpec.nodeSelector')),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column('Selector', 'string', doc('extensions/v1beta1 DaemonSetSpec.selector'), { priority: 1 }),
  ],
  cells: (ds, now) => {
    const spec = ds.spec ?? {};
    const status = ds.status ?? {};
    return [
      nameOf(ds),
      int(status.desiredNumberScheduled),
      int(status.currentNumberScheduled),
      int(status.numberReady),
      int(status.updatedNumberScheduled),
      int(status.numberAvailable),
      formatLabels(spec.template?.spec?.nodeSelector),
      age(ds, now),
      ...containerCells(spec.template?.spec?.containers),
      formatLabelSelector(spec.selector),
    ];
  },
};

export const statefulSetPrinter: KindPrinter = {
  columns: [NAME_COLUMN, column('Ready', 'string', READY_DESCRIPTION), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN],
  cells: (sts, now) => [
    nameOf(sts),
    `${int(sts.status?.readyReplicas)}/${desiredReplicas(sts.spec)}`,
    age(sts, now),
    ...containerCells(sts.spec?.template?.spec?.containers),
  ],
};

/** The controlling owner as "kind.group/name" in lower case (formatResourceName), "<none>" without one. */
function controllerName(obj: any): string {
  const owner = (obj.metadata?.ownerReferences ?? []).find((ref: any) => ref.controller === true);
  if (!owner) return '<none>';
  const apiVersion: string = owner.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind: string = owner.kind ?? '';
  if (group === '' && kind === '') return owner.name;
  return `${(group === '' ? kind : `${kind}.${group}`).toLowerCase()}/${owner.name}`;
}

export const controllerRevisionPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', doc('apps/v1beta1 ControllerRevision.revision')),
    AGE_COLUMN,
  ],
  cells: (rev, now) => [nameOf(rev), controllerName(rev), int(rev.revision), age(rev, now)],
};

// hasJobCondition: the first condition of the type decides.
function jobCondition(job: any, type: string): boolean {
  return (job.status?.conditions ?? []).find((c: any) => c.type === type)?.status === 'True';
}

function jobStatus(job: any): string {
  if (jobCondition(job, 'Complete')) return 'Complete';
  if (jobCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (jobCondition(job, 'Suspended')) return 'Suspended';
  if (jobCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobCompletions(job: any): string {
  const succeeded = int(job.status?.succeeded);
  const { completions, parallelism } = job.spec ?? {};
  if (typeof completions === 'number') return `${succeeded}/${completions}`;
  return typeof parallelism === 'number' && parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: any, now: Date): string {
  const start = timestampMillis(job.status?.startTime);
  if (start === undefined) return '';
  const completion = timestampMillis(job.status?.completionTime);
  return humanDuration((completion ?? now.getTime()) - start);
}

export const jobPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', doc('batch/v1 JobStatus.succeeded')),
    column('Duration', 'string', 'Time required to complete the job.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column('Selector', 'string', doc('batch/v1 JobSpec.selector'), { priority: 1 }),
  ],
  cells: (job, now) => [
    nameOf(job),
    jobStatus(job),
    jobCompletions(job),
    jobDuration(job, now),
    age(job, now),
    ...containerCells(job.spec?.template?.spec?.containers),
    formatLabelSelector(job.spec?.selector),
  ],
};

export const cronJobPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Schedule', 'string', doc('batch/v1beta1 CronJobSpec.schedule')),
    column('Timezone', 'string', doc('batch/v1beta1 CronJobSpec.timeZone')),
    column('Suspend', 'boolean', doc('batch/v1beta1 CronJobSpec.suspend')),
    column('Active', 'integer', doc('batch/v1beta1 CronJobStatus.active')),
    column('Last Schedule', 'string', doc('batch/v1beta1 CronJobStatus.lastScheduleTime')),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column('Selector', 'string', doc('batch/v1 JobSpec.selector'), { priority: 1 }),
  ],
  cells: (cj, now) => {
    const spec = cj.spec ?? {};
    const jobSpec = spec.jobTemplate?.spec ?? {};
    const lastSchedule = cj.status?.lastScheduleTime;
    return [
      nameOf(cj),
      spec.schedule ?? '',
      spec.timeZone ?? '<none>',
      // Defaulting sets suspend to false on every stored CronJob.
      boolPtr(spec.suspend ?? false),
      (cj.status?.active ?? []).length,
      lastSchedule ? since(lastSchedule, now) : '<none>',
      age(cj, now),
      ...containerCells(jobSpec.template?.spec?.containers),
      formatLabelSelector(jobSpec.selector),
    ];
  },
};
