// What kube-apiserver's per-kind REST strategies do around a write: reset status on create,
// keep status on spec updates (and spec on status updates), allocate service addresses.
import type { Store } from '../store/store.js';
import type { KubeObject } from './objects.js';
import type { ResourceType } from './resources.js';
import { allocateClusterIP, allocateNodePort, releaseClusterIP, releaseNodePort } from './allocators.js';

export interface WriteContext {
  store: Store;
  now: Date;
}

type Obj = KubeObject & { spec?: any; status?: any };

function hasStatus(r: ResourceType): boolean {
  return !!r.subresources?.includes('status');
}

export function prepareForCreate(r: ResourceType, obj: Obj, ctx: WriteContext): void {
  // Nodes are the exception: a kubelet registers its node with its status.
  if (hasStatus(r) && r.kind !== 'Node') obj.status = initialStatus(r, obj);
  if (r.group === '' && r.kind === 'Service') allocateServiceAddresses(obj, undefined, ctx.store);
}

/** A write to the main resource keeps the old status; a write to /status keeps everything else. */
export function prepareForUpdate(r: ResourceType, obj: Obj, old: Obj, subresource: string | undefined, ctx: WriteContext): Obj {
  if (subresource === 'binding') {
    return { ...structuredClone(old), spec: { ...old.spec, nodeName: obj.spec?.nodeName }, metadata: { ...old.metadata } };
  }
  if (subresource === 'status') {
    return { ...structuredClone(old), status: obj.status, metadata: { ...old.metadata, resourceVersion: obj.metadata?.resourceVersion } };
  }
  if (hasStatus(r)) obj.status = structuredClone(old.status);
  if (r.group === '' && r.kind === 'Service') allocateServiceAddresses(obj, old, ctx.store);
  return obj;
}

export function afterDelete(r: ResourceType, obj: Obj, ctx: WriteContext): void {
  if (r.group === '' && r.kind === 'Service') releaseServiceAddresses(obj, undefined, ctx.store);
}

function initialStatus(r: ResourceType, obj: Obj): Record<string, unknown> {
  if (r.group === '' && r.kind === 'Pod') return { phase: 'Pending', qosClass: qosClass(obj) };
  if (r.group === '' && r.kind === 'Namespace') return { phase: 'Active' };
  if (r.group === '' && r.kind === 'Service') return { loadBalancer: {} };
  if (r.group === '' && r.kind === 'PersistentVolumeClaim') return { phase: 'Pending' };
  return {};
}

/** Guaranteed when every container sets equal CPU and memory requests and limits; BestEffort when none sets any. */
export function qosClass(pod: Obj): string {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const res of ['cpu', 'memory']) {
      const limit = lim[res];
      const request = req[res] ?? limit;
      if (limit === undefined || String(request) !== String(limit)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const needsNodePorts = (svc: Obj) => svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer';
const needsClusterIP = (svc: Obj) => svc.spec?.type !== 'ExternalName' && svc.spec?.clusterIP !== 'None';

function allocateServiceAddresses(svc: Obj, old: Obj | undefined, store: Store): void {
  const name = svc.metadata?.name ?? '';
  const owner = `${svc.metadata?.namespace}/${name}`;
  const spec = (svc.spec ??= {});
  if (needsClusterIP(svc)) {
    const oldIP = old?.spec?.clusterIP;
    if (oldIP && oldIP !== 'None' && (!spec.clusterIP || spec.clusterIP === oldIP)) {
      spec.clusterIP = oldIP;
    } else if (!spec.clusterIP || spec.clusterIP !== oldIP) {
      spec.clusterIP = allocateClusterIP(store, owner, spec.clusterIP || undefined);
    }
    spec.clusterIPs = [spec.clusterIP];
  } else if (spec.clusterIP === 'None') {
    spec.clusterIPs = ['None'];
  }
  const oldPorts = new Set<number>((old && needsNodePorts(old) ? old.spec.ports ?? [] : []).map((p: any) => p.nodePort).filter(Boolean));
  if (needsNodePorts(svc)) {
    (spec.ports ?? []).forEach((p: any, i: number) => {
      if (p.nodePort && oldPorts.has(p.nodePort)) {
        oldPorts.delete(p.nodePort);
        return;
      }
      p.nodePort = allocateNodePort(store, owner, name, `spec.ports[${i}].nodePort`, p.nodePort || undefined);
    });
  } else {
    for (const p of spec.ports ?? []) delete p.nodePort;
  }
  for (const port of oldPorts) releaseNodePort(store, port);
  if (old) releaseServiceAddresses(old, svc, store);
}

/** Release what `svc` holds and `keep` (the new version, if any) does not. */
function releaseServiceAddresses(svc: Obj, keep: Obj | undefined, store: Store): void {
  const ip = svc.spec?.clusterIP;
  if (ip && ip !== 'None' && ip !== keep?.spec?.clusterIP) releaseClusterIP(store, ip);
  if (!keep) for (const p of svc.spec?.ports ?? []) if (p.nodePort) releaseNodePort(store, p.nodePort);
}
