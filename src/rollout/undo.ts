// kubectl rollout undo's decisions (polymorphichelpers/rollback.go): which revision to go back to,
// whether it is already current, and the patch that restores it. Pure.
import { CliError } from '../client/errors.js';
import { REVISION_ANNOTATION, type Revision } from './history.js';
import { typedPodTemplate } from './template-json.js';

type Obj = Record<string, any>;

const HASH_LABEL = 'pod-template-hash';

/** Deployment annotations a rollback keeps from the deployment rather than the ReplicaSet. */
const KEPT_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration', REVISION_ANNOTATION, 'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to',
]);

export const revisionNotFound = (revision: number) => new CliError(`error: unable to find specified revision ${revision} in history`);

/** The revision to roll back to: `toRevision`, or the one before the newest when 0. */
export function chooseRevision(revisions: Revision[], toRevision: number, kind: string, name: string): Revision {
  if (toRevision < 0) throw revisionNotFound(toRevision);
  if (toRevision > 0) {
    const found = revisions.find((r) => r.revision === toRevision);
    if (!found) throw revisionNotFound(toRevision);
    return found;
  }
  if (revisions.length < 2) {
    throw new CliError(kind === 'Deployment' ? `error: no rollout history found for deployment ${JSON.stringify(name)}` : 'error: no last revision to roll back to');
  }
  return revisions[revisions.length - 2];
}

function withoutHash(template: Obj): Obj {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[HASH_LABEL];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  if (copy.metadata && Object.keys(copy.metadata).length === 0) delete copy.metadata;
  return copy;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).filter((k) => (v as Obj)[k] !== null).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Obj)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Whether two pod templates are the same apart from the pod-template-hash label. */
export function sameTemplate(a: Obj, b: Obj): boolean {
  return canonical(withoutHash(a)) === canonical(withoutHash(b));
}

/** The JSON patch kubectl sends to put a ReplicaSet's template back into its Deployment. */
export function deploymentRollbackPatch(deployment: Obj, rs: Obj): Obj[] {
  const template = withoutHash(rs.spec?.template ?? {});
  const annotations: Record<string, string> = {};
  const current: Record<string, string> = deployment.metadata?.annotations ?? {};
  for (const k of Object.keys(current)) if (KEPT_ANNOTATIONS.has(k)) annotations[k] = current[k];
  for (const [k, v] of Object.entries(rs.metadata?.annotations ?? {})) if (!KEPT_ANNOTATIONS.has(k)) annotations[k] = v as string;
  // Go marshals a map with its keys sorted.
  const sorted = Object.fromEntries(Object.keys(annotations).sort().map((k) => [k, annotations[k]]));
  return [
    { op: 'replace', path: '/spec/template', value: typedPodTemplate(template) },
    { op: 'replace', path: '/metadata/annotations', value: sorted },
  ];
}

/** The strategic merge patch a DaemonSet or StatefulSet revision restores (its data, template replaced). */
export function controllerRevisionPatch(revision: Obj): Obj {
  return revision.data ?? {};
}
