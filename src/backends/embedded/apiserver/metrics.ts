// The resource metrics API (metrics.k8s.io/v1beta1) as metrics-server serves it, from what the
// simulated containers use: PodMetrics for running pods, NodeMetrics for nodes whose kubelet is up.
import type { KubeObject } from './objects.js';
import type { Registry } from './registry.js';
import { findResource } from './resources.js';
import { ApiError, badRequest } from './status.js';
import { containerUsage, type Usage } from '../kubelet/usage.js';
import { isNodeDown } from '../kubelet/annotations.js';
import { parseLabelSelector, SelectorError } from '../../../selectors/index.js';

type Obj = KubeObject & { spec?: any; status?: any };

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
const GROUP_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;
/** metrics-server's scrape window. */
const WINDOW = '15s';
/** What a node's own daemons (kubelet, runtime, system) use on top of its pods. */
const NODE_SYSTEM_USAGE: Usage = { cpuMillis: 50, memoryBytes: 256 * 2 ** 20 };

const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;

export function metricsGroup() {
  const version = { groupVersion: GROUP_VERSION, version: METRICS_VERSION };
  return { name: METRICS_GROUP, versions: [version], preferredVersion: version };
}

export function metricsResourceList() {
  return {
    kind: 'APIResourceList', apiVersion: 'v1', groupVersion: GROUP_VERSION,
    resources: [
      { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
      { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
    ],
  };
}

/** The group's entry in aggregated discovery (apidiscovery.k8s.io/v2). */
export function metricsAggregatedGroup() {
  const kind = (k: string) => ({ group: METRICS_GROUP, version: METRICS_VERSION, kind: k });
  return {
    metadata: { name: METRICS_GROUP, creationTimestamp: null },
    versions: [{
      version: METRICS_VERSION,
      freshness: 'Current',
      resources: [
        { resource: 'nodes', responseKind: kind('NodeMetrics'), scope: 'Cluster', singularResource: '', verbs: ['get', 'list'] },
        { resource: 'pods', responseKind: kind('PodMetrics'), scope: 'Namespaced', singularResource: '', verbs: ['get', 'list'] },
      ],
    }],
  };
}

/** metrics-server's quantities: CPU in nanocores, memory in Ki where it divides evenly. */
function usageQuantities(u: Usage): { cpu: string; memory: string } {
  const memory = u.memoryBytes % 1024 === 0 ? `${u.memoryBytes / 1024}Ki` : String(u.memoryBytes);
  return { cpu: `${u.cpuMillis * 1_000_000}n`, memory };
}

function runningContainers(pod: Obj): any[] {
  if (pod.status?.phase !== 'Running') return [];
  const running = new Set((pod.status?.containerStatuses ?? []).filter((s: any) => s.state?.running).map((s: any) => s.name));
  return (pod.spec?.containers ?? []).filter((c: any) => running.has(c.name));
}

function timestamp(now: Date): string {
  return new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function podMetrics(pod: Obj, now: Date) {
  return {
    metadata: {
      name: pod.metadata?.name, namespace: pod.metadata?.namespace, creationTimestamp: timestamp(now),
      ...(pod.metadata?.labels ? { labels: pod.metadata.labels } : {}),
    },
    timestamp: timestamp(now),
    window: WINDOW,
    containers: runningContainers(pod).map((c) => ({ name: c.name, usage: usageQuantities(containerUsage(pod, c)) })),
  };
}

export function nodeUsage(node: Obj, pods: Obj[]): Usage {
  const total = { ...NODE_SYSTEM_USAGE };
  for (const pod of pods) {
    if (pod.spec?.nodeName !== node.metadata?.name) continue;
    for (const c of runningContainers(pod)) {
      const u = containerUsage(pod, c);
      total.cpuMillis += u.cpuMillis;
      total.memoryBytes += u.memoryBytes;
    }
  }
  return total;
}

export function nodeMetrics(node: Obj, pods: Obj[], now: Date) {
  return {
    metadata: {
      name: node.metadata?.name, creationTimestamp: timestamp(now),
      ...(node.metadata?.labels ? { labels: node.metadata.labels } : {}),
    },
    timestamp: timestamp(now),
    window: WINDOW,
    usage: usageQuantities(nodeUsage(node, pods)),
  };
}

function selectorOptions(q: Record<string, string>) {
  try {
    return q.labelSelector ? { labelSelector: parseLabelSelector(q.labelSelector) } : {};
  } catch (e) {
    if (e instanceof SelectorError) throw badRequest(e.message);
    throw e;
  }
}

/**
 * Answer a path under /apis/metrics.k8s.io/v1beta1/ (the rest after the version), or undefined
 * when it names nothing served.
 */
export function metricsResponse(registry: Registry, rest: string[], q: Record<string, string>, now: Date): unknown {
  const list = (kind: string, items: unknown[]) => ({ kind: `${kind}List`, apiVersion: GROUP_VERSION, metadata: {}, items });
  const one = (kind: string, item: object) => ({ kind, apiVersion: GROUP_VERSION, ...item });
  const opts = selectorOptions(q);
  if (rest[0] === 'nodes' && rest.length <= 2) {
    const live = (n: Obj) => !isNodeDown(n);
    const pods = registry.list(PODS, undefined).items as Obj[];
    if (rest[1]) {
      const node = registry.get(NODES, undefined, rest[1]) as Obj;
      if (!live(node)) throw new ApiError(404, 'NotFound', `nodemetrics.metrics.k8s.io "${rest[1]}" not found`, { name: rest[1], group: METRICS_GROUP, kind: 'nodemetrics' });
      return one('NodeMetrics', nodeMetrics(node, pods, now));
    }
    const nodes = (registry.list(NODES, undefined, opts).items as Obj[]).filter(live);
    return list('NodeMetrics', nodes.map((n) => nodeMetrics(n, pods, now)));
  }
  let namespace: string | undefined;
  let tail = rest;
  if (rest[0] === 'namespaces' && rest[2] === 'pods') {
    namespace = rest[1];
    tail = rest.slice(2);
  }
  if (tail[0] !== 'pods' || tail.length > 2) return undefined;
  if (tail[1]) {
    const notFound = () => new ApiError(404, 'NotFound', `podmetrics.metrics.k8s.io "${tail[1]}" not found`, { name: tail[1], group: METRICS_GROUP, kind: 'podmetrics' });
    let pod: Obj;
    try {
      pod = registry.get(PODS, namespace, tail[1]) as Obj;
    } catch {
      throw notFound();
    }
    if (runningContainers(pod).length === 0) throw notFound();
    return one('PodMetrics', podMetrics(pod, now));
  }
  const pods = (registry.list(PODS, namespace, opts).items as Obj[]).filter((p) => runningContainers(p).length > 0);
  return list('PodMetrics', pods.map((p) => podMetrics(p, now)));
}
