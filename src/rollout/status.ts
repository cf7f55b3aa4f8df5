// kubectl's rollout status viewers: from one object to the line it prints and whether the rollout
// is done (polymorphichelpers/rollout_status.go). Pure; an unrecoverable state throws CliError.
import { CliError } from '../client/errors.js';

type Obj = Record<string, any>;

export interface RolloutState { message: string; done: boolean }

const REVISION = 'deployment.kubernetes.io/revision';

function deploymentStatus(d: Obj, revision: number): RolloutState {
  const name = d.metadata.name;
  const status = d.status ?? {};
  if (revision > 0) {
    const running = Number(d.metadata.annotations?.[REVISION] ?? 0);
    if (running !== revision) throw new CliError(`error: desired revision (${revision}) is different from the running revision (${running})`);
  }
  if ((d.metadata.generation ?? 0) > (status.observedGeneration ?? 0)) return { message: 'Waiting for deployment spec update to be observed...', done: false };
  const progressing = (status.conditions ?? []).find((c: Obj) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') throw new CliError(`error: deployment ${JSON.stringify(name)} exceeded its progress deadline`);
  const desired = d.spec?.replicas;
  const updated = status.updatedReplicas ?? 0;
  if (desired !== undefined && updated < desired) {
    return { message: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${updated} out of ${desired} new replicas have been updated...`, done: false };
  }
  if ((status.replicas ?? 0) > updated) {
    return { message: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${(status.replicas ?? 0) - updated} old replicas are pending termination...`, done: false };
  }
  if ((status.availableReplicas ?? 0) < updated) {
    return { message: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${status.availableReplicas ?? 0} of ${updated} updated replicas are available...`, done: false };
  }
  return { message: `deployment ${JSON.stringify(name)} successfully rolled out`, done: true };
}

function daemonSetStatus(ds: Obj): RolloutState {
  const name = JSON.stringify(ds.metadata.name);
  const status = ds.status ?? {};
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') throw new CliError('error: rollout status is only available for RollingUpdate strategy type');
  if ((ds.metadata.generation ?? 0) > (status.observedGeneration ?? 0)) return { message: 'Waiting for daemon set spec update to be observed...', done: false };
  const desired = status.desiredNumberScheduled ?? 0;
  if ((status.updatedNumberScheduled ?? 0) < desired) {
    return { message: `Waiting for daemon set ${name} rollout to finish: ${status.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...`, done: false };
  }
  if ((status.numberAvailable ?? 0) < desired) {
    return { message: `Waiting for daemon set ${name} rollout to finish: ${status.numberAvailable ?? 0} of ${desired} updated pods are available...`, done: false };
  }
  return { message: `daemon set ${name} successfully rolled out`, done: true };
}

function statefulSetStatus(sts: Obj): RolloutState {
  const status = sts.status ?? {};
  const strategy = sts.spec?.updateStrategy ?? { type: 'RollingUpdate' };
  if ((strategy.type ?? 'RollingUpdate') !== 'RollingUpdate') throw new CliError('error: rollout status is only available for RollingUpdate strategy type');
  if (!status.observedGeneration || (sts.metadata.generation ?? 0) > status.observedGeneration) {
    return { message: 'Waiting for statefulset spec update to be observed...', done: false };
  }
  const replicas = sts.spec?.replicas;
  if (replicas !== undefined && (status.readyReplicas ?? 0) < replicas) {
    return { message: `Waiting for ${replicas - (status.readyReplicas ?? 0)} pods to be ready...`, done: false };
  }
  if (strategy.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined && (status.updatedReplicas ?? 0) < replicas - partition) {
      return { message: `Waiting for partitioned roll out to finish: ${status.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...`, done: false };
    }
    return { message: `partitioned roll out complete: ${status.updatedReplicas ?? 0} new pods have been updated...`, done: true };
  }
  if (status.updateRevision !== status.currentRevision) {
    return { message: `waiting for statefulset rolling update to complete ${status.updatedReplicas ?? 0} pods at revision ${status.updateRevision}...`, done: false };
  }
  return { message: `statefulset rolling update complete ${status.currentReplicas ?? 0} pods at revision ${status.currentRevision}...`, done: true };
}

/** The status line for a Deployment, DaemonSet or StatefulSet; `revision` 0 means any. */
export function rolloutStatus(obj: Obj, revision = 0): RolloutState {
  switch (obj.kind) {
    case 'Deployment': return deploymentStatus(obj, revision);
    case 'DaemonSet': return daemonSetStatus(obj);
    case 'StatefulSet': return statefulSetStatus(obj);
  }
  throw new CliError(`error: no status viewer has been implemented for ${obj.kind}.${String(obj.apiVersion).split('/')[0]}`);
}
