// Which nodes a DaemonSet runs on, and the pod it runs there (pkg/controller/daemon/util), as
// pure functions.
import { deepClone } from '../../../patch/json-value.js';
import type { KubeObject } from '../apiserver/objects.js';
import { matchesNodeSelectorTerm } from '../scheduler/filters.js';

type Obj = KubeObject & { spec?: any; status?: any };
interface Toleration { key?: string; operator?: string; value?: string; effect?: string }
interface Taint { key: string; value?: string; effect: string }

export const REVISION_HASH_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/** Every daemon pod tolerates these, so node trouble and cordoning do not evict it. */
function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t = (key: string, effect: string): Toleration => ({ key: `node.kubernetes.io/${key}`, operator: 'Exists', effect });
  return [
    t('not-ready', 'NoExecute'), t('unreachable', 'NoExecute'), t('disk-pressure', 'NoSchedule'), t('memory-pressure', 'NoSchedule'),
    t('pid-pressure', 'NoSchedule'), t('unschedulable', 'NoSchedule'), ...(hostNetwork ? [t('network-unavailable', 'NoSchedule')] : []),
  ];
}

function withDaemonTolerations(spec: any): Toleration[] {
  const tolerations: Toleration[] = [...(spec?.tolerations ?? [])];
  for (const extra of daemonTolerations(!!spec?.hostNetwork)) {
    const same = (t: Toleration) => t.key === extra.key && t.effect === extra.effect && (t.operator ?? 'Equal') === extra.operator && (t.value ?? '') === '';
    if (!tolerations.some(same)) tolerations.push(extra);
  }
  return tolerations;
}

function tolerates(tolerations: Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

export interface NodePlacement {
  /** A daemon pod should be created here. */
  shouldRun: boolean;
  /** A daemon pod already here may stay (untolerated NoSchedule taints do not evict). */
  shouldContinueRunning: boolean;
}

/** nodeShouldRunDaemonPod: the node selector and required affinity, then the node's taints. */
export function placement(ds: Obj, node: Obj): NodePlacement {
  const spec = ds.spec?.template?.spec ?? {};
  const labels = node.metadata?.labels ?? {};
  const selectorOk = Object.entries(spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
  const terms: any[] | undefined = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!selectorOk || (terms && !terms.some((t) => matchesNodeSelectorTerm(t, node)))) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = withDaemonTolerations(spec);
  const untolerated = ((node.spec?.taints ?? []) as Taint[]).filter((t) => !tolerates(tolerations, t));
  if (untolerated.some((t) => t.effect === 'NoExecute')) return { shouldRun: false, shouldContinueRunning: false };
  if (untolerated.some((t) => t.effect === 'NoSchedule')) return { shouldRun: false, shouldContinueRunning: true };
  return { shouldRun: true, shouldContinueRunning: true };
}

/** The node a daemon pod is for: where it is bound, else what its matchFields affinity names. */
export function targetNode(pod: Obj): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms: any[] = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term?.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

/**
 * The pod for one node: the template with the revision labels, the daemon tolerations, and a
 * required node affinity on the node's name in place of any other (the scheduler binds it).
 */
export function daemonPod(ds: Obj, hash: string, nodeName: string): Obj {
  const template = ds.spec?.template ?? {};
  const spec = deepClone(template.spec ?? {});
  const required = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] };
  spec.affinity = { ...spec.affinity, nodeAffinity: { ...spec.affinity?.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: required } };
  spec.tolerations = withDaemonTolerations(spec);
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      generateName: `${ds.metadata!.name}-`,
      namespace: ds.metadata!.namespace,
      labels: { ...template.metadata?.labels, [REVISION_HASH_LABEL]: hash, [TEMPLATE_GENERATION_LABEL]: String(ds.metadata?.generation ?? 1) },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata!.name!, uid: ds.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec,
  };
}

/** maxSurge and maxUnavailable against the number of nodes that should run the pod (both round up). */
export function surgeAndUnavailable(ds: Obj, desired: number): [number, number] {
  const ru = ds.spec?.updateStrategy?.rollingUpdate ?? {};
  const scaled = (v: unknown, fallback: number) => {
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'string' && v.endsWith('%')) return Math.ceil((Number(v.slice(0, -1)) * desired) / 100);
    return Number(v);
  };
  const surge = scaled(ru.maxSurge, 0);
  const unavailable = scaled(ru.maxUnavailable, 1);
  return [surge, surge === 0 && unavailable === 0 ? 1 : unavailable];
}
