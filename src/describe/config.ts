// ConfigMap, Secret, ServiceAccount and PersistentVolumeClaim describers.
import { describeEvents } from './events.js';
import { printAnnotations, printLabels, printPodNames, rfc1123z, since, sortedKeys, type Obj } from './format.js';
import { pvcClass } from './workloads.js';
import { tabbed, type PrefixWriter } from './writer.js';

function header(w: PrefixWriter, obj: Obj): void {
  w.write(0, `Name:\t${obj.metadata.name}\n`);
  w.write(0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
}

// kubectl ranges over Go maps here, whose order is random; sorted keys are one of its orders.
export function describeConfigMap(cm: Obj, events: Obj[] | undefined, now: Date): string {
  return tabbed((w) => {
    header(w, cm);
    printLabels(w, 'Labels', cm.metadata.labels);
    printAnnotations(w, 'Annotations', cm.metadata.annotations);
    w.write(0, '\nData\n====\n');
    for (const k of sortedKeys(cm.data)) {
      w.write(0, `${k}:\n----\n`);
      w.write(0, `${cm.data[k]}\n`);
      w.write(0, '\n');
    }
    w.write(0, '\nBinaryData\n====\n');
    for (const k of sortedKeys(cm.binaryData)) w.write(0, `${k}: ${Buffer.from(cm.binaryData[k], 'base64').length} bytes\n`);
    w.write(0, '\n');
    describeEvents(events, w, now);
  });
}

/** Values are never shown: byte counts, except a service account token's own token. */
export function describeSecret(secret: Obj): string {
  return tabbed((w) => {
    header(w, secret);
    printLabels(w, 'Labels', secret.metadata.labels);
    printAnnotations(w, 'Annotations', secret.metadata.annotations);
    w.write(0, `\nType:\t${secret.type ?? ''}\n`);
    w.write(0, '\nData\n====\n');
    for (const k of sortedKeys(secret.data)) {
      const bytes = Buffer.from(secret.data[k] ?? '', 'base64');
      if (k === 'token' && secret.type === 'kubernetes.io/service-account-token') w.write(0, `${k}:\t${bytes.toString('utf8')}\n`);
      else w.write(0, `${k}:\t${bytes.length} bytes\n`);
    }
  });
}

/** tokens: Secrets of type service-account-token for this account; missing: referenced names that do not exist. */
export function describeServiceAccount(sa: Obj, tokens: Obj[], missing: Set<string>, events: Obj[] | undefined, now: Date): string {
  return tabbed((w) => {
    header(w, sa);
    printLabels(w, 'Labels', sa.metadata.labels);
    printAnnotations(w, 'Annotations', sa.metadata.annotations);
    // kubectl pads these headers itself and orders them by that padded text.
    const sections: Array<[string, string[]]> = [
      ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s: Obj) => s.name)],
      ['Mountable secrets: ', (sa.secrets ?? []).map((s: Obj) => s.name)],
      ['Tokens:            ', tokens.map((s) => s.metadata.name)],
    ];
    for (const [title, names] of sections) {
      if (!names.length) {
        w.write(0, `${title}\t<none>\n`);
        continue;
      }
      names.forEach((name, i) => {
        w.write(0, `${i ? '                   ' : title}\t${name}${missing.has(name) ? ' (not found)' : ''}\n`);
      });
    }
    describeEvents(events, w, now);
  });
}

/** pods: those that mount the claim or own it. */
export function describePersistentVolumeClaim(pvc: Obj, pods: Obj[], events: Obj[] | undefined, now: Date): string {
  return tabbed((w) => {
    const spec = pvc.spec ?? {};
    header(w, pvc);
    w.write(0, `StorageClass:\t${pvcClass(pvc)}\n`);
    if (pvc.metadata.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${since(pvc.metadata.deletionTimestamp, now)})\n`);
    else w.write(0, `Status:\t${pvc.status?.phase ?? ''}\n`);
    w.write(0, `Volume:\t${spec.volumeName ?? ''}\n`);
    printLabels(w, 'Labels', pvc.metadata.labels);
    printAnnotations(w, 'Annotations', pvc.metadata.annotations);
    w.write(0, `Finalizers:\t[${(pvc.metadata.finalizers ?? []).join(' ')}]\n`);
    const bound = !!spec.volumeName;
    w.write(0, `Capacity:\t${bound ? pvc.status?.capacity?.storage ?? '0' : ''}\n`);
    w.write(0, `Access Modes:\t${bound ? accessModes(pvc.status?.accessModes) : ''}\n`);
    if (spec.volumeMode) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
    if (spec.dataSource) {
      w.write(0, 'DataSource:\n');
      if (spec.dataSource.apiGroup !== undefined) w.write(1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
      w.write(1, `Kind:\t${spec.dataSource.kind}\n`);
      w.write(1, `Name:\t${spec.dataSource.name}\n`);
    }
    printPodNames(w, 'Used By', pods);
    const conditions: Obj[] = pvc.status?.conditions ?? [];
    if (conditions.length) {
      w.write(0, 'Conditions:\n');
      w.write(1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
      }
    }
    describeEvents(events, w, now);
  });
}

/** storageutil.GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order, each once. */
function accessModes(modes: string[] | undefined): string {
  const short: Array<[string, string]> = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];
  return short.filter(([long]) => modes?.includes(long)).map(([, s]) => s).join(',');
}

/** The pods that use a claim: those mounting it, then pods that own it and do not mount it. */
export function podsForClaim(pvc: Obj, pods: Obj[]): Obj[] {
  const using = pods.filter((p) => (p.spec?.volumes ?? []).some((v: Obj) => v.persistentVolumeClaim?.claimName === pvc.metadata.name));
  for (const ref of pvc.metadata.ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue;
    const owner = pods.find((p) => p.metadata.uid === ref.uid);
    if (owner && !using.some((p) => p.metadata.uid === owner.metadata.uid)) using.push(owner);
  }
  return using;
}
