// Server-side printing: the columns and cells of the meta.k8s.io/v1 Table kube-apiserver answers
// with for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. The cells are what
// kubectl get prints, so each printer follows its Go counterpart in
// kubernetes pkg/printers/internalversion/printers.go (v1.32) to the character.

import { configMapPrinter, leasePrinter, persistentVolumeClaimPrinter, secretPrinter, serviceAccountPrinter } from './config.js';
import { NAME_COLUMN, column, doc, nameOf } from './format.js';
import { eventPrinter } from './events.js';
import { horizontalPodAutoscalerPrinter } from './autoscaling.js';
import { namespacePrinter, nodePrinter } from './nodes.js';
import { podPrinter } from './pods.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac.js';
import { endpointSlicePrinter, endpointsPrinter, ingressPrinter, servicePrinter } from './services.js';
import type { KindPrinter, TableColumnDefinition } from './types.js';
import {
  controllerRevisionPrinter,
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  replicaSetPrinter,
  statefulSetPrinter,
} from './workloads.js';

export type { TableColumnDefinition, TableRow } from './types.js';

// Keyed by "group/Kind", the core group being "".
const PRINTERS = new Map<string, KindPrinter>([
  ['/Pod', podPrinter],
  ['/Service', servicePrinter],
  ['/Endpoints', endpointsPrinter],
  ['/Namespace', namespacePrinter],
  ['/Node', nodePrinter],
  ['/ConfigMap', configMapPrinter],
  ['/Secret', secretPrinter],
  ['/Event', eventPrinter('')],
  ['/ServiceAccount', serviceAccountPrinter],
  ['/PersistentVolumeClaim', persistentVolumeClaimPrinter],
  ['apps/Deployment', deploymentPrinter],
  ['apps/ReplicaSet', replicaSetPrinter],
  ['apps/DaemonSet', daemonSetPrinter],
  ['apps/StatefulSet', statefulSetPrinter],
  ['apps/ControllerRevision', controllerRevisionPrinter],
  ['batch/Job', jobPrinter],
  ['batch/CronJob', cronJobPrinter],
  ['autoscaling/HorizontalPodAutoscaler', horizontalPodAutoscalerPrinter],
  ['networking.k8s.io/Ingress', ingressPrinter],
  ['discovery.k8s.io/EndpointSlice', endpointSlicePrinter],
  ['coordination.k8s.io/Lease', leasePrinter],
  ['events.k8s.io/Event', eventPrinter('events.k8s.io')],
  ['rbac.authorization.k8s.io/RoleBinding', roleBindingPrinter],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', clusterRoleBindingPrinter],
]);

/**
 * rest.DefaultTableConvertor (k8s.io/apiserver pkg/registry/rest/table.go), for kinds without a
 * printer: the name, and the creation time in RFC 3339 (UTC, whole seconds; Go's zero time when unset).
 */
const defaultPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Created At', 'date', doc('meta/v1 ObjectMeta.creationTimestamp')),
  ],
  cells: (obj) => [nameOf(obj), createdAt(obj?.metadata?.creationTimestamp)],
};

function createdAt(timestamp: unknown): string {
  const ms = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(ms)) return '0001-01-01T00:00:00Z';
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function printerFor(group: string, kind: string): KindPrinter {
  return PRINTERS.get(`${group}/${kind}`) ?? defaultPrinter;
}

/** The column definitions kube-apiserver sends for a kind (priority 1 marks the -o wide columns). */
export function tableColumns(group: string, kind: string): TableColumnDefinition[] {
  return printerFor(group, kind).columns.map((c) => ({ ...c }));
}

/** One row's cells for an object of the kind, wide cells included; `now` is the only clock. */
export function tableCells(group: string, kind: string, obj: any, now: Date): unknown[] {
  return printerFor(group, kind).cells(obj, now);
}
