// The endpoints and endpointslice controllers (pkg/controller/endpoint, pkg/controller/endpointslice):
// for every Service with a selector, the addresses of the matching pods that have an IP, ready or
// not, with the ports the Service's targetPorts resolve to on each pod. The `kubernetes` Service's
// endpoints are the API server's own, as kube-apiserver's endpoint reconciler keeps them.
import { StatusError } from '../../../client/errors.js';
import { timestamp, type KubeObject } from '../apiserver/objects.js';
import { objectKey, splitKey, type Cache, type CacheChange } from './cache.js';
import type { Controller, ControllerContext } from './controller.js';
import { isPodReady } from './pods.js';
import {
  ENDPOINTSLICES, MANAGED_BY, SERVICE_NAME, TRIGGER_TIME, reconcileSlices, type DesiredEndpoint, type SliceEndpoint, type SlicePort,
} from './endpointslices.js';

type Obj = KubeObject & { spec?: any; status?: any };

const HEADLESS = 'service.kubernetes.io/headless';
const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
/** The endpoints controller truncates an Endpoints object to this many addresses. */
const MAX_ENDPOINTS_ADDRESSES = 1000;
/** Where kube-apiserver listens inside a kind cluster. */
const API_SERVER_PORT = 6443;

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export class EndpointsController implements Controller {
  readonly name = 'endpoints';
  readonly types = ['services', 'pods', 'endpoints', ENDPOINTSLICES, 'nodes', 'namespaces'];

  keysFor(change: CacheChange, cache: Cache): string[] {
    const obj = change.object;
    switch (change.type) {
      case 'services': case 'endpoints': return [objectKey(obj)];
      case ENDPOINTSLICES: {
        const service = obj.metadata?.labels?.[SERVICE_NAME];
        return service ? [`${obj.metadata!.namespace}/${service}`] : [];
      }
      case 'nodes': return ['default/kubernetes'];
      case 'pods': {
        const keys = new Set<string>();
        for (const pod of [obj, change.old]) {
          if (!pod) continue;
          for (const svc of cache.list('services', pod.metadata?.namespace) as Obj[]) {
            if (selects(svc, pod)) keys.add(objectKey(svc));
          }
        }
        return [...keys];
      }
    }
    return [];
  }

  async sync(key: string, ctx: ControllerContext): Promise<undefined> {
    const { namespace } = splitKey(key);
    const ns = ctx.cache.get('namespaces', namespace!) as Obj | undefined;
    if (!ns || ns.metadata?.deletionTimestamp) return undefined;
    const svc = ctx.cache.get('services', key) as Obj | undefined;
    if (!svc) {
      await deleteEndpoints(ctx, key);
      return undefined;
    }
    if (key === 'default/kubernetes') {
      await syncApiServerEndpoints(ctx);
      return undefined;
    }
    if (!hasSelector(svc)) return undefined;
    const pods = (ctx.cache.list('pods', namespace) as Obj[]).filter((p) => selects(svc, p) && podIPv4(p) && !isTerminal(p));
    pods.sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : a.metadata!.name! > b.metadata!.name! ? 1 : 0));
    const trigger = triggerTime(svc, pods);
    const includeTerminating = !!svc.spec?.publishNotReadyAddresses;
    await syncEndpoints(ctx, svc, endpointSubsets(svc, pods.filter((p) => includeTerminating || !p.metadata?.deletionTimestamp)), trigger);
    await reconcileSlices(ctx, svc, sliceEndpoints(svc, pods), sliceLabels(svc), trigger);
    return undefined;
  }
}

function hasSelector(svc: Obj): boolean {
  return !!svc.spec?.selector && Object.keys(svc.spec.selector).length > 0;
}

function selects(svc: Obj, pod: KubeObject): boolean {
  if (!hasSelector(svc)) return false;
  const labels = pod.metadata?.labels ?? {};
  return Object.entries(svc.spec.selector as Record<string, string>).every(([k, v]) => labels[k] === v);
}

function isTerminal(pod: Obj): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function podIPv4(pod: Obj): string | undefined {
  const ips: string[] = (pod.status?.podIPs ?? []).map((p: any) => p.ip);
  if (pod.status?.podIP) ips.unshift(pod.status.podIP);
  return ips.find((ip) => ip && !ip.includes(':'));
}

/** podutil.FindPort: a number is the port; a name is looked up among the containers' ports of the same protocol. */
export function findPort(pod: Obj, servicePort: any): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  const protocol = servicePort.protocol ?? 'TCP';
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always')];
  for (const c of containers) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

function endpointPort(servicePort: any, port: number): EndpointPort {
  const p: EndpointPort = { port, protocol: servicePort.protocol ?? 'TCP' };
  if (servicePort.name) p.name = servicePort.name;
  if (servicePort.appProtocol) p.appProtocol = servicePort.appProtocol;
  return p;
}

function endpointAddress(svc: Obj, pod: Obj): EndpointAddress {
  const meta = pod.metadata!;
  const address: EndpointAddress = { ip: podIPv4(pod)! } as EndpointAddress;
  // A pod's own DNS name under a headless service it names as its subdomain.
  if (pod.spec?.hostname && pod.spec?.subdomain === svc.metadata?.name) address.hostname = pod.spec.hostname;
  if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
  address.targetRef = { kind: 'Pod', namespace: meta.namespace!, name: meta.name!, uid: meta.uid! };
  return address;
}

/**
 * Endpoints subsets as the endpoints controller packs them: each address with the ports its pod
 * resolves, addresses with the same ports grouped into one subset, sorted by IP.
 */
export function endpointSubsets(svc: Obj, pods: Obj[]): EndpointSubset[] {
  const servicePorts: any[] = svc.spec?.ports ?? [];
  const headless = svc.spec?.clusterIP === 'None';
  const groups = new Map<string, EndpointSubset & { ports: EndpointPort[] }>();
  for (const pod of pods) {
    const ports = servicePorts.flatMap((sp) => {
      const port = findPort(pod, sp);
      return port === undefined ? [] : [endpointPort(sp, port)];
    });
    // A pod none of whose ports resolves has no endpoint, unless a headless service declares no ports.
    if (ports.length === 0 && !(headless && servicePorts.length === 0)) continue;
    ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    const sig = JSON.stringify(ports);
    let subset = groups.get(sig);
    if (!subset) groups.set(sig, (subset = { ports }));
    const ready = isPodReady(pod) || !!svc.spec?.publishNotReadyAddresses;
    (ready ? (subset.addresses ??= []) : (subset.notReadyAddresses ??= [])).push(endpointAddress(svc, pod));
  }
  const byIP = (a: EndpointAddress, b: EndpointAddress) => compareIPs(a.ip, b.ip) || a.targetRef.uid.localeCompare(b.targetRef.uid);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => {
    const subset: EndpointSubset = {};
    if (s.addresses) subset.addresses = s.addresses.sort(byIP);
    if (s.notReadyAddresses) subset.notReadyAddresses = s.notReadyAddresses.sort(byIP);
    if (s.ports.length) subset.ports = s.ports;
    return subset;
  });
}

function compareIPs(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Keep at most MAX_ENDPOINTS_ADDRESSES addresses, ready ones first; true when some were dropped. */
function truncate(subsets: EndpointSubset[]): boolean {
  let room = MAX_ENDPOINTS_ADDRESSES;
  const total = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
  if (total <= room) return false;
  for (const field of ['addresses', 'notReadyAddresses'] as const) {
    for (const s of subsets) {
      const list = s[field];
      if (!list) continue;
      if (list.length > room) list.length = room;
      room -= list.length;
      if (list.length === 0) delete s[field];
    }
  }
  return true;
}

/** The newest change that moved these endpoints: a pod's readiness or the service's creation. */
function triggerTime(svc: Obj, pods: Obj[]): string | undefined {
  let latest = Date.parse(svc.metadata?.creationTimestamp ?? '') || 0;
  for (const pod of pods) {
    const ready = (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
    const at = Date.parse(ready?.lastTransitionTime ?? pod.metadata?.creationTimestamp ?? '') || 0;
    if (at > latest) latest = at;
  }
  return latest ? timestamp(new Date(latest)) : undefined;
}

function serviceLabels(svc: Obj): Record<string, string> {
  const labels: Record<string, string> = { ...svc.metadata?.labels };
  if (svc.spec?.clusterIP === 'None') labels[HEADLESS] = '';
  else delete labels[HEADLESS];
  return labels;
}

async function syncEndpoints(ctx: ControllerContext, svc: Obj, subsets: EndpointSubset[], trigger: string | undefined): Promise<void> {
  const meta = svc.metadata!;
  const current = ctx.cache.get('endpoints', objectKey(svc)) as Obj | undefined;
  const overCapacity = truncate(subsets);
  const labels = serviceLabels(svc);
  const annotations: Record<string, string> = { ...current?.metadata?.annotations };
  if (overCapacity) annotations[OVER_CAPACITY] = 'truncated';
  else delete annotations[OVER_CAPACITY];
  const unchanged = current
    && JSON.stringify(current.subsets ?? []) === JSON.stringify(subsets)
    && JSON.stringify(current.metadata?.labels ?? {}) === JSON.stringify(labels)
    && current.metadata?.annotations?.[OVER_CAPACITY] === annotations[OVER_CAPACITY];
  if (unchanged) return;
  if (trigger) annotations[TRIGGER_TIME] = trigger;
  const metadata: Obj['metadata'] = { ...(current?.metadata ?? { name: meta.name, namespace: meta.namespace }), labels, annotations };
  if (!Object.keys(labels).length) delete metadata!.labels;
  if (!Object.keys(annotations).length) delete metadata!.annotations;
  const body: Obj = { apiVersion: 'v1', kind: 'Endpoints', metadata, ...(subsets.length ? { subsets } : {}) };
  await write(ctx, `/api/v1/namespaces/${meta.namespace}/endpoints`, meta.name!, body, !!current);
}

/** Create, or replace what is there; a conflict means the cache is behind and the key is looked at again. */
async function write(ctx: ControllerContext, collection: string, name: string, body: Obj, exists: boolean): Promise<void> {
  if (exists) {
    await ctx.client.request('PUT', `${collection}/${name}`, { body });
    return;
  }
  try {
    await ctx.client.request('POST', collection, { body });
  } catch (e) {
    if (!(e instanceof StatusError && e.code === 409)) throw e;
  }
}

async function deleteEndpoints(ctx: ControllerContext, key: string): Promise<void> {
  const current = ctx.cache.get('endpoints', key);
  if (!current || key === 'default/kubernetes') return;
  try {
    await ctx.client.request('DELETE', `/api/v1/namespaces/${current.metadata!.namespace}/endpoints/${current.metadata!.name}`, {
      body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: current.metadata!.uid } },
    });
  } catch (e) {
    if (!(e instanceof StatusError && (e.code === 404 || e.code === 409))) throw e;
  }
}

/** The EndpointSlice endpoints: terminating pods too, with ready, serving and terminating conditions. */
function sliceEndpoints(svc: Obj, pods: Obj[]): DesiredEndpoint[] {
  const servicePorts: any[] = svc.spec?.ports ?? [];
  const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
  const result: DesiredEndpoint[] = [];
  for (const pod of pods) {
    const ports = servicePorts.flatMap((sp): SlicePort[] => {
      const port = findPort(pod, sp);
      if (port === undefined) return [];
      return [{ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) }];
    });
    if (ports.length === 0 && servicePorts.length > 0) continue;
    const address = endpointAddress(svc, pod);
    const terminating = !!pod.metadata?.deletionTimestamp;
    const serving = publishNotReady || isPodReady(pod);
    const endpoint: SliceEndpoint = {
      addresses: [address.ip],
      conditions: { ready: publishNotReady || (serving && !terminating), serving, terminating },
      ...(address.hostname ? { hostname: address.hostname } : {}),
      ...(address.nodeName ? { nodeName: address.nodeName } : {}),
      targetRef: address.targetRef,
    };
    result.push({ ports, endpoint, key: address.targetRef.uid });
  }
  return result;
}

function sliceLabels(svc: Obj): Record<string, string> {
  const labels = serviceLabels(svc);
  delete labels[SERVICE_NAME];
  delete labels[MANAGED_BY];
  return { ...labels, [SERVICE_NAME]: svc.metadata!.name!, [MANAGED_BY]: 'endpointslice-controller.k8s.io' };
}

/** The `kubernetes` Service points at the API server on the control-plane node (kind: 172.18.0.2:6443). */
async function syncApiServerEndpoints(ctx: ControllerContext): Promise<void> {
  const nodes = ctx.cache.list('nodes') as Obj[];
  const node = nodes.find((n) => n.metadata?.labels?.['node-role.kubernetes.io/control-plane'] !== undefined) ?? nodes[0];
  const ip = node?.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address;
  if (!ip) return;
  const port = { name: 'https', port: API_SERVER_PORT, protocol: 'TCP' };
  const ep = ctx.cache.get('endpoints', 'default/kubernetes') as Obj | undefined;
  const subsets = [{ addresses: [{ ip }], ports: [port] }];
  const labels = { 'endpointslice.kubernetes.io/skip-mirror': 'true' };
  if (!ep || JSON.stringify(ep.subsets) !== JSON.stringify(subsets) || JSON.stringify(ep.metadata?.labels) !== JSON.stringify(labels)) {
    const metadata = { ...(ep?.metadata ?? { name: 'kubernetes', namespace: 'default' }), labels };
    await write(ctx, '/api/v1/namespaces/default/endpoints', 'kubernetes', { apiVersion: 'v1', kind: 'Endpoints', metadata, subsets }, !!ep);
  }
  const slice = ctx.cache.get(ENDPOINTSLICES, 'default/kubernetes') as Obj | undefined;
  const desired = { addressType: 'IPv4', endpoints: [{ addresses: [ip], conditions: { ready: true } }], ports: [port] };
  const sliceLabelsWanted = { [SERVICE_NAME]: 'kubernetes' };
  if (!slice || JSON.stringify([slice.addressType, slice.endpoints, slice.ports, slice.metadata?.labels]) !== JSON.stringify([desired.addressType, desired.endpoints, desired.ports, sliceLabelsWanted])) {
    const metadata = { ...(slice?.metadata ?? { name: 'kubernetes', namespace: 'default' }), labels: sliceLabelsWanted };
    await write(ctx, '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', 'kubernetes',
      { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata, ...desired }, !!slice);
  }
}
