// Which pod(s) a POD or TYPE/NAME argument means, as kubectl's polymorphic helpers decide:
// a pod is itself; a workload or service picks among the pods its selector matches, in
// podutils.ByLogging order (scheduled, running, ready, longest ready, most restarts, oldest).
import type { KubeClient } from '../client/client.js';
import { resolveResource } from '../client/discovery.js';
import { CliError, StatusError } from '../client/errors.js';
import { formatLabelSelector } from '../selectors/index.js';

export type Pod = { metadata: { name: string; namespace?: string; annotations?: Record<string, string>; creationTimestamp?: string }; spec?: any; status?: any };

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function readySince(p: Pod): number | undefined {
  const c = (p.status?.conditions ?? []).find((x: any) => x.type === 'Ready' && x.status === 'True');
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : undefined;
}

const restarts = (p: Pod) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((s: any) => s.restartCount ?? 0));

/** podutils.ByLogging's "less": the pod whose logs are the most interesting comes first. */
export function byLogging(a: Pod, b: Pod): number {
  const assigned = (p: Pod) => (p.spec?.nodeName ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(b) - assigned(a);
  const phase = (p: Pod) => PHASE_ORDER[p.status?.phase] ?? -1;
  if (phase(a) !== phase(b)) return phase(b) - phase(a);
  const ra = readySince(a);
  const rb = readySince(b);
  if ((ra !== undefined) !== (rb !== undefined)) return ra !== undefined ? -1 : 1;
  if (ra !== undefined && rb !== undefined && ra !== rb) return ra - rb;
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const created = (p: Pod) => (p.metadata.creationTimestamp ? Date.parse(p.metadata.creationTimestamp) : Infinity);
  return created(a) - created(b);
}

export interface PodsForObject {
  pods: Pod[];
  /** How many pods the selector matched (before one was picked). */
  matched: number;
  /** True when the argument named a pod rather than an object that selects pods. */
  direct: boolean;
}

function splitArg(arg: string): [string, string] {
  const slash = arg.indexOf('/');
  return slash < 0 ? ['pods', arg] : [arg.slice(0, slash), arg.slice(slash + 1)];
}

/** The selector of a workload or service, in its label-selector string form. */
function selectorOf(obj: any): string | undefined {
  if (obj.kind === 'Service') {
    const sel = obj.spec?.selector;
    return sel && Object.keys(sel).length ? Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',') : undefined;
  }
  const sel = obj.spec?.selector;
  if (!sel) return undefined;
  return formatLabelSelector(sel);
}

/** The pods behind POD or TYPE/NAME, most interesting first; `all` keeps every matching pod. */
export async function podsForObject(client: KubeClient, namespace: string, arg: string, opts: { all?: boolean; notFoundInNamespace?: boolean } = {}): Promise<PodsForObject> {
  const [type, name] = splitArg(arg);
  const r = resolveResource(await client.discover(), type);
  let obj: any;
  try {
    obj = await client.getObject(r, namespace, name);
  } catch (e) {
    if (opts.notFoundInNamespace && e instanceof StatusError && e.code === 404) {
      throw new CliError(`error: error from server (NotFound): ${e.message} in namespace "${namespace}"`);
    }
    throw e;
  }
  if (r.kind === 'Pod') return { pods: [obj], matched: 1, direct: true };
  const selector = selectorOf({ ...obj, kind: r.kind });
  if (!selector) throw new CliError(`error: cannot attach to ${obj.kind ?? r.kind}: selector for ${obj.kind ?? r.kind} not implemented`);
  const list = await client.request('GET', `/api/v1/namespaces/${namespace}/pods`, { query: { labelSelector: selector } });
  const pods = (list.items as Pod[]).sort(byLogging);
  if (pods.length === 0) throw new CliError('error: timed out waiting for the condition');
  return { pods: opts.all ? pods : pods.slice(0, 1), matched: pods.length, direct: false };
}

/** "a, b, c": every container's name, init containers first (podcmd.AllContainerNames). */
export function allContainerNames(pod: Pod): string {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c: any) => c.name).join(', ');
}

/**
 * kubectl's default container: the default-container annotation, else the first container, with
 * its "Defaulted container" notice when there was a choice.
 */
export function defaultContainer(pod: Pod, warn: (line: string) => void, quiet = false): string {
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])];
  if (annotated) {
    if (all.some((c: any) => c.name === annotated)) return annotated;
    warn(`Default container name "${annotated}" not found in pod ${pod.metadata.name}\n`);
  }
  const first = pod.spec?.containers?.[0]?.name ?? '';
  if (!quiet && all.length > 1) warn(`Defaulted container "${first}" out of: ${allContainerNames(pod)}\n`);
  return first;
}
