// A StatefulSet's pods and claims by ordinal (pkg/controller/statefulset/stateful_set_utils.go),
// as pure functions.
import { deepClone } from '../../../patch/json-value.js';
import type { KubeObject } from '../apiserver/objects.js';

type Obj = KubeObject & { spec?: any; status?: any; data?: any };

export const REVISION_LABEL = 'controller-revision-hash';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** The ordinal of a pod named SET-N, or undefined when the name is not of that form. */
export function ordinalOf(set: Obj, pod: Obj): number | undefined {
  const prefix = `${set.metadata!.name}-`;
  const name = pod.metadata?.name ?? '';
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

export function claimName(template: Obj, set: Obj, ordinal: number): string {
  return `${template.metadata?.name}-${set.metadata!.name}-${ordinal}`;
}

/** The PersistentVolumeClaim for one claim template and ordinal, labelled with the set's selector. */
export function claimFor(set: Obj, template: Obj, ordinal: number): Obj {
  const retention = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  const owned = retention.whenDeleted === 'Delete' || retention.whenScaled === 'Delete';
  return {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: {
      name: claimName(template, set, ordinal),
      namespace: set.metadata!.namespace,
      labels: { ...template.metadata?.labels, ...set.spec?.selector?.matchLabels },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ...(owned ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata!.name!, uid: set.metadata!.uid!, controller: true, blockOwnerDeletion: true }] } : {}),
    },
    spec: deepClone(template.spec ?? {}),
  };
}

/** The pod template a revision recorded (its data replaces spec.template). */
export function revisionTemplate(revision: Obj): any {
  const { $patch: _, ...template } = revision.data?.spec?.template ?? {};
  return template;
}

/** The pod for an ordinal from a template: stable name, hostname and subdomain, its claims as volumes. */
export function statefulPod(set: Obj, template: any, revisionName: string, ordinal: number): Obj {
  const name = `${set.metadata!.name}-${ordinal}`;
  const spec = deepClone(template.spec ?? {});
  const claims: Obj[] = set.spec?.volumeClaimTemplates ?? [];
  const claimed = new Set(claims.map((c) => c.metadata?.name));
  spec.volumes = [
    ...claims.map((c) => ({ name: c.metadata?.name, persistentVolumeClaim: { claimName: claimName(c, set, ordinal) } })),
    ...(spec.volumes ?? []).filter((v: any) => !claimed.has(v.name)),
  ];
  if (!spec.volumes.length) delete spec.volumes;
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: set.metadata!.namespace,
      labels: { ...template.metadata?.labels, [REVISION_LABEL]: revisionName, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal) },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata!.name!, uid: set.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec,
  };
}

export function isRunningAndReady(pod: Obj): boolean {
  return pod.status?.phase === 'Running' && (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}
