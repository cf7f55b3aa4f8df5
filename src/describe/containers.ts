// Containers and pod templates as kubectl describe prints them (describeContainers, DescribePodTemplate).
import { byteOrder, boolText, printLabels, printAnnotations, printTolerations, rfc1123z, type Obj } from './format.js';
import { describeVolumes } from './volumes.js';
import { formatLabelSelector } from '../selectors/index.js';
import type { PrefixWriter } from './writer.js';

type EnvResolver = (env: Obj) => string;

export function describeContainers(
  label: string, containers: Obj[], statuses: Obj[] | undefined, resolve: EnvResolver | undefined, w: PrefixWriter, space: string,
): void {
  const byName = new Map<string, Obj>((statuses ?? []).map((s) => [s.name, s]));
  w.write(0, `${space}${label}:${containers.length ? '' : ' <none>'}\n`);
  for (const c of containers) {
    const status = byName.get(c.name);
    basicInfo(c, status, space, w);
    command(c, w);
    if (status) state(status, w);
    describeResources(c.resources, w, 2);
    probes(c, w);
    if (c.envFrom?.length) envFrom(c, w);
    env(c, resolve, w);
    mounts(c, w);
  }
}

function basicInfo(c: Obj, status: Obj | undefined, space: string, w: PrefixWriter): void {
  w.write(1, `${space ? ' ' : ''}${c.name}:\n`);
  if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(2, `Image:\t${c.image ?? ''}\n`);
  if (status) w.write(2, `Image ID:\t${status.imageID ?? ''}\n`);
  const ports: Obj[] = c.ports ?? [];
  const portText = ports.map((p) => `${p.containerPort ?? 0}/${p.protocol ?? ''}`).join(', ');
  if (portText.includes(',')) w.write(2, `Ports:\t${portText}\n`);
  else w.write(2, `Port:\t${portText || '<none>'}\n`);
  const hostText = ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ''}`).join(', ');
  if (hostText.includes(',')) w.write(2, `Host Ports:\t${hostText}\n`);
  else w.write(2, `Host Port:\t${hostText || '<none>'}\n`);
  const seccomp = c.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(2, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
    if (seccomp.type === 'Localhost') w.write(3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
}

function command(c: Obj, w: PrefixWriter): void {
  for (const [title, list] of [['Command', c.command], ['Args', c.args]] as const) {
    if (!list?.length) continue;
    w.write(2, `${title}:\n`);
    for (const item of list as string[]) for (const s of item.split('\n')) w.write(3, `${s}\n`);
  }
}

/** Resource names in the order kubectl sorts them (SortedResourceNames: by name). */
export function describeResources(resources: Obj | undefined, w: PrefixWriter, level: number): void {
  if (!resources) return;
  for (const [title, list] of [['Limits', resources.limits], ['Requests', resources.requests]] as const) {
    const names = Object.keys(list ?? {}).sort(byteOrder);
    if (names.length) w.write(level, `${title}:\n`);
    for (const n of names) w.write(level + 1, `${n}:\t${list[n]}\n`);
  }
}

function state(status: Obj, w: PrefixWriter): void {
  describeState('State', status.state ?? {}, w);
  if (status.lastState?.terminated) describeState('Last State', status.lastState, w);
  w.write(2, `Ready:\t${boolText(status.ready)}\n`);
  w.write(2, `Restart Count:\t${status.restartCount ?? 0}\n`);
}

function describeState(name: string, s: Obj, w: PrefixWriter): void {
  if (s.running) {
    w.write(2, `${name}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(s.running.startedAt)}\n`);
  } else if (s.waiting) {
    w.write(2, `${name}:\tWaiting\n`);
    if (s.waiting.reason) w.write(3, `Reason:\t${s.waiting.reason}\n`);
  } else if (s.terminated) {
    const t = s.terminated;
    w.write(2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if (t.signal > 0) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(2, `${name}:\tWaiting\n`);
  }
}

function probes(c: Obj, w: PrefixWriter): void {
  if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

/** DescribeProbe: "http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3". */
export function describeProbe(p: Obj): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const port = g.port === undefined ? '' : String(g.port);
    const host = g.host ?? '';
    const hostPort = port ? (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`) : host;
    const scheme = String(g.scheme ?? '').toLowerCase();
    return `http-get ${scheme ? `${scheme}://` : hostPort ? '//' : ''}${hostPort}${g.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port ?? ''} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port ?? 0} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function envFrom(c: Obj, w: PrefixWriter): void {
  w.write(2, 'Environment Variables from:\n');
  for (const e of c.envFrom as Obj[]) {
    const ref = e.configMapRef ?? e.secretRef;
    const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
    const optional = ref?.optional === true;
    const prefix = e.prefix ? ` with prefix '${e.prefix}'` : '';
    w.write(3, `${ref?.name ?? ''}\t${from}${prefix}\tOptional: ${optional}\n`);
  }
}

function env(c: Obj, resolve: EnvResolver | undefined, w: PrefixWriter): void {
  const list: Obj[] = c.env ?? [];
  w.write(2, `Environment:${list.length ? '' : '\t<none>'}\n`);
  for (const e of list) {
    const from = e.valueFrom;
    if (!from) {
      String(e.value ?? '').split('\n').forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
    } else if (from.fieldRef) {
      w.write(3, `${e.name}:\t${resolve ? resolve(e) : ''} (${from.fieldRef.apiVersion ?? ''}:${from.fieldRef.fieldPath ?? ''})\n`);
    } else if (from.resourceFieldRef) {
      const resource = from.resourceFieldRef.resource ?? '';
      w.write(3, `${e.name}:\t${resourceFieldValue(c, from.resourceFieldRef)} (${resource})\n`);
    } else if (from.secretKeyRef) {
      const r = from.secretKeyRef;
      w.write(3, `${e.name}:\t<set to the key '${r.key}' in secret '${r.name ?? ''}'>\tOptional: ${r.optional === true}\n`);
    } else if (from.configMapKeyRef) {
      const r = from.configMapKeyRef;
      w.write(3, `${e.name}:\t<set to the key '${r.key}' of config map '${r.name ?? ''}'>\tOptional: ${r.optional === true}\n`);
    }
  }
}

// A limit that is not set reads as the node's allocatable; a set one is printed as written.
function resourceFieldValue(c: Obj, ref: Obj): string {
  const [kind, name] = String(ref.resource ?? '').split('.');
  const value = (kind === 'limits' ? c.resources?.limits : kind === 'requests' ? c.resources?.requests : undefined)?.[name ?? ''];
  if (value !== undefined && ref.divisor === undefined) return String(value);
  if (value === undefined && (ref.resource === 'limits.cpu' || ref.resource === 'limits.memory')) return 'node allocatable';
  return value === undefined ? '0' : String(value);
}

function mounts(c: Obj, w: PrefixWriter): void {
  const list: Obj[] = [...(c.volumeMounts ?? [])].sort((a, b) => byteOrder(a.mountPath ?? '', b.mountPath ?? ''));
  const none = list.length ? '' : '\t<none>';
  w.write(2, `Mounts:${none}\n`);
  for (const m of list) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  const devices: Obj[] = [...(c.volumeDevices ?? [])].sort((a, b) => byteOrder(a.devicePath ?? '', b.devicePath ?? ''));
  if (devices.length) {
    w.write(2, `Devices:${none}\n`);
    for (const d of devices) w.write(3, `${d.devicePath} from ${d.name}\n`);
  }
}

/** DescribePodTemplate: the "Pod Template:" section of workloads. */
export function describePodTemplate(template: Obj | undefined, w: PrefixWriter): void {
  w.write(0, 'Pod Template:\n');
  if (!template) return w.write(1, '<unset>');
  const spec = template.spec ?? {};
  printLabels(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length) printAnnotations(w, '  Annotations', template.metadata.annotations);
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ');
  describeContainers('Containers', spec.containers ?? [], undefined, undefined, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  describeTopologySpread(spec.topologySpreadConstraints, w, '  ');
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabels(w, '  Node-Selectors', spec.nodeSelector);
  printTolerations(w, '  Tolerations', spec.tolerations);
}

export function describeTopologySpread(constraints: Obj[] | undefined, w: PrefixWriter, space: string): void {
  if (!constraints?.length) return;
  const sorted = [...constraints].sort((a, b) => byteOrder(a.topologyKey ?? '', b.topologyKey ?? ''));
  w.write(0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((t, i) => {
    if (i) w.write(0, `${space}\t`);
    let s = `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded`;
    if (t.labelSelector) s += ` for selector ${formatLabelSelector(t.labelSelector)}`;
    w.write(0, `${s}\n`);
  });
}
