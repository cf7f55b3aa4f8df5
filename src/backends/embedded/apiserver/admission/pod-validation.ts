// Pod spec validation (pkg/apis/core/validation: ValidatePodSpec, ValidatePodTemplateSpec,
// ValidatePodUpdate), kept to the rules users run into, with Kubernetes' messages.
import { deepClone } from '../../../../patch/json-value.js';
import type { FieldError } from '../status.js';
import { duplicate, forbidden, invalid, notFound, notSupported, required } from './field-errors.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from './names.js';
import { validateAnnotations, validateLabels } from './meta-validation.js';
import { semanticEqual } from './equality.js';

type Obj = any;

interface SpecOptions {
  /** A pod rather than a template: stricter image rules. */
  isPod: boolean;
  /** Volumes that exist besides spec.volumes (a StatefulSet's volume claim templates). */
  extraVolumes?: string[];
}

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validatePorts(ports: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = `${path}[${i}]`;
    if (port?.name) {
      const problems = isValidPortName(port.name);
      if (problems.length) errs.push(...problems.map((m) => invalid(`${p}.name`, port.name, m)));
      else if (names.has(port.name)) errs.push(duplicate(`${p}.name`, port.name));
      else names.add(port.name);
    }
    if (!port?.containerPort) errs.push(required(`${p}.containerPort`));
    else errs.push(...isValidPortNum(port.containerPort).map((m) => invalid(`${p}.containerPort`, port.containerPort, m)));
    if (port?.hostPort) errs.push(...isValidPortNum(port.hostPort).map((m) => invalid(`${p}.hostPort`, port.hostPort, m)));
    if (!port?.protocol) errs.push(required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
  });
  return errs;
}

/** validateContainerCommon: what every kind of container must satisfy. */
function validateContainer(c: Obj, path: string, volumes: Set<string>, opts: SpecOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (!c?.name) errs.push(required(`${path}.name`));
  else errs.push(...isDNS1123Label(c.name).map((m) => invalid(`${path}.name`, c.name, m)));
  if (!c?.image) errs.push(required(`${path}.image`));
  else if (opts.isPod && c.image.trim() !== c.image) errs.push(invalid(`${path}.image`, c.image, 'must not have leading or trailing whitespace'));
  const policy = c?.terminationMessagePolicy;
  if (!policy) errs.push(required(`${path}.terminationMessagePolicy`));
  else if (policy !== 'File' && policy !== 'FallbackToLogsOnError') {
    errs.push(notSupported(`${path}.terminationMessagePolicy`, policy, ['File', 'FallbackToLogsOnError']));
  }
  errs.push(...validatePorts(Array.isArray(c?.ports) ? c.ports : [], `${path}.ports`));
  (Array.isArray(c?.env) ? c.env : []).forEach((e: Obj, i: number) => {
    if (!e?.name) errs.push(required(`${path}.env[${i}].name`));
  });
  (Array.isArray(c?.volumeMounts) ? c.volumeMounts : []).forEach((m: Obj, i: number) => {
    const p = `${path}.volumeMounts[${i}]`;
    if (!m?.name) errs.push(required(`${p}.name`));
    else if (!volumes.has(m.name)) errs.push(notFound(`${p}.name`, m.name));
    if (!m?.mountPath) errs.push(required(`${p}.mountPath`));
  });
  const pull = c?.imagePullPolicy;
  if (!pull) errs.push(required(`${path}.imagePullPolicy`));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(pull)) errs.push(notSupported(`${path}.imagePullPolicy`, pull, ['Always', 'IfNotPresent', 'Never']));
  return errs;
}

function validateContainerList(list: Obj, path: string, volumes: Set<string>, names: Set<string>, opts: SpecOptions): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(list) ? list : []).forEach((c: Obj, i: number) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainer(c, p, volumes, opts));
    if (c?.name !== undefined) {
      if (names.has(c.name)) errs.push(duplicate(`${p}.name`, c.name));
      else names.add(c.name);
    }
  });
  return errs;
}

const VOLUME_SOURCE_KEYS = new Set([
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos',
  'csi', 'ephemeral', 'image',
]);

function validateVolumes(volumes: Obj[], path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const p = `${path}[${i}]`;
    if (!v?.name) errs.push(required(`${p}.name`));
    else {
      errs.push(...isDNS1123Label(v.name).map((m) => invalid(`${p}.name`, v.name, m)));
      if (names.has(v.name)) errs.push(duplicate(`${p}.name`, v.name));
      else names.add(v.name);
    }
    const sources = Object.keys(v ?? {}).filter((k) => VOLUME_SOURCE_KEYS.has(k) && v[k] != null);
    if (sources.length === 0) errs.push(required(p, 'must specify a volume type'));
    else if (sources.length > 1) errs.push(forbidden(`${p}.${sources[1]}`, 'may not specify more than 1 volume type'));
  });
  return { errs, names };
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

/** ValidatePodSpec. */
export function validatePodSpec(spec: Obj, path: string, opts: SpecOptions): FieldError[] {
  if (!spec || typeof spec !== 'object') return [required(`${path}.containers`)];
  const { errs, names: volumes } = validateVolumes(Array.isArray(spec.volumes) ? spec.volumes : [], `${path}.volumes`);
  for (const extra of opts.extraVolumes ?? []) volumes.add(extra);
  const containerNames = new Set<string>();
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) errs.push(required(`${path}.containers`));
  else errs.push(...validateContainerList(spec.containers, `${path}.containers`, volumes, containerNames, opts));
  errs.push(...validateContainerList(spec.initContainers, `${path}.initContainers`, volumes, containerNames, opts));
  if (!spec.restartPolicy) errs.push(required(`${path}.restartPolicy`));
  else if (!RESTART_POLICIES.includes(spec.restartPolicy)) errs.push(notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  if (!spec.dnsPolicy) errs.push(required(`${path}.dnsPolicy`));
  else if (!DNS_POLICIES.includes(spec.dnsPolicy)) errs.push(notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  if (spec.serviceAccountName) errs.push(...isDNS1123Subdomain(spec.serviceAccountName).map((m) => invalid(`${path}.serviceAccountName`, spec.serviceAccountName, m)));
  if (spec.nodeName) errs.push(...isDNS1123Subdomain(spec.nodeName).map((m) => invalid(`${path}.nodeName`, spec.nodeName, m)));
  const deadline = spec.activeDeadlineSeconds;
  if (deadline != null && (deadline < 1 || deadline > 2147483647)) {
    errs.push(invalid(`${path}.activeDeadlineSeconds`, deadline, 'must be between 1 and 2147483647, inclusive'));
  }
  if (spec.hostname) errs.push(...isDNS1123Label(spec.hostname).map((m) => invalid(`${path}.hostname`, spec.hostname, m)));
  if (spec.subdomain) errs.push(...isDNS1123Label(spec.subdomain).map((m) => invalid(`${path}.subdomain`, spec.subdomain, m)));
  return errs;
}

/** ValidatePodTemplateSpec: note Kubernetes reports template labels at `<path>.labels`, not `<path>.metadata.labels`. */
export function validatePodTemplateSpec(template: Obj, path: string, extraVolumes: string[] = []): FieldError[] {
  if (!template || typeof template !== 'object') return [required(path)];
  return [
    ...validateLabels(template.metadata?.labels, `${path}.labels`),
    ...validateAnnotations(template.metadata?.annotations, `${path}.annotations`),
    ...validatePodSpec(template.spec, `${path}.spec`, { isPod: false, extraVolumes }),
  ];
}

const POD_UPDATE_MESSAGE = 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,'
  + '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),'
  + '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const goFieldName = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

/** A much-shortened cmp.Diff of the two specs: the top-level fields that differ. */
function specDiff(oldSpec: Obj, newSpec: Obj): string {
  const keys = [...new Set([...Object.keys(oldSpec ?? {}), ...Object.keys(newSpec ?? {})])].sort();
  const lines = ['  core.PodSpec{'];
  for (const key of keys) {
    if (semanticEqual(oldSpec?.[key], newSpec?.[key])) continue;
    if (oldSpec?.[key] !== undefined) lines.push(`- \t${goFieldName(key)}: ${JSON.stringify(oldSpec[key])},`);
    if (newSpec?.[key] !== undefined) lines.push(`+ \t${goFieldName(key)}: ${JSON.stringify(newSpec[key])},`);
  }
  lines.push('  }');
  return lines.join('\n');
}

const sameToleration = (a: Obj, b: Obj) =>
  (a?.key ?? '') === (b?.key ?? '') && (a?.operator ?? 'Equal') === (b?.operator ?? 'Equal')
  && (a?.value ?? '') === (b?.value ?? '') && (a?.effect ?? '') === (b?.effect ?? '');

/** ValidatePodUpdate: only images, activeDeadlineSeconds, new tolerations and a negative grace period may change. */
export function validatePodUpdate(pod: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = pod.spec ?? {};
  const oldSpec = old.spec ?? {};
  for (const list of ['containers', 'initContainers'] as const) {
    (spec[list] ?? []).forEach((c: Obj, i: number) => {
      if (!c?.image) errs.push(required(`spec.${list}[${i}].image`));
    });
  }
  const oldDeadline = oldSpec.activeDeadlineSeconds;
  const newDeadline = spec.activeDeadlineSeconds;
  if (oldDeadline != null && (newDeadline == null || newDeadline > oldDeadline)) {
    errs.push(invalid('spec.activeDeadlineSeconds', newDeadline ?? null, 'must be less than or equal to previous value'));
  }
  const oldTolerations: Obj[] = oldSpec.tolerations ?? [];
  const newTolerations: Obj[] = spec.tolerations ?? [];
  if (!oldTolerations.every((t) => newTolerations.some((n) => sameToleration(t, n)))) {
    errs.push(forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
  }
  const munged = deepClone(spec);
  for (const list of ['containers', 'initContainers'] as const) {
    (munged[list] ?? []).forEach((c: Obj, i: number) => {
      const before = oldSpec[list]?.[i];
      if (c && before) c.image = before.image;
    });
  }
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.tolerations = oldSpec.tolerations;
  munged.ephemeralContainers = oldSpec.ephemeralContainers;
  if (oldSpec.terminationGracePeriodSeconds < 0 && spec.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  }
  if (!semanticEqual(munged, oldSpec)) errs.push(forbidden('spec', `${POD_UPDATE_MESSAGE}\n${specDiff(oldSpec, munged)}`));
  return errs;
}
