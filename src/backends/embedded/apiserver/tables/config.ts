// Tables for configuration and storage kinds: ConfigMap, Secret, ServiceAccount,
// PersistentVolumeClaim and Lease (the matching print functions in printers.go).

import { AGE_COLUMN, NAME_COLUMN, age, column, count, doc, nameOf } from './format.js';
import type { KindPrinter } from './types.js';

export const configMapPrinter: KindPrinter = {
  columns: [NAME_COLUMN, column('Data', 'string', doc('core/v1 ConfigMap.data')), AGE_COLUMN],
  cells: (cm, now) => [nameOf(cm), count(cm.data) + count(cm.binaryData), age(cm, now)],
};

export const secretPrinter: KindPrinter = {
  columns: [NAME_COLUMN, column('Type', 'string', doc('core/v1 Secret.type')), column('Data', 'string', doc('core/v1 Secret.data')), AGE_COLUMN],
  // Defaulting gives every stored Secret a type, Opaque unless one was asked for.
  cells: (secret, now) => [nameOf(secret), secret.type || 'Opaque', count(secret.data), age(secret, now)],
};

export const serviceAccountPrinter: KindPrinter = {
  columns: [NAME_COLUMN, column('Secrets', 'string', doc('core/v1 ServiceAccount.secrets')), AGE_COLUMN],
  cells: (sa, now) => [nameOf(sa), count(sa.secrets), age(sa, now)],
};

/** helper.GetAccessModesAsString: abbreviations in a fixed order, duplicates dropped. */
function accessModes(modes: string[] | undefined): string {
  const present = new Set(modes ?? []);
  const abbreviations: Array<[string, string]> = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return abbreviations
    .filter(([mode]) => present.has(mode))
    .map(([, short]) => short)
    .join(',');
}

/** helper.GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName. */
function claimClass(pvc: any): string {
  const annotation = pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (annotation !== undefined) return annotation;
  return pvc.spec?.storageClassName ?? '';
}

function claimCells(pvc: any, now: Date): unknown[] {
  const spec = pvc.spec ?? {};
  const status = pvc.status ?? {};
  // Defaulting gives a stored claim the phase Pending and the volume mode Filesystem.
  const phase = pvc.metadata?.deletionTimestamp ? 'Terminating' : status.phase || 'Pending';
  const bound = Boolean(spec.volumeName);
  return [
    nameOf(pvc),
    phase,
    spec.volumeName ?? '',
    // Quantities are printed in the canonical form the API server stores them in.
    bound ? (status.capacity?.storage ?? '0') : '',
    bound ? accessModes(status.accessModes) : '',
    claimClass(pvc),
    spec.volumeAttributesClassName ?? '<unset>',
    age(pvc, now),
    spec.volumeMode ?? 'Filesystem',
  ];
}

export const persistentVolumeClaimPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', doc('core/v1 PersistentVolumeClaimStatus.phase')),
    column('Volume', 'string', doc('core/v1 PersistentVolumeClaimSpec.volumeName')),
    column('Capacity', 'string', doc('core/v1 PersistentVolumeClaimStatus.capacity')),
    column('Access Modes', 'string', doc('core/v1 PersistentVolumeClaimStatus.accessModes')),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    AGE_COLUMN,
    column('VolumeMode', 'string', doc('core/v1 PersistentVolumeClaimSpec.volumeMode'), { priority: 1 }),
  ],
  cells: claimCells,
};

export const leasePrinter: KindPrinter = {
  columns: [NAME_COLUMN, column('Holder', 'string', doc('coordination/v1 LeaseSpec.holderIdentity')), AGE_COLUMN],
  cells: (lease, now) => [nameOf(lease), lease.spec?.holderIdentity ?? '', age(lease, now)],
};
