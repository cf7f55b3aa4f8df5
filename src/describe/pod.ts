// `kubectl describe pod` (describePod): a pure function of the pod and its events.
import { describeContainers, describeResources, describeTopologySpread } from './containers.js';
import { describeEvents } from './events.js';
import { printAnnotations, printLabels, printTolerations, rfc1123z, since, writeControlledBy, type Obj } from './format.js';
import { podQOS } from './qos.js';
import { describeVolumes } from './volumes.js';
import { tabbed, type PrefixWriter } from './writer.js';

export function describePod(pod: Obj, events: Obj[] | undefined, now: Date): string {
  return tabbed((w) => {
    const meta = pod.metadata ?? {};
    const spec = pod.spec ?? {};
    const status = pod.status ?? {};
    w.write(0, `Name:\t${meta.name}\n`);
    w.write(0, `Namespace:\t${meta.namespace ?? ''}\n`);
    if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
    w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
    if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabels(w, 'Labels', meta.labels);
    printAnnotations(w, 'Annotations', meta.annotations);
    if (meta.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(0, `Status:\tTerminating (lasts ${since(meta.deletionTimestamp, now)})\n`);
      w.write(0, `Termination Grace Period:\t${meta.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(0, `Status:\t${status.phase ?? ''}\n`);
    }
    if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(0, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
      if (seccomp.type === 'Localhost') w.write(0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    w.write(0, `IP:\t${status.podIP ?? ''}\n`);
    podIPs(status.podIPs, w);
    writeControlledBy(w, pod);
    if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if (spec.resources) {
      w.write(0, 'Resources:\n');
      describeResources(spec.resources, w, 1);
    }
    const resolve = (e: Obj) => fieldValue(pod, e.valueFrom.fieldRef.fieldPath);
    if (spec.initContainers?.length) describeContainers('Init Containers', spec.initContainers, status.initContainerStatuses, resolve, w, '');
    describeContainers('Containers', spec.containers ?? [], status.containerStatuses, resolve, w, '');
    if (spec.ephemeralContainers?.length) {
      describeContainers('Ephemeral Containers', spec.ephemeralContainers, status.ephemeralContainerStatuses, resolve, w, '');
    }
    readinessGates(pod, w);
    const conditions: Obj[] = status.conditions ?? [];
    if (conditions.length) {
      w.write(0, 'Conditions:\n  Type\tStatus\n');
      for (const c of conditions) w.write(1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(spec.volumes, w, '');
    w.write(0, `QoS Class:\t${podQOS(pod)}\n`);
    printLabels(w, 'Node-Selectors', spec.nodeSelector);
    printTolerations(w, 'Tolerations', spec.tolerations);
    describeTopologySpread(spec.topologySpreadConstraints, w, '');
    describeEvents(events, w, now);
  });
}

function podIPs(ips: Obj[] | undefined, w: PrefixWriter): void {
  if (!ips?.length) return w.write(0, 'IPs:\t<none>\n');
  w.write(0, 'IPs:\n');
  for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`);
}

function readinessGates(pod: Obj, w: PrefixWriter): void {
  const gates: Obj[] = pod.spec?.readinessGates ?? [];
  if (!gates.length) return;
  w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
  for (const g of gates) {
    const c = (pod.status?.conditions ?? []).find((x: Obj) => x.type === g.conditionType);
    w.write(1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
  }
}

/** fieldpath.ExtractFieldPathAsString for the downward API paths a pod's env may name. */
function fieldValue(pod: Obj, path: string): string {
  const meta = pod.metadata ?? {};
  const mapKey = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (mapKey) return String(meta[mapKey[1]!]?.[mapKey[2]!] ?? '');
  switch (path) {
    case 'metadata.name': return meta.name ?? '';
    case 'metadata.namespace': return meta.namespace ?? '';
    case 'metadata.uid': return meta.uid ?? '';
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP': return pod.status?.hostIP ?? '';
    case 'status.podIP': return pod.status?.podIP ?? '';
    case 'status.podIPs': return (pod.status?.podIPs ?? []).map((p: Obj) => p.ip).join(',');
  }
  return '';
}
