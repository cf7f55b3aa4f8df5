// The mutating admission plugins kube-apiserver enables by default that change a new pod:
// ServiceAccount, DefaultTolerationSeconds and Priority.
import { randomInt } from '../../../../lazy-crypto.js';

type Obj = any;

const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** utilrand.String's alphabet: no vowels, no look-alike digits. */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const BUILT_IN_PRIORITIES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

export function randomSuffix(length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return s;
}

/** The projected volume the ServiceAccount plugin mounts for the API token. */
function tokenVolume(name: string): Obj {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  };
}

function serviceAccountPlugin(spec: Obj): void {
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  spec.serviceAccount = spec.serviceAccountName;
  if (spec.automountServiceAccountToken === false) return;
  // A null item decodes to an empty container, which validation refuses; it gets no mount.
  const containers: Obj[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].filter((c) => c !== null);
  const needsMount = (c: Obj) => !(c.volumeMounts ?? []).some((m: Obj) => m?.mountPath === TOKEN_MOUNT_PATH);
  if (!containers.some(needsMount)) return;
  const name = `kube-api-access-${randomSuffix()}`;
  spec.volumes = [...(spec.volumes ?? []), tokenVolume(name)];
  for (const c of containers) {
    if (needsMount(c)) c.volumeMounts = [...(c.volumeMounts ?? []), { mountPath: TOKEN_MOUNT_PATH, name, readOnly: true }];
  }
}

/** Whether an existing toleration already covers a NoExecute taint with this key. */
function tolerates(tolerations: Obj[], key: string): boolean {
  return tolerations.some((t) => (t?.effect === undefined || t?.effect === '' || t?.effect === 'NoExecute')
    && ((t?.key === key) || ((t?.key === undefined || t?.key === '') && t?.operator === 'Exists')));
}

function defaultTolerationSecondsPlugin(spec: Obj): void {
  const tolerations: Obj[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  const added = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']
    .filter((key) => !tolerates(tolerations, key))
    .map((key) => ({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 }));
  if (added.length) spec.tolerations = [...tolerations, ...added];
}

function priorityPlugin(spec: Obj): void {
  spec.priority ??= BUILT_IN_PRIORITIES[spec.priorityClassName ?? ''] ?? 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
}

/** What the default mutating admission plugins do to a pod being created. */
export function admitNewPod(pod: Obj): void {
  const spec = pod?.spec;
  if (!spec || typeof spec !== 'object') return;
  serviceAccountPlugin(spec);
  defaultTolerationSecondsPlugin(spec);
  priorityPlugin(spec);
}
