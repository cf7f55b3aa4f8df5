// EndpointSlices for one Service, as the endpointslice controller's reconciler keeps them: one
// slice per distinct port list, at most 100 endpoints each; an endpoint stays in the slice it is
// in, new ones fill free room before a new slice is made, and a Service without endpoints keeps
// one empty placeholder slice.
import type { KubeObject } from '../apiserver/objects.js';
import type { ControllerContext } from './controller.js';

type Obj = KubeObject & { spec?: any; endpoints?: SliceEndpoint[] | null; ports?: SlicePort[] | null };

export const ENDPOINTSLICES = 'discovery.k8s.io/endpointslices';
export const SERVICE_NAME = 'kubernetes.io/service-name';
export const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const CONTROLLER = 'endpointslice-controller.k8s.io';
export const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
/** --max-endpoints-per-slice's default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SlicePort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
}

export interface DesiredEndpoint {
  ports: SlicePort[];
  endpoint: SliceEndpoint;
  /** What identifies the endpoint across syncs (its pod's uid). */
  key: string;
}

/** A slice to write: an existing one to update, or a new one when `slice` is absent. */
interface Target {
  slice?: Obj;
  ports: SlicePort[] | null;
  endpoints: SliceEndpoint[] | null;
}

/** Bring the Service's slices to `desired`, writing only the slices that change. */
export async function reconcileSlices(ctx: ControllerContext, svc: Obj, desired: DesiredEndpoint[], labels: Record<string, string>, trigger: string | undefined): Promise<void> {
  const existing = (ctx.cache.list(ENDPOINTSLICES, svc.metadata!.namespace) as Obj[]).filter((s) =>
    s.metadata?.labels?.[SERVICE_NAME] === svc.metadata!.name && s.metadata?.labels?.[MANAGED_BY] === CONTROLLER
    && s.metadata?.ownerReferences?.some((r) => r.uid === svc.metadata!.uid));
  const { targets, unused } = planSlices(existing, desired);
  for (const t of targets) {
    if (!t.slice && unused.length) t.slice = unused.shift();
    await writeSlice(ctx, svc, t, labels, trigger);
  }
  for (const slice of unused) {
    await ctx.client.request('DELETE', `/apis/discovery.k8s.io/v1/namespaces/${slice.metadata!.namespace}/endpointslices/${slice.metadata!.name}`, {
      body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: slice.metadata!.uid } },
    }).catch(() => undefined);
  }
}

/** Which slice each desired endpoint goes to; `unused` are slices left with nothing to hold. */
export function planSlices(existing: Obj[], desired: DesiredEndpoint[]): { targets: Target[]; unused: Obj[] } {
  const groups = new Map<string, { ports: SlicePort[]; pending: Map<string, SliceEndpoint> }>();
  for (const d of desired) {
    const sig = JSON.stringify(d.ports);
    let group = groups.get(sig);
    if (!group) groups.set(sig, (group = { ports: d.ports, pending: new Map() }));
    group.pending.set(d.key, d.endpoint);
  }
  const bySig = new Map<string, Obj[]>();
  for (const slice of existing) {
    const sig = JSON.stringify(slice.ports ?? null);
    bySig.set(sig, [...(bySig.get(sig) ?? []), slice]);
  }
  const targets: Target[] = [];
  const unused: Obj[] = [];
  for (const [sig, { ports, pending }] of groups) {
    const own: Target[] = (bySig.get(sig) ?? []).map((slice) => ({
      slice,
      ports,
      endpoints: (slice.endpoints ?? []).flatMap((e) => {
        const next = pending.get(e.targetRef?.uid);
        if (!next) return [];
        pending.delete(e.targetRef.uid);
        return [next];
      }),
    }));
    bySig.delete(sig);
    const rest = [...pending.values()];
    for (const t of own) while (t.endpoints!.length < MAX_ENDPOINTS_PER_SLICE && rest.length) t.endpoints!.push(rest.shift()!);
    while (rest.length) own.push({ ports, endpoints: rest.splice(0, MAX_ENDPOINTS_PER_SLICE) });
    for (const t of own) {
      if (t.endpoints!.length) targets.push(t);
      else unused.push(t.slice!);
    }
  }
  for (const slices of bySig.values()) unused.push(...slices);
  // Sort placeholders first so that one of them is the slice kept when nothing else is.
  unused.sort((a, b) => Number(!!a.ports?.length) - Number(!!b.ports?.length));
  if (targets.length === 0) targets.push({ ports: null, endpoints: null });
  return { targets, unused };
}

async function writeSlice(ctx: ControllerContext, svc: Obj, t: Target, labels: Record<string, string>, trigger: string | undefined): Promise<void> {
  const meta = svc.metadata!;
  const collection = `/apis/discovery.k8s.io/v1/namespaces/${meta.namespace}/endpointslices`;
  const current = t.slice;
  if (current && JSON.stringify([current.endpoints ?? null, current.ports ?? null, current.metadata?.labels])
    === JSON.stringify([t.endpoints, t.ports, labels])) return;
  const annotations = { ...current?.metadata?.annotations, ...(trigger ? { [TRIGGER_TIME]: trigger } : {}) };
  const metadata: Obj['metadata'] = current
    ? { ...current.metadata, labels, annotations }
    : {
      generateName: `${meta.name}-`, namespace: meta.namespace, labels, annotations,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: meta.name!, uid: meta.uid!, controller: true, blockOwnerDeletion: true }],
    };
  if (!Object.keys(annotations).length) delete metadata!.annotations;
  const body = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata, addressType: 'IPv4', endpoints: t.endpoints, ports: t.ports };
  if (current) await ctx.client.request('PUT', `${collection}/${current.metadata!.name}`, { body });
  else await ctx.client.request('POST', collection, { body });
}
