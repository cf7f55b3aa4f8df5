// The scheduler's scores: free resources (NodeResourcesFit's LeastAllocated), spreading a
// controller's pods over nodes (the default topology spreading by hostname), preferred node
// affinity and PreferNoSchedule taints. Higher is better; each score is normalised to 0..100.
import type { KubeObject } from '../apiserver/objects.js';
import { effectiveTaints, matchesNodeSelectorTerm } from './filters.js';
import { siblingGroup, type NodePods } from './node-pods.js';
import { nodeAllocatable, type Resources } from './resources.js';

type Obj = KubeObject & { spec?: any; status?: any };

/** What a container without requests counts as when scoring (kube's non-zero defaults). */
const DEFAULT_CPU_MILLIS = 100;
const DEFAULT_MEMORY_BYTES = 200 * 2 ** 20;
const SPREAD_WEIGHT = 2;

function nonZero(pod: Obj, requests: Resources): Resources {
  const containers = (pod.spec?.containers ?? []).length || 1;
  return {
    cpu: requests.cpu || DEFAULT_CPU_MILLIS * containers,
    memory: requests.memory || DEFAULT_MEMORY_BYTES * containers,
  };
}

/** How free one resource of the node stays with the pod on it, 0..100. */
function free(resource: 'cpu' | 'memory', want: Resources, node: Obj, pods: NodePods): number {
  const cap = nodeAllocatable(node)[resource] ?? 0;
  if (cap <= 0) return 0;
  const used = (pods.requested[resource] ?? 0) + want[resource]!;
  return Math.max(0, ((cap - used) * 100) / cap);
}

/** `want`: what the pod requests, as nonZero() counts it. */
function leastAllocated(want: Resources, node: Obj, pods: NodePods): number {
  return (free('cpu', want, node, pods) + free('memory', want, node, pods)) / 2;
}

function preferredAffinity(pod: Obj, node: Obj): number {
  const terms: any[] = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return terms.reduce((sum, t) => sum + (matchesNodeSelectorTerm(t.preference, node) ? t.weight ?? 0 : 0), 0);
}

function untoleratedPreferNoSchedule(pod: Obj, node: Obj): number {
  const tolerations: any[] = pod.spec?.tolerations ?? [];
  return effectiveTaints(node).filter((t) => t.effect === 'PreferNoSchedule'
    && !tolerations.some((x) => (!x.effect || x.effect === t.effect) && (!x.key ? x.operator === 'Exists' : x.key === t.key))).length;
}

/** Scale raw values to 0..100 (kube's DefaultNormalizeScore), optionally reversed (fewer is better). */
function normalise(values: number[], reverse: boolean): number[] {
  const max = Math.max(0, ...values);
  if (max === 0) return values.map(() => (reverse ? 100 : 0));
  return values.map((v) => (reverse ? 100 - (v * 100) / max : (v * 100) / max));
}

export interface Candidate {
  node: Obj;
  pods: NodePods;
}

/** The best node for the pod among feasible ones; ties go to the emptier node, then the name. */
export function pickNode(pod: Obj, requests: Resources, candidates: Candidate[]): Obj | undefined {
  if (!candidates.length) return undefined;
  const want = nonZero(pod, requests);
  const least = candidates.map((c) => leastAllocated(want, c.node, c.pods));
  // Pods of the same controller (or with the same labels, for pods without one) already on each node.
  const group = siblingGroup(pod);
  const spread = normalise(candidates.map((c) => c.pods.groups.get(group) ?? 0), true);
  const affinity = normalise(candidates.map((c) => preferredAffinity(pod, c.node)), false);
  const taints = normalise(candidates.map((c) => untoleratedPreferNoSchedule(pod, c.node)), true);
  const ranked = candidates.map((c, i) => ({ c, score: least[i]! + SPREAD_WEIGHT * spread[i]! + affinity[i]! + taints[i]! }));
  const before = (a: typeof ranked[number], b: typeof ranked[number]) => b.score - a.score
    || a.c.pods.pods.size - b.c.pods.pods.size
    || (a.c.node.metadata!.name! < b.c.node.metadata!.name! ? -1 : 1);
  return ranked.reduce((best, r) => (before(r, best) < 0 ? r : best)).c.node;
}
