// Every controller the embedded control plane runs.
import type { Controller } from './controller.js';
import { CronJobController } from './cronjob.js';
import { DaemonSetController } from './daemonset.js';
import { DeploymentController } from './deployment.js';
import { EndpointsController } from './endpoints.js';
import { GarbageCollector } from './garbage-collector.js';
import { HorizontalPodAutoscalerController } from './hpa.js';
import { JobController } from './job.js';
import { NamespaceController } from './namespace.js';
import { NodeLifecycleController } from './node-lifecycle.js';
import { ReplicaSetController } from './replicaset.js';
import { ServiceAccountController } from './serviceaccount.js';
import { StatefulSetController } from './statefulset.js';
import { TTLAfterFinishedController } from './ttl-after-finished.js';
import { SchedulerController } from '../scheduler/scheduler.js';
import { KubeletController } from '../kubelet/kubelet.js';
import { NodeHeartbeatController } from '../kubelet/node-heartbeat.js';

export interface ControllerOptions {
  /** The cluster CA's PEM, published in every namespace as the kube-root-ca.crt ConfigMap. */
  rootCA?: string;
}

export function allControllers(options: ControllerOptions = {}): Controller[] {
  return [
    new NodeHeartbeatController(),
    // After the heartbeats: a settle renews live nodes' leases before their age is judged.
    new NodeLifecycleController(),
    new DeploymentController(),
    new ReplicaSetController(),
    new JobController(),
    new TTLAfterFinishedController(),
    new CronJobController(),
    new DaemonSetController(),
    new StatefulSetController(),
    new HorizontalPodAutoscalerController(),
    new SchedulerController(),
    new KubeletController(),
    new EndpointsController(),
    new NamespaceController(),
    new GarbageCollector(),
    new ServiceAccountController(options.rootCA),
  ];
}
