// kube-apiserver's defaulting: the SetDefaults_* functions of pkg/apis/{core,apps,batch,
// autoscaling,discovery}/v1*/defaults.go as the generated defaulters call them on decode.
import { defaultPod, defaultPodSpec, podTemplateOf } from './pod-defaults.js';
import { rbacBindingDefaults } from './rbac-validation.js';

type Obj = any;

const isObject = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function deploymentDefaults(spec: Obj): void {
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
}

function daemonSetDefaults(spec: Obj): void {
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
}

function statefulSetDefaults(spec: Obj): void {
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    strategy.rollingUpdate ??= {};
  }
  // A partition is defaulted only inside a rollingUpdate block that exists.
  if (strategy.type === 'RollingUpdate' && isObject(strategy.rollingUpdate)) strategy.rollingUpdate.partition ??= 0;
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  if (!retention.whenDeleted) retention.whenDeleted = 'Retain';
  if (!retention.whenScaled) retention.whenScaled = 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  for (const claim of Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []) {
    if (isObject(claim)) persistentVolumeClaimDefaults(claim);
  }
}

function jobDefaults(job: Obj): void {
  const spec = job.spec;
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex != null ? 2147483647 : 6;
  // A Job without labels of its own takes its pod template's.
  const templateLabels = spec.template?.metadata?.labels;
  if (isObject(templateLabels) && Object.keys(job.metadata?.labels ?? {}).length === 0) {
    (job.metadata ??= {}).labels = { ...templateLabels };
  }
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    for (const condition of rule?.onPodConditions ?? []) if (condition && !condition.status) condition.status = 'True';
  }
}

function cronJobDefaults(spec: Obj): void {
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
}

const isHeadless = (spec: Obj) => spec.clusterIP === 'None';

function serviceDefaults(spec: Obj): void {
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds == null) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!spec.type) spec.type = 'ClusterIP';
  for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
    if (!isObject(port)) continue;
    if (!port.protocol) port.protocol = 'TCP';
    const unset = port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === '';
    if (unset && port.port !== undefined) port.targetPort = port.port;
  }
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (external && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if ((external || spec.type === 'ClusterIP') && !spec.internalTrafficPolicy) spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  // The service registry's IP family defaults on a single-stack IPv4 cluster.
  if (spec.type !== 'ExternalName') {
    const selectorless = Object.keys(spec.selector ?? {}).length === 0;
    if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = isHeadless(spec) && selectorless ? 'RequireDualStack' : 'SingleStack';
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
  }
}

function persistentVolumeClaimDefaults(pvc: Obj): void {
  const spec = (pvc.spec ??= {});
  if (!spec.volumeMode) spec.volumeMode = 'Filesystem';
  const status = (pvc.status ??= {});
  if (!status.phase) status.phase = 'Pending';
}

function namespaceDefaults(ns: Obj): void {
  const name = ns.metadata?.name;
  if (name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
  const status = (ns.status ??= {});
  if (!status.phase) status.phase = 'Active';
}

/** v1.Secret's stringData is write-only: conversion merges it into data, base64-encoded. */
function secretDefaults(secret: Obj): void {
  if (!secret.type) secret.type = 'Opaque';
  if (isObject(secret.stringData)) {
    const data = (secret.data = isObject(secret.data) ? secret.data : {});
    for (const [k, v] of Object.entries(secret.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  }
  delete secret.stringData;
}

function nodeDefaults(node: Obj): void {
  const status = node.status;
  if (isObject(status) && isObject(status.capacity) && status.allocatable === undefined) status.allocatable = { ...status.capacity };
}

function endpointsDefaults(ep: Obj): void {
  for (const subset of Array.isArray(ep.subsets) ? ep.subsets : []) {
    for (const port of subset?.ports ?? []) if (isObject(port) && !port.protocol) port.protocol = 'TCP';
  }
}

function endpointSliceDefaults(slice: Obj): void {
  for (const port of Array.isArray(slice.ports) ? slice.ports : []) {
    if (!isObject(port)) continue;
    port.name ??= '';
    port.protocol ??= 'TCP';
  }
}

const SCALE_UP_DEFAULTS = () => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
});

/** Scale-down's window stays unset: the controller's --horizontal-pod-autoscaler-downscale-stabilization decides it. */
const SCALE_DOWN_DEFAULTS = () => ({
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
});

/** Fields the user gave win; the rest come from the defaults. */
function scalingRules(given: Obj, defaults: Obj): Obj {
  if (!isObject(given)) return defaults;
  const out = { ...defaults };
  for (const key of ['selectPolicy', 'stabilizationWindowSeconds', 'policies', 'tolerance']) if (given[key] != null) out[key] = given[key];
  return out;
}

function hpaDefaults(version: string, spec: Obj): void {
  spec.minReplicas ??= 1;
  if (version !== 'v2') return;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  if (isObject(spec.behavior)) {
    spec.behavior.scaleUp = scalingRules(spec.behavior.scaleUp, SCALE_UP_DEFAULTS());
    spec.behavior.scaleDown = scalingRules(spec.behavior.scaleDown, SCALE_DOWN_DEFAULTS());
  }
}

/** Fills in, in place, the defaults kube-apiserver sets on an object of this group/version/kind. */
export function applyDefaults(group: string, version: string, kind: string, obj: any): void {
  if (!isObject(obj)) return;
  if (group === '' && kind === 'Pod') {
    defaultPod(obj);
    return;
  }
  const template = podTemplateOf(group, kind, obj);
  if (isObject(template)) defaultPodSpec(template.spec);
  const spec = isObject(obj.spec) ? obj.spec : undefined;
  switch (`${group}/${kind}`) {
    case 'apps/Deployment': if (spec) deploymentDefaults(spec); break;
    case 'apps/ReplicaSet': if (spec) spec.replicas ??= 1; break;
    case 'apps/DaemonSet': if (spec) daemonSetDefaults(spec); break;
    case 'apps/StatefulSet': if (spec) statefulSetDefaults(spec); break;
    case 'batch/Job': if (spec) jobDefaults(obj); break;
    case 'batch/CronJob': if (spec) cronJobDefaults(spec); break;
    case 'autoscaling/HorizontalPodAutoscaler': if (spec) hpaDefaults(version, spec); break;
    case '/ReplicationController': if (spec) spec.replicas ??= 1; break;
    case '/Service': serviceDefaults((obj.spec = spec ?? {})); break;
    case '/PersistentVolumeClaim': persistentVolumeClaimDefaults(obj); break;
    case '/Namespace': namespaceDefaults(obj); break;
    case '/Secret': secretDefaults(obj); break;
    case '/Node': nodeDefaults(obj); break;
    case '/Endpoints': endpointsDefaults(obj); break;
    case 'discovery.k8s.io/EndpointSlice': endpointSliceDefaults(obj); break;
    case 'rbac.authorization.k8s.io/RoleBinding': case 'rbac.authorization.k8s.io/ClusterRoleBinding': rbacBindingDefaults(obj); break;
  }
}
