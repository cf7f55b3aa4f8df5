// Which fields each kind can be selected on, and what kube-apiserver answers for any other field:
// the field label conversion functions registered per group/version/kind, then the values the
// registries' ToSelectableFields compute from an object.
import { SelectorError } from './error.js';
import { goQuote } from './go-string.js';
import type { FieldRequirement } from './fields.js';

type Obj = any;

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'PersistentVolume']);

/** generic.ObjectMetaFieldsSet: the namespace only for namespaced kinds. */
function metaFields(kind: string, obj: Obj): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': str(obj?.metadata?.name) };
  if (!CLUSTER_SCOPED.has(kind)) fields['metadata.namespace'] = str(obj?.metadata?.namespace);
  return fields;
}

/** pod.ToSelectableFields. */
export function podFields(pod: Obj): Record<string, string> {
  const spec = pod?.spec ?? {};
  const status = pod?.status ?? {};
  return {
    ...metaFields('Pod', pod),
    'spec.nodeName': str(spec.nodeName),
    'spec.restartPolicy': str(spec.restartPolicy),
    'spec.schedulerName': str(spec.schedulerName),
    'spec.serviceAccountName': str(spec.serviceAccountName),
    'spec.hostNetwork': String(spec.hostNetwork === true),
    'status.phase': str(status.phase),
    'status.podIP': str(status.podIPs?.[0]?.ip ?? status.podIP),
    'status.nominatedNodeName': str(status.nominatedNodeName),
  };
}

/** event.ToSelectableFields; events.k8s.io/v1 objects are read through their core/v1 names. */
function eventFields(ev: Obj): Record<string, string> {
  const involved = ev?.involvedObject ?? ev?.regarding ?? {};
  const reportingController = ev?.reportingComponent ?? ev?.reportingController;
  const source = ev?.source?.component || ev?.deprecatedSource?.component || reportingController;
  return {
    ...metaFields('Event', ev),
    'involvedObject.kind': str(involved.kind),
    'involvedObject.namespace': str(involved.namespace),
    'involvedObject.name': str(involved.name),
    'involvedObject.uid': str(involved.uid),
    'involvedObject.apiVersion': str(involved.apiVersion),
    'involvedObject.resourceVersion': str(involved.resourceVersion),
    'involvedObject.fieldPath': str(involved.fieldPath),
    reason: str(ev?.reason),
    reportingComponent: str(reportingController),
    source: str(source),
    type: str(ev?.type),
  };
}

/** The fields an object of group/kind exposes to field selectors, as strings. */
export function selectableFields(group: string, kind: string, obj: Obj): Record<string, string> {
  const meta = metaFields(kind, obj);
  if (group === '') {
    switch (kind) {
      case 'Pod': return podFields(obj);
      case 'Event': return eventFields(obj);
      case 'Node': return { ...meta, 'spec.unschedulable': String(obj?.spec?.unschedulable === true) };
      case 'Namespace': return { ...meta, 'status.phase': str(obj?.status?.phase) };
      case 'Secret': return { ...meta, type: str(obj?.type) };
      case 'Service': return { ...meta, 'spec.clusterIP': str(obj?.spec?.clusterIP), 'spec.type': str(obj?.spec?.type) };
      case 'ReplicationController': return { ...meta, 'status.replicas': str(obj?.status?.replicas ?? 0) };
    }
  }
  if (group === 'events.k8s.io' && kind === 'Event') return eventFields(obj);
  if (group === 'batch' && kind === 'Job') return { ...meta, 'status.successful': str(obj?.status?.succeeded ?? 0) };
  return meta;
}

/** Field labels accepted per kind; core/v1 kinds answer "field label not supported: x". */
const CORE_LABELS: Record<string, string[]> = {
  Pod: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName',
    'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  Node: ['metadata.name', 'spec.unschedulable'],
  ReplicationController: ['metadata.name', 'metadata.namespace', 'status.replicas'],
  Event: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
    'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason',
    'reportingComponent', 'source', 'type', 'metadata.namespace', 'metadata.name'],
  Namespace: ['status.phase', 'metadata.name'],
  Secret: ['type', 'metadata.namespace', 'metadata.name'],
  Service: ['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'],
};

function conversionError(group: string, version: string, kind: string, label: string): string | undefined {
  const core = group === '' && version === 'v1' ? CORE_LABELS[kind] : undefined;
  if (core) return core.includes(label) ? undefined : `field label not supported: ${label}`;
  if (group === 'events.k8s.io' && kind === 'Event') return CORE_LABELS.Event.includes(label) ? undefined : `field label not supported: ${label}`;
  if (group === 'batch' && version === 'v1' && kind === 'Job') {
    return ['metadata.name', 'metadata.namespace', 'status.successful'].includes(label) ? undefined : `field label ${goQuote(label)} not supported for batchv1.Job`;
  }
  if (label === 'metadata.name' || label === 'metadata.namespace') return undefined;
  return `${goQuote(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`;
}

/**
 * The API server's field label conversion for a list or watch: returns the requirements it
 * will match on (pods' legacy `spec.host` becomes `spec.nodeName`), or throws SelectorError
 * with the message kube-apiserver puts in its 400, e.g. `field label not supported: foo`.
 */
export function convertFieldSelector(group: string, version: string, kind: string, reqs: FieldRequirement[]): FieldRequirement[] {
  return reqs.map((r) => {
    if (group === '' && version === 'v1' && kind === 'Pod' && r.field === 'spec.host') return { ...r, field: 'spec.nodeName' };
    const problem = conversionError(group, version, kind, r.field);
    if (problem) throw new SelectorError(problem);
    return r;
  });
}
