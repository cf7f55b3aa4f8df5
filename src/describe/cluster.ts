// Node and Namespace describers.
import { describeEvents } from './events.js';
import { byteOrder, printAnnotations, printLabels, printTaints, rfc1123z, since, type Obj } from './format.js';
import { ZERO, addQuantities, formatQuantity, intValue, milliValue, parseQuantity, type Quantity } from './quantity.js';
import { tabbed, type PrefixWriter } from './writer.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

export function nodeRoles(node: Obj): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries<string>(node.metadata?.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) roles.add(k.slice(ROLE_PREFIX.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].sort(byteOrder);
}

/** The node's Lease, or the error kubectl shows in its place. */
export type LeaseResult = { lease: Obj } | { error: string };

export function describeNode(node: Obj, pods: Obj[] | undefined, lease: LeaseResult, events: Obj[] | undefined, now: Date): string {
  return tabbed((w) => {
    const spec = node.spec ?? {};
    const status = node.status ?? {};
    w.write(0, `Name:\t${node.metadata.name}\n`);
    const roles = nodeRoles(node);
    w.write(0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
    printLabels(w, 'Labels', node.metadata.labels);
    printAnnotations(w, 'Annotations', node.metadata.annotations);
    w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
    printTaints(w, 'Taints', spec.taints);
    w.write(0, `Unschedulable:\t${spec.unschedulable === true}\n`);
    if ('lease' in lease) {
      const l = lease.lease.spec ?? {};
      w.write(0, 'Lease:\n');
      w.write(1, `HolderIdentity:\t${l.holderIdentity ?? '<unset>'}\n`);
      w.write(1, `AcquireTime:\t${l.acquireTime ? rfc1123z(l.acquireTime) : '<unset>'}\n`);
      w.write(1, `RenewTime:\t${l.renewTime ? rfc1123z(l.renewTime) : '<unset>'}\n`);
    } else {
      w.write(0, `Lease:\tFailed to get lease: ${lease.error}\n`);
    }
    const conditions: Obj[] = status.conditions ?? [];
    if (conditions.length) {
      w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
      }
    }
    w.write(0, 'Addresses:\n');
    for (const a of status.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
    for (const [title, list] of [['Capacity', status.capacity], ['Allocatable', status.allocatable]] as const) {
      const names = Object.keys(list ?? {}).sort(byteOrder);
      if (!names.length) continue;
      w.write(0, `${title}:\n`);
      for (const n of names) w.write(0, `  ${n}:\t${list[n]}\n`);
    }
    const info = status.nodeInfo ?? {};
    w.write(0, 'System Info:\n');
    for (const [label, key] of [
      ['Machine ID', 'machineID'], ['System UUID', 'systemUUID'], ['Boot ID', 'bootID'], ['Kernel Version', 'kernelVersion'],
      ['OS Image', 'osImage'], ['Operating System', 'operatingSystem'], ['Architecture', 'architecture'],
      ['Container Runtime Version', 'containerRuntimeVersion'], ['Kubelet Version', 'kubeletVersion'], ['Kube-Proxy Version', 'kubeProxyVersion'],
    ]) w.write(0, `  ${label}:\t${info[key!] ?? ''}\n`);
    if (spec.podCIDR) w.write(0, `PodCIDR:\t${spec.podCIDR}\n`);
    if (spec.podCIDRs?.length) w.write(0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
    if (spec.providerID) w.write(0, `ProviderID:\t${spec.providerID}\n`);
    if (pods) nodeResources(node, pods, w, now);
    else w.write(0, 'Pods:\tnot authorized\n');
    describeEvents(events, w, now);
  });
}

type ResourceTotals = Map<string, Quantity>;

/** resourcehelper.PodRequestsAndLimits, simplified: the sum over containers, or the largest init container when that is more. */
function podTotals(pod: Obj, field: 'requests' | 'limits'): ResourceTotals {
  const sum: ResourceTotals = new Map();
  for (const c of pod.spec?.containers ?? []) {
    for (const [n, v] of Object.entries(c.resources?.[field] ?? {})) sum.set(n, addQuantities(sum.get(n) ?? ZERO, parseQuantity(v)));
  }
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [n, v] of Object.entries(c.resources?.[field] ?? {})) {
      const q = parseQuantity(v);
      if (q.value > (sum.get(n)?.value ?? 0)) sum.set(n, q);
    }
  }
  for (const [n, v] of Object.entries(pod.spec?.overhead ?? {})) sum.set(n, addQuantities(sum.get(n) ?? ZERO, parseQuantity(v)));
  return sum;
}

const percent = (part: number, whole: number): number => (whole === 0 ? 0 : Math.trunc((part / whole) * 100));

function nodeResources(node: Obj, pods: Obj[], w: PrefixWriter, now: Date): void {
  const status = node.status ?? {};
  const allocatable: Obj = Object.keys(status.allocatable ?? {}).length ? status.allocatable : status.capacity ?? {};
  const cpu = milliValue(parseQuantity(allocatable.cpu));
  const memory = intValue(parseQuantity(allocatable.memory));
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const requests: ResourceTotals = new Map();
  const limits: ResourceTotals = new Map();
  for (const pod of pods) {
    const req = podTotals(pod, 'requests');
    const lim = podTotals(pod, 'limits');
    for (const [n, q] of req) requests.set(n, addQuantities(requests.get(n) ?? ZERO, q));
    for (const [n, q] of lim) limits.set(n, addQuantities(limits.get(n) ?? ZERO, q));
    const cell = (q: Quantity | undefined, whole: number, milli: boolean) =>
      `${formatQuantity(q ?? ZERO)} (${percent(milli ? milliValue(q ?? ZERO) : intValue(q ?? ZERO), whole)}%)`;
    w.write(1, `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${cell(req.get('cpu'), cpu, true)}\t${cell(lim.get('cpu'), cpu, true)}\t${cell(req.get('memory'), memory, false)}\t${cell(lim.get('memory'), memory, false)}\t${since(pod.metadata.creationTimestamp, now)}\n`);
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  const row = (name: string, whole: number, milli: boolean) => {
    const r = requests.get(name) ?? ZERO;
    const l = limits.get(name) ?? ZERO;
    const value = milli ? milliValue : intValue;
    w.write(1, `${name}\t${formatQuantity(r)} (${percent(value(r), whole)}%)\t${formatQuantity(l)} (${percent(value(l), whole)}%)\n`);
  };
  row('cpu', cpu, true);
  row('memory', memory, false);
  row('ephemeral-storage', intValue(parseQuantity(allocatable['ephemeral-storage'])), false);
  const names = Object.keys(allocatable).sort(byteOrder);
  for (const n of names.filter((n) => n.startsWith('hugepages-'))) row(n, intValue(parseQuantity(allocatable[n])), false);
  for (const n of names.filter((n) => n.includes('/') && !n.startsWith('requests.') && !n.includes('kubernetes.io/'))) {
    w.write(1, `${n}\t${formatQuantity(requests.get(n) ?? ZERO)}\t${formatQuantity(limits.get(n) ?? ZERO)}\n`);
  }
}

/** ResourceQuotas and LimitRanges are left out when the server does not serve them (undefined). */
export function describeNamespace(ns: Obj, quotas: Obj[] | undefined, limitRanges: Obj[] | undefined): string {
  return tabbed((w) => {
    w.write(0, `Name:\t${ns.metadata.name}\n`);
    printLabels(w, 'Labels', ns.metadata.labels);
    printAnnotations(w, 'Annotations', ns.metadata.annotations);
    w.write(0, `Status:\t${ns.status?.phase ?? ''}\n`);
    const conditions: Obj[] = ns.status?.conditions ?? [];
    if (conditions.length) {
      w.write(0, 'Conditions:\n');
      w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions) w.write(1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    if (quotas) {
      w.write(0, '\n');
      if (!quotas.length) w.write(0, 'No resource quota.\n');
      else describeQuotas(quotas, w);
    }
    if (limitRanges) {
      w.write(0, '\n');
      if (!limitRanges.length) w.write(0, 'No LimitRange resource.\n');
      else describeLimitRanges(limitRanges, w);
    }
  });
}

function describeQuotas(quotas: Obj[], w: PrefixWriter): void {
  w.write(0, 'Resource Quotas\n');
  for (const q of [...quotas].sort((a, b) => byteOrder(a.metadata.name, b.metadata.name))) {
    w.write(1, `Name:\t${q.metadata.name}\n`);
    const scopes: string[] = [...(q.spec?.scopes ?? [])].sort(byteOrder);
    if (scopes.length) w.write(1, `Scopes:\t${scopes.join(', ')}\n`);
    w.write(1, 'Resource\tUsed\tHard\n');
    w.write(1, '--------\t---\t---\n');
    for (const r of Object.keys(q.status?.hard ?? {}).sort(byteOrder)) {
      w.write(1, `${r}\t${q.status?.used?.[r] ?? '0'}\t${q.status.hard[r]}\n`);
    }
  }
}

function describeLimitRanges(ranges: Obj[], w: PrefixWriter): void {
  w.write(0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of ranges) {
    for (const item of lr.spec?.limits ?? []) {
      const names = new Set<string>();
      for (const k of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) for (const n of Object.keys(item[k] ?? {})) names.add(n);
      for (const n of [...names].sort(byteOrder)) {
        const v = (k: string) => item[k]?.[n] ?? '-';
        w.write(0, ` ${item.type}\t${n}\t${v('min')}\t${v('max')}\t${v('defaultRequest')}\t${v('default')}\t${v('maxLimitRequestRatio')}\n`);
      }
    }
  }
}
