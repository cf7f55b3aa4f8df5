// Resource quantities as the scheduler adds them up: CPU in millicores, everything else in whole
// units (bytes for memory), and what a pod requests (k8s.io/component-helpers resource.PodRequests).
import type { KubeObject } from '../apiserver/objects.js';

type Pod = KubeObject & { spec?: any };

/** Resource name -> amount (millicores for cpu, units otherwise). */
export type Resources = Record<string, number>;

const SUFFIXES: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A resource.Quantity ("500m", "1.5Gi", "2e3", 4) as a number of base units; NaN when malformed. */
export function parseQuantity(q: unknown): number {
  if (typeof q === 'number') return q;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(String(q ?? '').trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] ? n * 10 ** Number(m[2].slice(1)) : n * SUFFIXES[m[3] ?? '']!;
}

/** The scheduler's unit for a resource: millicores for cpu (rounded up as kube's MilliValue is), whole units otherwise. */
export function amount(resource: string, q: unknown): number {
  const v = parseQuantity(q);
  if (Number.isNaN(v)) return 0;
  return resource === 'cpu' ? Math.ceil(v * 1000 - 1e-9) : Math.ceil(v - 1e-9);
}

function add(into: Resources, list: Record<string, unknown> | undefined): void {
  for (const [name, q] of Object.entries(list ?? {})) into[name] = (into[name] ?? 0) + amount(name, q);
}

function containerRequests(c: any): Record<string, unknown> {
  // Admission copies limits into missing requests; read them the same way for pods written around it.
  return { ...c?.resources?.limits, ...c?.resources?.requests };
}

/**
 * What a pod asks of a node: the sum over its containers (and restartable init containers), or
 * the largest single init container if that is more, plus the pod overhead.
 */
export function podRequests(pod: Pod): Resources {
  const total: Resources = {};
  for (const c of pod.spec?.containers ?? []) add(total, containerRequests(c));
  let sidecars: Resources = {};
  for (const c of pod.spec?.initContainers ?? []) {
    const own: Resources = {};
    add(own, containerRequests(c));
    if (c?.restartPolicy === 'Always') {
      add(total, containerRequests(c));
      const next: Resources = { ...sidecars };
      for (const [k, v] of Object.entries(own)) next[k] = (next[k] ?? 0) + v;
      sidecars = next;
      continue;
    }
    // A regular init container runs alongside the sidecars started before it.
    for (const [k, v] of Object.entries(own)) {
      const peak = v + (sidecars[k] ?? 0);
      if (peak > (total[k] ?? 0)) total[k] = peak;
    }
  }
  add(total, pod.spec?.overhead);
  return total;
}

const allocatables = new WeakMap<object, Resources>();

/** A node's allocatable resources, in the scheduler's units (worked out once per version of the node: do not change it). */
export function nodeAllocatable(node: KubeObject & { status?: any }): Resources {
  let out = allocatables.get(node);
  if (!out) {
    out = {};
    add(out, node.status?.allocatable);
    allocatables.set(node, out);
  }
  return out;
}
