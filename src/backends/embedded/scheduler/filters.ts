// The scheduler's filter plugins, in kube-scheduler's default order: each says why a node cannot
// take a pod, in kube's words, and whether preemption could change that.
import { labelSelectorToRequirements, matchesLabels } from '../../../selectors/index.js';
import type { KubeObject } from '../apiserver/objects.js';
import { toleratesTaint, type Taint } from '../taints.js';
import type { NodePods } from './node-pods.js';
import { nodeAllocatable, podRequests, type Resources } from './resources.js';

type Obj = KubeObject & { spec?: any; status?: any };

export interface Rejection {
  reasons: string[];
  /** UnschedulableAndUnresolvable: evicting pods from the node would not help. */
  unresolvable: boolean;
}

export interface FilterInput {
  pod: Obj;
  requests: Resources;
  node: Obj;
  pods: NodePods;
  /** Every node, and the pods counting on one: for topology-wide rules. */
  nodes: Obj[];
  podsOn(node: string): NodePods;
}

const reject = (unresolvable: boolean, ...reasons: string[]): Rejection => ({ reasons, unresolvable });


function tolerates(pod: Obj, taint: Taint): boolean {
  return (pod.spec?.tolerations ?? []).some((t: any) => toleratesTaint(t, taint));
}

const taintsOf = new WeakMap<object, Taint[]>();

/**
 * The node's taints, plus the ones the node lifecycle controller puts on a node that is not Ready
 * (worked out once per version of the node: do not change the list).
 */
export function effectiveTaints(node: Obj): Taint[] {
  const known = taintsOf.get(node);
  if (known) return known;
  const taints: Taint[] = [...(node.spec?.taints ?? [])];
  const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status;
  const implied = ready === 'False' ? 'node.kubernetes.io/not-ready' : ready === 'True' ? undefined : 'node.kubernetes.io/unreachable';
  if (implied && !taints.some((t) => t.key === implied)) taints.push({ key: implied, effect: 'NoSchedule' });
  taintsOf.set(node, taints);
  return taints;
}

function nodeUnschedulable({ pod, node }: FilterInput): Rejection | undefined {
  if (!node.spec?.unschedulable) return undefined;
  if (tolerates(pod, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) return undefined;
  return reject(true, 'node(s) were unschedulable');
}

function nodeName({ pod, node }: FilterInput): Rejection | undefined {
  const wanted = pod.spec?.nodeName;
  return wanted && wanted !== node.metadata?.name ? reject(true, "node(s) didn't match the requested node name") : undefined;
}

function taintToleration({ pod, node }: FilterInput): Rejection | undefined {
  const taint = effectiveTaints(node).find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod, t));
  return taint ? reject(true, `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`) : undefined;
}

function matchesExpression(e: any, value: string | undefined): boolean {
  const values: string[] = e.values ?? [];
  switch (e.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt': return value !== undefined && Number.parseInt(value, 10) > Number.parseInt(values[0] ?? '', 10);
    case 'Lt': return value !== undefined && Number.parseInt(value, 10) < Number.parseInt(values[0] ?? '', 10);
    default: return false;
  }
}

/** A NodeSelectorTerm: every expression and field requirement holds; an empty term matches nothing. */
export function matchesNodeSelectorTerm(term: any, node: Obj): boolean {
  const exprs: any[] = term?.matchExpressions ?? [];
  const fields: any[] = term?.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  const labels = node.metadata?.labels ?? {};
  return exprs.every((e) => matchesExpression(e, labels[e.key]))
    && fields.every((f) => f.key === 'metadata.name' && matchesExpression(f, node.metadata?.name));
}

function nodeAffinity({ pod, node }: FilterInput): Rejection | undefined {
  const labels = node.metadata?.labels ?? {};
  const selectorOk = Object.entries(pod.spec?.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
  const terms: any[] | undefined = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const affinityOk = !terms || terms.some((t) => matchesNodeSelectorTerm(t, node));
  return selectorOk && affinityOk ? undefined : reject(true, "node(s) didn't match Pod's node affinity/selector");
}

interface HostPort { ip: string; port: number; protocol: string }

const hostPortsOf = new WeakMap<object, HostPort[]>();

/** The host ports a pod's containers ask for (worked out once per version of the pod: do not change the list). */
function hostPorts(pod: Obj): HostPort[] {
  let ports = hostPortsOf.get(pod);
  if (!ports) {
    ports = (pod.spec?.containers ?? []).flatMap((c: any) => (c.ports ?? [])
      .filter((p: any) => p.hostPort)
      .map((p: any) => ({ ip: p.hostIP || '0.0.0.0', port: p.hostPort, protocol: p.protocol ?? 'TCP' })));
    hostPortsOf.set(pod, ports!);
  }
  return ports!;
}

function nodePorts({ pod, pods }: FilterInput): Rejection | undefined {
  const wanted = hostPorts(pod);
  if (!wanted.length) return undefined;
  for (const other of pods.pods.values()) {
    for (const used of hostPorts(other)) {
      const clash = wanted.some((w) => w.port === used.port && w.protocol === used.protocol
        && (w.ip === used.ip || w.ip === '0.0.0.0' || used.ip === '0.0.0.0'));
      if (clash) return reject(false, "node(s) didn't have free ports for the requested pod ports");
    }
  }
  return undefined;
}

function nodeResourcesFit({ requests, node, pods }: FilterInput): Rejection | undefined {
  const allocatable = nodeAllocatable(node);
  const reasons: string[] = [];
  if (pods.pods.size + 1 > (allocatable.pods ?? 0)) reasons.push('Too many pods');
  for (const [name, want] of Object.entries(requests)) {
    if (name === 'pods' || want <= 0) continue;
    if (want > (allocatable[name] ?? 0) - (pods.requested[name] ?? 0)) reasons.push(`Insufficient ${name}`);
  }
  return reasons.length ? reject(false, ...reasons) : undefined;
}

/** Does `other` fall under a pod (anti-)affinity term of `pod`? An empty namespaceSelector means every namespace. */
function termMatches(term: any, pod: Obj, other: Obj): boolean {
  const everyNamespace = term.namespaceSelector && !Object.keys(term.namespaceSelector).length;
  const namespaces: string[] = term.namespaces?.length ? term.namespaces : [pod.metadata?.namespace ?? 'default'];
  if (!everyNamespace && !namespaces.includes(other.metadata?.namespace ?? '')) return false;
  const selector = labelSelectorToRequirements(term.labelSelector);
  return term.labelSelector != null && selector !== null && matchesLabels(selector, other.metadata?.labels);
}

/** The pods in the same topology domain as `node` (by the term's topologyKey). */
function podsInDomain(input: FilterInput, topologyKey: string): Obj[] | undefined {
  const value = input.node.metadata?.labels?.[topologyKey];
  if (value === undefined) return undefined;
  return input.nodes
    .filter((n) => n.metadata?.labels?.[topologyKey] === value)
    .flatMap((n) => [...input.podsOn(n.metadata!.name!).pods.values()]);
}

function interPodAffinity(input: FilterInput): Rejection | undefined {
  const { pod } = input;
  const affinity = pod.spec?.affinity ?? {};
  for (const term of affinity.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
    const others = podsInDomain(input, term.topologyKey);
    if (others?.some((o) => termMatches(term, pod, o))) return reject(false, "node(s) didn't match pod anti-affinity rules");
  }
  for (const term of affinity.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
    const others = podsInDomain(input, term.topologyKey);
    if (others?.some((o) => termMatches(term, pod, o))) continue;
    // The first pod of a group that wants to be with itself may go anywhere the topology exists.
    const anywhere = input.nodes.some((n) => [...input.podsOn(n.metadata!.name!).pods.values()].some((o) => termMatches(term, pod, o)));
    if (others && !anywhere && termMatches(term, pod, pod)) continue;
    return reject(true, "node(s) didn't match pod affinity rules");
  }
  return undefined;
}

const FILTERS = [nodeUnschedulable, nodeName, taintToleration, nodeAffinity, nodePorts, nodeResourcesFit, interPodAffinity];

/** The first filter that rejects the node (kube stops at the first), or undefined when the pod fits. */
export function filterNode(input: Omit<FilterInput, 'requests'> & { requests?: Resources }): Rejection | undefined {
  const full: FilterInput = { ...input, requests: input.requests ?? podRequests(input.pod) };
  for (const filter of FILTERS) {
    const rejection = filter(full);
    if (rejection) return rejection;
  }
  return undefined;
}
