// Service, Endpoints and Ingress describers: pure functions of the object and what was fetched beside it.
import { describeEvents } from './events.js';
import { byteOrder, formatMap, printAnnotations, printLabels, type Obj } from './format.js';
import { tabbed } from './writer.js';

const MAX_ENDPOINTS = 3;

const isReady = (e: Obj) => e.conditions?.ready !== false;
const joinHostPort = (host: string, port: unknown) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** formatEndpointSlices: up to three ready addresses (host:port) of the named port, then "+ N more...". */
export function formatEndpointSlices(slices: Obj[], portName: string | undefined): string {
  if (!slices.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  const add = (text: string) => {
    if (list.length === MAX_ENDPOINTS) more = true;
    if (!more) list.push(text);
    count++;
  };
  for (const slice of slices) {
    const endpoints: Obj[] = slice.endpoints ?? [];
    if (!slice.ports?.length) {
      for (const e of endpoints) {
        if (list.length === MAX_ENDPOINTS) more = true;
        if (isReady(e)) add(e.addresses[0]);
      }
      continue;
    }
    for (const port of slice.ports as Obj[]) {
      if (portName !== undefined && (port.name ?? '') !== portName) continue;
      for (const e of endpoints) {
        if (list.length === MAX_ENDPOINTS) more = true;
        if (isReady(e)) add(joinHostPort(e.addresses[0], port.port));
      }
    }
  }
  return more ? `${list.join(',')} + ${count - MAX_ENDPOINTS} more...` : list.join(',');
}

export function describeService(svc: Obj, slices: Obj[], events: Obj[] | undefined, now: Date): string {
  return tabbed((w) => {
    const spec = svc.spec ?? {};
    w.write(0, `Name:\t${svc.metadata.name}\n`);
    w.write(0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
    printLabels(w, 'Labels', svc.metadata.labels);
    printAnnotations(w, 'Annotations', svc.metadata.annotations);
    w.write(0, `Selector:\t${formatMap(spec.selector)}\n`);
    w.write(0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    w.write(0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`);
    w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`);
    w.write(0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>'}\n`);
    if (spec.externalIPs?.length) w.write(0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
    if (spec.loadBalancerIP) w.write(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(0, `External Name:\t${spec.externalName}\n`);
    const ingress: Obj[] = svc.status?.loadBalancer?.ingress ?? [];
    if (ingress.length) {
      const text = ingress.map((i) => (i.ip ? (i.ipMode ? `${i.ip} (${i.ipMode})` : i.ip) : i.hostname ?? '')).join(', ');
      w.write(0, `LoadBalancer Ingress:\t${text}\n`);
    }
    for (const p of spec.ports ?? []) {
      const name = p.name || '<unset>';
      w.write(0, `Port:\t${name}\t${p.port}/${p.protocol ?? ''}\n`);
      w.write(0, `TargetPort:\t${p.targetPort ?? 0}/${p.protocol ?? ''}\n`);
      if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${p.protocol ?? ''}\n`);
      w.write(0, `Endpoints:\t${formatEndpointSlices(slices, p.name ?? '')}\n`);
    }
    w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy) w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if (spec.loadBalancerSourceRanges?.length) w.write(0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
    describeEvents(events, w, now);
  });
}

export function describeEndpoints(ep: Obj, events: Obj[] | undefined, now: Date): string {
  return tabbed((w) => {
    w.write(0, `Name:\t${ep.metadata.name}\n`);
    w.write(0, `Namespace:\t${ep.metadata.namespace ?? ''}\n`);
    printLabels(w, 'Labels', ep.metadata.labels);
    printAnnotations(w, 'Annotations', ep.metadata.annotations);
    w.write(0, 'Subsets:\n');
    for (const subset of ep.subsets ?? []) {
      const ips = (list: Obj[] | undefined) => (list ?? []).map((a) => a.ip).join(',') || '<none>';
      w.write(1, `Addresses:\t${ips(subset.addresses)}\n`);
      w.write(1, `NotReadyAddresses:\t${ips(subset.notReadyAddresses)}\n`);
      if (subset.ports?.length) {
        w.write(1, 'Ports:\n');
        w.write(2, 'Name\tPort\tProtocol\n');
        w.write(2, '----\t----\t--------\n');
        for (const p of subset.ports) w.write(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? ''}\n`);
      }
      w.write(0, '\n');
    }
    describeEvents(events, w, now);
  });
}

/** What an Ingress backend needs from the cluster: the Service it names and that Service's EndpointSlices. */
export interface BackendLookup {
  services: Map<string, Obj>;
  slices: Map<string, Obj[]>;
}

function describeBackend(b: Obj, lookup: BackendLookup): string {
  if (b.service) {
    const name = b.service.name ?? '';
    const port = b.service.port?.number ? String(b.service.port.number) : b.service.port?.name ?? '';
    const text = `${name}:${port}`;
    const svc = lookup.services.get(name);
    if (!svc) return `${text} (<error: services "${name}" not found>)`;
    let portName = '';
    for (const sp of svc.spec?.ports ?? []) {
      if (b.service.port?.number && b.service.port.number === sp.port) portName = sp.name ?? '';
      else if (b.service.port?.name && b.service.port.name === sp.name) portName = sp.name;
    }
    return `${text} (${formatEndpointSlices(lookup.slices.get(name) ?? [], portName)})`;
  }
  if (b.resource) return `APIGroup: ${b.resource.apiGroup ?? '<none>'}, Kind: ${b.resource.kind}, Name: ${b.resource.name}`;
  return '';
}

export function describeIngress(ing: Obj, lookup: BackendLookup, events: Obj[] | undefined, now: Date): string {
  return tabbed((w) => {
    const spec = ing.spec ?? {};
    w.write(0, `Name:\t${ing.metadata.name}\n`);
    printLabels(w, 'Labels', ing.metadata.labels);
    w.write(0, `Namespace:\t${ing.metadata.namespace ?? ''}\n`);
    const addresses = new Set<string>();
    for (const i of ing.status?.loadBalancer?.ingress ?? []) if (i.ip || i.hostname) addresses.add(i.ip || i.hostname);
    w.write(0, `Address:\t${[...addresses].sort(byteOrder).join(',')}\n`);
    w.write(0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
    const defaultBackend = spec.defaultBackend ? describeBackend(spec.defaultBackend, lookup) : '<default>';
    w.write(0, `Default backend:\t${defaultBackend}\n`);
    if (spec.tls?.length) {
      w.write(0, 'TLS:\n');
      for (const t of spec.tls) {
        const hosts = (t.hosts ?? []).join(',');
        w.write(1, t.secretName ? `${t.secretName} terminates ${hosts}\n` : `SNI routes ${hosts}\n`);
      }
    }
    w.write(0, 'Rules:\n  Host\tPath\tBackends\n');
    w.write(1, '----\t----\t--------\n');
    let count = 0;
    for (const rule of spec.rules ?? []) {
      if (!rule.http) continue;
      count++;
      w.write(1, `${rule.host || '*'}\t\n`);
      for (const path of rule.http.paths ?? []) w.write(2, `\t${path.path ?? ''} \t${describeBackend(path.backend ?? {}, lookup)}\n`);
    }
    if (count === 0) w.write(1, `*\t*\t${defaultBackend}\n`);
    printAnnotations(w, 'Annotations', ing.metadata.annotations);
    describeEvents(events, w, now);
  });
}

/** The Services an Ingress's backends name. */
export function ingressServiceNames(ing: Obj): string[] {
  const names = new Set<string>();
  const add = (b: Obj | undefined) => b?.service?.name && names.add(b.service.name);
  add(ing.spec?.defaultBackend);
  for (const rule of ing.spec?.rules ?? []) for (const p of rule.http?.paths ?? []) add(p.backend);
  return [...names];
}
