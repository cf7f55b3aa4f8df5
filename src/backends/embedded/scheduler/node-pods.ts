// Pods by the node they run on, with what they request and the IPs they hold: the scheduler's
// (and kubelets') view of a node without scanning every pod in the cluster for each decision. Fed from the controller's
// keysFor; it notices when the cache was re-listed under it (a new settle) and rebuilds.
import type { KubeObject } from '../apiserver/objects.js';
import { objectKey, type Cache, type CacheChange } from '../controllers/cache.js';
import { podRequests, type Resources } from './resources.js';

type Pod = KubeObject & { spec?: any; status?: any };

interface Entry {
  pod: Pod;
  /** The node this pod counts on ('' when it counts nowhere: unbound or finished). */
  node: string;
  requests?: Resources;
  group?: string;
}

export interface NodePods {
  pods: Map<string, Pod>;
  requested: Resources;
  /** How many of the pods are in each sibling group (see siblingGroup). */
  groups: Map<string, number>;
  /** The pod IPs held on the node (host-network pods aside), with how many pods hold each. */
  podIPs: Map<string, number>;
}

const emptyNodePods = (): NodePods => ({ pods: new Map(), requested: {}, groups: new Map(), podIPs: new Map() });

function addCount(counts: Map<string, number>, key: string, n: number): void {
  const total = (counts.get(key) ?? 0) + n;
  if (total) counts.set(key, total);
  else counts.delete(key);
}

/** Pods are siblings when they have the same controller, or, without one, the same namespace and labels. */
export function siblingGroup(pod: Pod): string {
  const owner = pod.metadata?.ownerReferences?.find((r) => r.controller)?.uid;
  return owner ? `owner ${owner}` : `labels ${pod.metadata?.namespace ?? ''} ${JSON.stringify(pod.metadata?.labels ?? {})}`;
}

const isTerminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

export class PodsByNode {
  private readonly entries = new Map<string, Entry>();
  private readonly nodes = new Map<string, NodePods>();
  private readonly pending = new Set<string>();
  /** The cache generation the index was built from. */
  private builtFrom = -1;

  /** Fold a cache change in; call from keysFor for every pod change. */
  observe(change: CacheChange, cache: Cache): void {
    if (change.type !== 'pods') return;
    this.refresh(cache);
    const key = objectKey(change.object);
    if (change.deleted) this.remove(key);
    else this.put(key, change.object);
  }

  /** Make sure the index matches the cache, which re-lists (a new generation) at the start of every settle. */
  refresh(cache: Cache): void {
    if (this.builtFrom === cache.generation) return;
    this.entries.clear();
    this.nodes.clear();
    this.pending.clear();
    for (const pod of cache.list('pods')) this.put(objectKey(pod), pod);
    this.builtFrom = cache.generation;
  }

  /** The pods counting on a node (bound, not finished; terminating pods still count). */
  on(node: string): NodePods {
    return this.nodes.get(node) ?? emptyNodePods();
  }

  /** Keys of pods waiting for a node. */
  unbound(): string[] {
    return [...this.pending];
  }

  /** Count a pod on the node it was just bound to, before the cache shows the binding. */
  assume(key: string, node: string): void {
    const entry = this.entries.get(key);
    if (!entry || entry.node) return;
    this.pending.delete(key);
    entry.node = node;
    this.count(key, entry, 1);
  }

  private put(key: string, pod: Pod): void {
    this.remove(key);
    const node = isTerminal(pod) ? '' : pod.spec?.nodeName ?? '';
    const entry: Entry = { pod, node };
    this.entries.set(key, entry);
    if (node) this.count(key, entry, 1);
    else if (!pod.spec?.nodeName && !isTerminal(pod) && !pod.metadata?.deletionTimestamp) this.pending.add(key);
  }

  private remove(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.pending.delete(key);
    if (old.node) this.count(key, old, -1);
  }

  private count(key: string, entry: Entry, sign: 1 | -1): void {
    let bucket = this.nodes.get(entry.node);
    if (!bucket) this.nodes.set(entry.node, (bucket = emptyNodePods()));
    entry.requests ??= podRequests(entry.pod);
    for (const [name, v] of Object.entries(entry.requests)) bucket.requested[name] = (bucket.requested[name] ?? 0) + sign * v;
    entry.group ??= siblingGroup(entry.pod);
    addCount(bucket.groups, entry.group, sign);
    const ip: string | undefined = entry.pod.spec?.hostNetwork ? undefined : entry.pod.status?.podIP;
    if (ip) addCount(bucket.podIPs, ip, sign);
    if (sign > 0) bucket.pods.set(key, entry.pod);
    else bucket.pods.delete(key);
  }
}
