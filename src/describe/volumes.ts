// A pod's volumes as kubectl describe prints them: one "Type:" line naming the source, then its fields.
import type { Obj } from './format.js';
import type { PrefixWriter } from './writer.js';

type Field = [label: string, value: unknown];

// Go prints a nil pointer as <nil> with %v.
const ptr = (v: unknown): string => (v === undefined || v === null ? '<nil>' : String(v));

/** Each source: the words after "Type:" and the fields below it, in kubectl's order. */
const SOURCES: Array<[key: string, type: string, fields: (s: Obj) => Field[]]> = [
  ['hostPath', 'HostPath (bare host directory volume)', (s) => [['Path', s.path ?? ''], ['HostPathType', s.type ?? '<none>']]],
  ['emptyDir', "EmptyDir (a temporary directory that shares a pod's lifetime)", (s) => [['Medium', s.medium ?? ''], ['SizeLimit', sizeLimit(s.sizeLimit)]]],
  ['gcePersistentDisk', 'GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)',
    (s) => [['PDName', s.pdName ?? ''], ['FSType', s.fsType ?? ''], ['Partition', s.partition ?? 0], ['ReadOnly', !!s.readOnly]]],
  ['awsElasticBlockStore', 'AWSElasticBlockStore (a Persistent Disk resource in AWS)',
    (s) => [['VolumeID', s.volumeID ?? ''], ['FSType', s.fsType ?? ''], ['Partition', s.partition ?? 0], ['ReadOnly', !!s.readOnly]]],
  ['gitRepo', 'GitRepo (a volume that is pulled from git when the pod is created)', (s) => [['Repository', s.repository ?? ''], ['Revision', s.revision ?? '']]],
  ['secret', 'Secret (a volume populated by a Secret)', (s) => [['SecretName', s.secretName ?? ''], ['Optional', s.optional === true]]],
  ['configMap', 'ConfigMap (a volume populated by a ConfigMap)', (s) => [['Name', s.name ?? ''], ['Optional', s.optional === true]]],
  ['nfs', 'NFS (an NFS mount that lasts the lifetime of a pod)', (s) => [['Server', s.server ?? ''], ['Path', s.path ?? ''], ['ReadOnly', !!s.readOnly]]],
  ['persistentVolumeClaim', 'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)',
    (s) => [['ClaimName', s.claimName ?? ''], ['ReadOnly', !!s.readOnly]]],
  ['csi', 'CSI (a Container Storage Interface (CSI) volume source)', (s) => [['Driver', s.driver ?? ''], ['FSType', s.fsType ?? ''], ['ReadOnly', s.readOnly === true]]],
  ['image', 'Image (a container image or OCI artifact)', (s) => [['Reference', s.reference ?? ''], ['PullPolicy', s.pullPolicy ?? '']]],
];

function sizeLimit(v: unknown): string {
  return v === undefined || v === null || /^0+(\.0*)?[a-zA-Z]*$/.test(String(v)) ? '<unset>' : String(v);
}

export function describeVolumes(volumes: Obj[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes?.length) return w.write(0, `${space}Volumes:\t<none>\n`);
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`);
    describeSource(v, w);
  }
}

function describeSource(v: Obj, w: PrefixWriter): void {
  for (const [key, type, fields] of SOURCES) {
    if (!v[key]) continue;
    w.write(2, `Type:\t${type}\n`);
    for (const [label, value] of fields(v[key])) w.write(0, `    ${label}:\t${value}\n`);
    return;
  }
  if (v.projected) return projected(v.projected, w);
  if (v.downwardAPI) return downwardAPI(v.downwardAPI, w);
  if (v.ephemeral) return w.write(2, 'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n');
  w.write(1, '<unknown>\n');
}

function projected(p: Obj, w: PrefixWriter): void {
  w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
  for (const s of p.sources ?? []) {
    if (s.secret) {
      w.write(2, `SecretName:\t${s.secret.name ?? ''}\n    SecretOptionalName:\t${ptr(s.secret.optional)}\n`);
    } else if (s.downwardAPI) {
      w.write(2, 'DownwardAPI:\ttrue\n');
    } else if (s.configMap) {
      w.write(2, `ConfigMapName:\t${s.configMap.name ?? ''}\n    ConfigMapOptional:\t${ptr(s.configMap.optional)}\n`);
    } else if (s.serviceAccountToken) {
      w.write(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`);
    }
  }
}

function downwardAPI(d: Obj, w: PrefixWriter): void {
  w.write(2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
  for (const item of d.items ?? []) {
    if (item.fieldRef) w.write(3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
    if (item.resourceFieldRef) w.write(3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
  }
}
