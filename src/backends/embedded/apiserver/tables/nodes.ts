// Tables for the cluster-scoped core kinds Node and Namespace (printNode, printNamespace in printers.go).

import { AGE_COLUMN, NAME_COLUMN, age, column, doc, nameOf } from './format.js';
import type { KindPrinter } from './types.js';

const NODE_ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
const LEGACY_NODE_ROLE_LABEL = 'kubernetes.io/role';

/** "Ready", "NotReady" or "Unknown" from the Ready condition, then "SchedulingDisabled" for a cordoned node. */
function nodeStatus(node: any): string {
  const conditions: Array<{ type: string; status?: string }> = node.status?.conditions ?? [];
  // The last Ready condition wins, as printNode builds a map keyed by type.
  const ready = conditions.filter((c) => c.type === 'Ready').pop();
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** findNodeRoles: node-role.kubernetes.io/<role> label keys and kubernetes.io/role values, sorted. */
function nodeRoles(labels: Record<string, string> | undefined): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (key.startsWith(NODE_ROLE_LABEL_PREFIX)) {
      const role = key.slice(NODE_ROLE_LABEL_PREFIX.length);
      if (role) roles.add(role);
    } else if (key === LEGACY_NODE_ROLE_LABEL && value) {
      roles.add(value);
    }
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

function nodeAddress(node: any, type: string): string {
  return (node.status?.addresses ?? []).find((a: any) => a.type === type)?.address ?? '<none>';
}

export const nodePrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    AGE_COLUMN,
    column('Version', 'string', doc('core/v1 NodeSystemInfo.kubeletVersion')),
    column('Internal-IP', 'string', doc('core/v1 NodeStatus.addresses'), { priority: 1 }),
    column('External-IP', 'string', doc('core/v1 NodeStatus.addresses'), { priority: 1 }),
    column('OS-Image', 'string', doc('core/v1 NodeSystemInfo.osImage'), { priority: 1 }),
    column('Kernel-Version', 'string', doc('core/v1 NodeSystemInfo.kernelVersion'), { priority: 1 }),
    column('Container-Runtime', 'string', doc('core/v1 NodeSystemInfo.containerRuntimeVersion'), { priority: 1 }),
  ],
  cells: (node, now) => {
    const info = node.status?.nodeInfo ?? {};
    return [
      nameOf(node),
      nodeStatus(node),
      nodeRoles(node.metadata?.labels),
      age(node, now),
      info.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

export const namespacePrinter: KindPrinter = {
  columns: [NAME_COLUMN, column('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
  // Defaulting gives every stored Namespace the phase Active.
  cells: (ns, now) => [nameOf(ns), ns.status?.phase || 'Active', age(ns, now)],
};
