// What kube-apiserver does to a new object between defaulting and validation that the
// validation depends on: the Job and Namespace strategies' PrepareForCreate, and the default
// mutating admission plugins for pods.
import { admitNewPod } from './plugins.js';

type Obj = any;

const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';

/** The Job strategy's generateSelector: pods are tied to this Job by its uid. */
function generateJobSelector(job: Obj): void {
  const spec = job.spec;
  if (!spec || spec.manualSelector === true || !job.metadata?.uid) return;
  const template = (spec.template ??= {});
  const labels = ((template.metadata ??= {}).labels ??= {});
  for (const key of ['job-name', 'batch.kubernetes.io/job-name']) labels[key] ??= job.metadata.name;
  for (const key of ['controller-uid', CONTROLLER_UID]) labels[key] ??= job.metadata.uid;
  const matchLabels = ((spec.selector ??= {}).matchLabels ??= {});
  matchLabels[CONTROLLER_UID] ??= job.metadata.uid;
}

/** A new namespace always carries the "kubernetes" finalizer. */
function requireNamespaceFinalizer(ns: Obj): void {
  const spec = (ns.spec ??= {});
  const finalizers: string[] = Array.isArray(spec.finalizers) ? spec.finalizers : [];
  if (!finalizers.includes('kubernetes')) spec.finalizers = [...finalizers, 'kubernetes'];
}

export function prepareForCreate(group: string, kind: string, obj: any): void {
  if (!obj || typeof obj !== 'object') return;
  if (group === 'batch' && kind === 'Job') generateJobSelector(obj);
  if (group === '' && kind === 'Namespace') requireNamespaceFinalizer(obj);
  if (group === '' && kind === 'Pod') admitNewPod(obj);
}
