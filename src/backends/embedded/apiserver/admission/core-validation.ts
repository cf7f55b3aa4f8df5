// core/v1 kinds other than pods (pkg/apis/core/validation): services, config maps, secrets,
// persistent volume claims — kept to what users run into, with Kubernetes' messages.
import type { FieldError } from '../status.js';
import { IMMUTABLE, duplicate, forbidden, invalid, notSupported, required } from './field-errors.js';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from './names.js';
import { validateLabels } from './meta-validation.js';
import { semanticEqual } from './equality.js';

type Obj = any;

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validateServicePort(port: Obj, path: string, requireName: boolean, names: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !port?.name) errs.push(required(`${path}.name`));
  else if (port?.name) {
    errs.push(...isDNS1123Label(port.name).map((m) => invalid(`${path}.name`, port.name, m)));
    if (names.has(port.name)) errs.push(duplicate(`${path}.name`, port.name));
    else names.add(port.name);
  }
  errs.push(...isValidPortNum(port?.port ?? 0).map((m) => invalid(`${path}.port`, port?.port ?? 0, m)));
  if (!port?.protocol) errs.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${path}.protocol`, port.protocol, PROTOCOLS));
  const target = port?.targetPort;
  if (typeof target === 'number') errs.push(...isValidPortNum(target).map((m) => invalid(`${path}.targetPort`, target, m)));
  else if (typeof target === 'string') errs.push(...isValidPortName(target).map((m) => invalid(`${path}.targetPort`, target, m)));
  return errs;
}

export function validateService(svc: Obj): FieldError[] {
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  const ports: Obj[] = Array.isArray(spec.ports) ? spec.ports : [];
  if (ports.length === 0 && spec.clusterIP !== 'None' && spec.type !== 'ExternalName') errs.push(required('spec.ports'));
  if (spec.type === 'ExternalName') {
    const cname = String(spec.externalName ?? '').replace(/\.$/, '');
    if (!cname) errs.push(required('spec.externalName'));
    else errs.push(...isDNS1123Subdomain(cname).map((m) => invalid('spec.externalName', cname, m)));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, `spec.ports[${i}]`, ports.length > 1, names)));
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  if (!spec.sessionAffinity) errs.push(required('spec.sessionAffinity'));
  else if (!['ClientIP', 'None'].includes(spec.sessionAffinity)) errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  if (!spec.type) errs.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(spec.type)) errs.push(notSupported('spec.type', spec.type, SERVICE_TYPES));
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p?.nodePort) return;
    const path = `spec.ports[${i}].nodePort`;
    if (spec.type === 'ClusterIP') errs.push(forbidden(path, "may not be used when `type` is 'ClusterIP'"));
    else if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
      errs.push(invalid(path, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`));
    }
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(path, p.nodePort));
    nodePorts.add(key);
  });
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (spec.externalTrafficPolicy && !external) {
    errs.push(invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  } else if (spec.externalTrafficPolicy && !['Cluster', 'Local'].includes(spec.externalTrafficPolicy)) {
    errs.push(notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, ['Cluster', 'Local']));
  }
  return errs;
}

/** A set cluster IP stays; the registry copies it into an update that leaves it out. */
export function validateServiceUpdate(svc: Obj, old: Obj): FieldError[] {
  const ip = svc.spec?.clusterIP;
  const oldIP = old.spec?.clusterIP;
  const wasExternalName = old.spec?.type === 'ExternalName' || svc.spec?.type === 'ExternalName';
  if (!ip || !oldIP || ip === oldIP || wasExternalName) return [];
  return [invalid('spec.clusterIPs[0]', svc.spec?.clusterIPs ?? [ip], 'may not change once set')];
}

function validateDataKeys(obj: Obj, fields: string[]): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const field of fields) {
    for (const key of Object.keys(obj[field] ?? {})) {
      errs.push(...isConfigMapKey(key).map((m) => invalid(`${field}[${key}]`, key, m)));
      if (seen.has(key)) errs.push(invalid(`${field}[${key}]`, key, 'duplicate of key present in data'));
      seen.add(key);
    }
  }
  return errs;
}

export const validateConfigMap = (cm: Obj) => validateDataKeys(cm, ['data', 'binaryData']);

export function validateSecret(secret: Obj): FieldError[] {
  const errs = validateDataKeys(secret, ['data']);
  const data = secret.data ?? {};
  if (secret.type === 'kubernetes.io/tls') {
    for (const key of ['tls.crt', 'tls.key']) if (!(key in data)) errs.push(required(`data[${key}]`));
  }
  if (secret.type === 'kubernetes.io/dockerconfigjson' && !('.dockerconfigjson' in data)) errs.push(required('data[.dockerconfigjson]'));
  return errs;
}

/** ConfigMaps and Secrets marked immutable keep their data; a Secret keeps its type. */
export function validateImmutableData(kind: string, obj: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (old.immutable === true) {
    if (obj.immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
    if (!semanticEqual(obj.data, old.data)) errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
    if (kind === 'ConfigMap' && !semanticEqual(obj.binaryData, old.binaryData)) errs.push(forbidden('binaryData', 'field is immutable when `immutable` is set'));
  }
  if (kind === 'Secret' && (obj.type ?? '') !== (old.type ?? '')) errs.push(invalid('type', obj.type ?? '', IMMUTABLE));
  return errs;
}

export function validatePersistentVolumeClaim(pvc: Obj): FieldError[] {
  const spec = pvc.spec ?? {};
  const errs: FieldError[] = [];
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) errs.push(required('spec.accessModes', 'at least 1 access mode is required'));
  const modes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
  (spec.accessModes ?? []).forEach((m: string) => {
    if (!modes.includes(m)) errs.push(notSupported('spec.accessModes', m, modes));
  });
  if (spec.resources?.requests?.storage === undefined) errs.push(required('spec.resources[storage]'));
  return errs;
}
