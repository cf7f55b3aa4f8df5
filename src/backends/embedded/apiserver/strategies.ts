// What kube-apiserver's per-kind REST strategies do around a write: reset status on create,
// keep status on spec updates (and spec on status updates), allocate service addresses.
import type { Store } from '../store/store.js';
import { deepEqual, timestamp, type KubeObject } from './objects.js';
import { deepClone } from '../../../patch/json-value.js';
import type { ResourceType } from './resources.js';
import { allocateClusterIP, allocateNodePort, releaseClusterIP, releaseNodePort } from './allocators.js';
import { isCustomResourceDefinition } from './crd/definition.js';
import { definitionStatus, deleteCustomResources } from './crd/lifecycle.js';

export interface WriteContext {
  store: Store;
  now: Date;
}

type Obj = KubeObject & { spec?: any; status?: any };

function hasStatus(r: ResourceType): boolean {
  return !!r.subresources?.includes('status');
}

export function prepareForCreate(r: ResourceType, obj: Obj, ctx: WriteContext): void {
  // A custom resource's create cannot set a status that has its own endpoint; without one, it can.
  if (r.custom) {
    if (hasStatus(r)) delete obj.status;
    return;
  }
  if (isCustomResourceDefinition(r)) {
    obj.status = definitionStatus(obj, ctx.store, ctx.now);
    return;
  }
  // Nodes are the exception: a kubelet registers its node with its status.
  if (hasStatus(r) && r.kind !== 'Node') obj.status = initialStatus(r, obj);
  if (r.group === '' && r.kind === 'Service') allocateServiceAddresses(obj, undefined, ctx.store);
}

/** A write to the main resource keeps the old status; a write to /status keeps everything else. */
export function prepareForUpdate(r: ResourceType, obj: Obj, old: Obj, subresource: string | undefined, ctx: WriteContext): Obj {
  if (subresource === 'binding') return bindToNode(obj, ctx.now);
  if (subresource === 'status') {
    // kube's status strategies reset the spec; annotations written with the status stay (the
    // deployment controller records the revision that way without bumping the generation).
    // The rest is the live object's own (a copy that only this write holds): shared, so that
    // comparing the two skips what the status write cannot have changed.
    const annotations = obj.metadata?.annotations ?? old.metadata?.annotations;
    return { ...old, status: obj.status, metadata: { ...old.metadata, ...(annotations ? { annotations } : {}), resourceVersion: obj.metadata?.resourceVersion } };
  }
  if (subresource === 'finalize') return { ...obj, status: deepClone(old.status) };
  if (hasStatus(r)) obj.status = deepClone(old.status);
  if (isCustomResourceDefinition(r)) obj.status = definitionStatus(obj, ctx.store, ctx.now, old.status);
  // Only the finalize subresource changes a namespace's finalizers.
  if (r.group === '' && r.kind === 'Namespace') {
    const { finalizers: _ignored, ...spec } = obj.spec ?? {};
    obj.spec = old.spec?.finalizers ? { ...spec, finalizers: deepClone(old.spec.finalizers) } : spec;
  }
  if (r.group === '' && r.kind === 'Service') allocateServiceAddresses(obj, old, ctx.store);
  return obj;
}

// The kinds whose strategies set metadata.generation to 1 on create; the rest have none.
const GENERATION_TRACKED = new Set([
  'Pod', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'HorizontalPodAutoscaler', 'Ingress', 'EndpointSlice',
]);

export function tracksGeneration(r: ResourceType): boolean {
  return !!r.custom || isCustomResourceDefinition(r) || GENERATION_TRACKED.has(r.kind);
}

/**
 * Whether an update moves metadata.generation: a spec change; for a Deployment also an annotation
 * change (its annotations are copied to its replica sets); for an EndpointSlice, which has no spec,
 * any change outside metadata, or to its labels.
 */
export function bumpsGeneration(r: ResourceType, next: Obj, old: Obj): boolean {
  if (!tracksGeneration(r)) return false;
  // Custom resources: any change outside metadata (and outside a status with its own endpoint).
  if (r.custom) {
    const { metadata: _n, ...nextBody } = next;
    const { metadata: _o, ...oldBody } = old;
    if (hasStatus(r)) {
      delete nextBody.status;
      delete oldBody.status;
    }
    return !deepEqual(nextBody, oldBody);
  }
  if (r.kind === 'EndpointSlice') {
    const { metadata: _n, ...nextBody } = next;
    const { metadata: _o, ...oldBody } = old;
    return !deepEqual(nextBody, oldBody) || !deepEqual(next.metadata?.labels ?? {}, old.metadata?.labels ?? {});
  }
  const annotationsChanged = r.kind === 'Deployment' && !deepEqual(next.metadata?.annotations ?? {}, old.metadata?.annotations ?? {});
  return annotationsChanged || !deepEqual(next.spec, old.spec);
}

/**
 * The binding subresource: `pod` is the live pod (a copy) with the binding's node and annotations
 * merged in (see bindPod); the PodScheduled condition is added here.
 */
function bindToNode(pod: Obj, now: Date): Obj {
  const conditions: any[] = (pod.status ??= {}).conditions ??= [];
  const scheduled = conditions.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'True') return pod;
  const condition = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(now) };
  if (scheduled) conditions[conditions.indexOf(scheduled)] = condition;
  else conditions.push(condition);
  return pod;
}

export function afterDelete(r: ResourceType, obj: Obj, ctx: WriteContext): void {
  if (isCustomResourceDefinition(r)) deleteCustomResources(ctx.store, obj);
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
  // Ports a replacing update leaves without a nodePort keep the old one of the same name.
  if (old && needsNodePorts(old) && needsNodePorts(svc)) {
    const used = new Set((spec.ports ?? []).map((p: any) => p.nodePort).filter(Boolean));
    const byName = new Map<string, number>((old.spec.ports ?? []).map((p: any) => [p.name ?? '', p.nodePort]));
    for (const p of spec.ports ?? []) {
      const kept = byName.get(p.name ?? '');
      if (!p.nodePort && kept && !used.has(kept)) p.nodePort = kept;
    }
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
