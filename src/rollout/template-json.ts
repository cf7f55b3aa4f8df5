// kubectl sends a rolled-back pod template as a typed Go struct marshals it: fields in struct order
// and an empty creationTimestamp as null. This puts a template's keys in that order so the JSON
// patch body reads as kubectl's.
import { orderedMeta } from '../generators/typed-json.js';

type Obj = Record<string, any>;

const POD_SPEC = [
  'volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy', 'terminationGracePeriodSeconds',
  'activeDeadlineSeconds', 'dnsPolicy', 'nodeSelector', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken',
  'nodeName', 'hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname',
  'subdomain', 'affinity', 'schedulerName', 'tolerations', 'hostAliases', 'priorityClassName', 'priority', 'dnsConfig',
  'readinessGates', 'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'overhead', 'topologySpreadConstraints',
  'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims', 'resources',
];
const CONTAINER = [
  'name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy', 'restartPolicy',
  'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'terminationMessagePath',
  'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty',
];
const PORT = ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'];
const ENV = ['name', 'value', 'valueFrom'];
const RESOURCES = ['limits', 'requests', 'claims'];
const VOLUME_MOUNT = ['name', 'readOnly', 'recursiveReadOnly', 'mountPath', 'subPath', 'mountPropagation', 'subPathExpr'];

function ordered(obj: Obj, order: string[], children: Record<string, (v: any) => any> = {}): Obj {
  const out: Obj = {};
  for (const k of [...order.filter((k) => k in obj), ...Object.keys(obj).filter((k) => !order.includes(k))]) {
    out[k] = children[k] ? children[k](obj[k]) : obj[k];
  }
  return out;
}

const each = (order: string[]) => (list: Obj[]) => list.map((x) => ordered(x, order));

function container(c: Obj): Obj {
  return ordered(c, CONTAINER, {
    ports: each(PORT), env: each(ENV), volumeMounts: each(VOLUME_MOUNT), resources: (r: Obj) => ordered(r, RESOURCES),
  });
}

/** A PodTemplateSpec with its keys in Go struct order, as json.Marshal writes the typed object. */
export function typedPodTemplate(template: Obj): Obj {
  const meta = orderedMeta({ creationTimestamp: null, ...template.metadata });
  const containers = (list: Obj[]) => list.map(container);
  const spec = ordered(template.spec ?? {}, POD_SPEC, { initContainers: containers, containers, ephemeralContainers: containers });
  return { metadata: meta, spec };
}
