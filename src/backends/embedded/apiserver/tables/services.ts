// Tables for the service-networking kinds: Service, Endpoints, EndpointSlice and Ingress
// (printService, printEndpoints, printEndpointSlice, printIngress in printers.go).

import { AGE_COLUMN, NAME_COLUMN, age, column, doc, formatLabels, listWithMore, nameOf } from './format.js';
import type { KindPrinter } from './types.js';

interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
}

/**
 * loadBalancerStatusStringer: the distinct IPs (or hostnames) sorted. The server always prints
 * wide, so the 16-character clipping kubectl's own printer applies never happens here.
 */
function loadBalancerAddresses(ingress: LoadBalancerIngress[] | undefined): string {
  const addresses = new Set<string>();
  for (const entry of ingress ?? []) {
    if (entry.ip) addresses.add(entry.ip);
    else if (entry.hostname) addresses.add(entry.hostname);
  }
  return [...addresses].sort().join(',');
}

// Defaulting gives every stored Service a type; an object without one is read as defaulted.
function serviceType(spec: any): string {
  return spec.type || 'ClusterIP';
}

function serviceExternalIP(svc: any): string {
  const spec = svc.spec ?? {};
  const externalIPs: string[] = spec.externalIPs ?? [];
  switch (serviceType(spec)) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc.status?.loadBalancer?.ingress);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

function servicePorts(ports: Array<{ port: number; nodePort?: number; protocol?: string }> | undefined): string {
  const text = (ports ?? [])
    .map(({ port, nodePort, protocol = 'TCP' }) => (nodePort && nodePort > 0 ? `${port}:${nodePort}/${protocol}` : `${port}/${protocol}`))
    .join(',');
  return text || '<none>';
}

// The internal Service keeps clusterIP authoritative over clusterIPs (core/v1 conversion).
function clusterIP(spec: any): string {
  return spec.clusterIP || spec.clusterIPs?.[0] || '<none>';
}

export const servicePrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', doc('core/v1 ServiceSpec.type')),
    column('Cluster-IP', 'string', doc('core/v1 ServiceSpec.clusterIP')),
    column('External-IP', 'string', doc('core/v1 ServiceSpec.externalIPs')),
    column('Port(s)', 'string', doc('core/v1 ServiceSpec.ports')),
    AGE_COLUMN,
    column('Selector', 'string', doc('core/v1 ServiceSpec.selector'), { priority: 1 }),
  ],
  cells: (svc, now) => {
    const spec = svc.spec ?? {};
    return [nameOf(svc), serviceType(spec), clusterIP(spec), serviceExternalIP(svc), servicePorts(spec.ports), age(svc, now), formatLabels(spec.selector)];
  },
};

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

interface EndpointSubset {
  addresses?: Array<{ ip: string }>;
  ports?: Array<{ port: number }>;
}

/** formatEndpoints: up to three ready "ip:port" pairs (bare IPs for subsets without ports), then "+ N more...". */
function formatEndpoints(subsets: EndpointSubset[] | undefined): string {
  if (!subsets || subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let total = 0;
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    const ports = subset.ports ?? [];
    // A headless service may have no ports: then each address counts once.
    const endpoints = ports.length === 0 ? addresses.map((a) => a.ip) : ports.flatMap((p) => addresses.map((a) => joinHostPort(a.ip, p.port)));
    total += endpoints.length;
    list.push(...endpoints.slice(0, max - list.length));
  }
  const joined = list.join(',');
  return total > max ? `${joined} + ${total - max} more...` : joined;
}

export const endpointsPrinter: KindPrinter = {
  columns: [NAME_COLUMN, column('Endpoints', 'string', doc('core/v1 Endpoints.subsets')), AGE_COLUMN],
  cells: (ep, now) => [nameOf(ep), formatEndpoints(ep.subsets), age(ep, now)],
};

function discoveryPorts(ports: Array<{ port?: number | null; name?: string | null }> | undefined): string {
  const names = (ports ?? []).map((p) => (p.port != null ? String(p.port) : p.name != null ? p.name : '*'));
  return listWithMore(names.slice(0, 3), names.length, 3);
}

function discoveryEndpoints(endpoints: Array<{ addresses?: string[] }> | undefined): string {
  const addresses = (endpoints ?? []).flatMap((e) => e.addresses ?? []);
  return listWithMore(addresses.slice(0, 3), addresses.length, 3);
}

export const endpointSlicePrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('AddressType', 'string', doc('discovery/v1beta1 EndpointSlice.addressType')),
    column('Ports', 'string', doc('discovery/v1beta1 EndpointSlice.ports')),
    column('Endpoints', 'string', doc('discovery/v1beta1 EndpointSlice.endpoints')),
    AGE_COLUMN,
  ],
  cells: (slice, now) => [nameOf(slice), slice.addressType ?? '', discoveryPorts(slice.ports), discoveryEndpoints(slice.endpoints), age(slice, now)],
};

/** formatHosts: the first three hosts named, "+ N more..." (counting rules) when rules follow them, "*" when none is named. */
function ingressHosts(rules: Array<{ host?: string }> | undefined): string {
  const list = rules ?? [];
  const max = 3;
  const hosts: string[] = [];
  let more = false;
  for (const rule of list) {
    if (hosts.length === max) {
      more = true;
      break;
    }
    if (rule.host) hosts.push(rule.host);
  }
  if (hosts.length === 0) return '*';
  return more ? `${hosts.join(',')} + ${list.length - max} more...` : hosts.join(',');
}

export const ingressPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    AGE_COLUMN,
  ],
  cells: (ing, now) => {
    const spec = ing.spec ?? {};
    return [
      nameOf(ing),
      spec.ingressClassName ?? '<none>',
      ingressHosts(spec.rules),
      loadBalancerAddresses(ing.status?.loadBalancer?.ingress),
      (spec.tls ?? []).length > 0 ? '80, 443' : '80',
      age(ing, now),
    ];
  },
};
