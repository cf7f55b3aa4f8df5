// The defaulting functions of pkg/apis/core/v1/defaults.go for pods and pod templates.

type Obj = any;

/** Go's 0644: the mode secret, configMap, downwardAPI and projected volumes get. */
const DEFAULT_VOLUME_MODE = 420;

/** parsers.ParseImageName's tag: an image with neither tag nor digest is ":latest"; one it cannot parse has none. */
export function imageTag(image: string): string {
  if (image === '' || /\s/.test(image)) return '';
  const [named, digest] = image.split('@', 2);
  const lastSegment = named.slice(named.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon >= 0) return lastSegment.slice(colon + 1);
  return digest === undefined ? 'latest' : '';
}

function defaultProbe(probe: Obj): void {
  if (!probe) return;
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  defaultHandler(probe);
}

function defaultHandler(handler: Obj): void {
  if (!handler?.httpGet) return;
  if (!handler.httpGet.path) handler.httpGet.path = '/';
  if (!handler.httpGet.scheme) handler.httpGet.scheme = 'HTTP';
}

function defaultFieldRef(ref: Obj): void {
  if (ref && !ref.apiVersion) ref.apiVersion = 'v1';
}

export function defaultContainer(c: Obj): void {
  if (!c || typeof c !== 'object') return;
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(typeof c.image === 'string' ? c.image : '') === 'latest' ? 'Always' : 'IfNotPresent';
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  // ResourceRequirements is a struct, not a pointer, in Go: it is always serialized.
  c.resources ??= {};
  for (const p of c.ports ?? []) if (p && !p.protocol) p.protocol = 'TCP';
  for (const e of c.env ?? []) defaultFieldRef(e?.valueFrom?.fieldRef);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  defaultHandler(c.lifecycle?.postStart);
  defaultHandler(c.lifecycle?.preStop);
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos',
  'csi', 'ephemeral', 'image',
];

function defaultVolume(v: Obj): void {
  if (!v || typeof v !== 'object') return;
  if (!VOLUME_SOURCES.some((s) => v[s] !== undefined && v[s] !== null)) v.emptyDir = {};
  if (v.hostPath && v.hostPath.type === undefined) v.hostPath.type = '';
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    if (v[source] && v[source].defaultMode === undefined) v[source].defaultMode = DEFAULT_VOLUME_MODE;
  }
  for (const item of v.downwardAPI?.items ?? []) defaultFieldRef(item?.fieldRef);
  for (const s of v.projected?.sources ?? []) {
    for (const item of s?.downwardAPI?.items ?? []) defaultFieldRef(item?.fieldRef);
    if (s?.serviceAccountToken) s.serviceAccountToken.expirationSeconds ??= 3600;
  }
}

/** SetDefaults_PodSpec and what the generated defaulters do for everything a pod spec holds. */
export function defaultPodSpec(spec: Obj): void {
  if (!spec || typeof spec !== 'object') return;
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  // v1's deprecated serviceAccount and serviceAccountName are one field inside the API server.
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  for (const list of [spec.containers, spec.initContainers, spec.ephemeralContainers]) {
    for (const c of Array.isArray(list) ? list : []) defaultContainer(c);
  }
  if (spec.hostNetwork === true) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const p of c?.ports ?? []) if (p && !p.hostPort) p.hostPort = p.containerPort;
    }
  }
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) defaultVolume(v);
}

/** SetDefaults_Pod: only for pods, not templates. */
export function defaultPod(pod: Obj): void {
  const spec = pod.spec;
  if (!spec || typeof spec !== 'object') return;
  defaultPodSpec(spec);
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const limits = c?.resources?.limits;
    if (!limits) continue;
    const requests = (c.resources.requests ??= {});
    for (const [name, value] of Object.entries(limits)) if (!(name in requests)) requests[name] = value;
  }
  spec.enableServiceLinks ??= true;
}

/** The pod template of a workload kind, if it has one. */
export function podTemplateOf(group: string, kind: string, obj: Obj): Obj | undefined {
  if (group === 'batch' && kind === 'CronJob') return obj?.spec?.jobTemplate?.spec?.template;
  const hasTemplate = (group === 'apps' && ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'].includes(kind))
    || (group === 'batch' && kind === 'Job')
    || (group === '' && kind === 'ReplicationController');
  if (hasTemplate) return obj?.spec?.template;
  if (group === '' && kind === 'PodTemplate') return obj?.template;
  return undefined;
}
