// apps/v1, batch/v1 and autoscaling validation (pkg/apis/{apps,batch,autoscaling}/validation),
// kept to what users run into, with Kubernetes' messages.
import type { FieldError } from '../status.js';
import { labelSelectorToRequirements, matchesLabels, type Requirement } from '../../../../selectors/index.js';
import { IMMUTABLE, forbidden, invalid, mapValue, notSupported, required, selectorValue, sortedValue } from './field-errors.js';
import { validateLabelSelector } from './meta-validation.js';
import { validatePodTemplateSpec } from './pod-validation.js';
import { semanticEqual } from './equality.js';

type Obj = any;

const SELECTOR_MISMATCH = '`selector` does not match template `labels`';

function nonNegative(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** LabelSelectorAsSelector, with "invalid" standing for its error. */
function selectorOf(sel: Obj): Requirement[] | null | 'invalid' {
  try {
    return labelSelectorToRequirements(sel);
  } catch {
    return 'invalid';
  }
}

/** Required, well-formed and non-empty, as Deployment, ReplicaSet and StatefulSet demand. */
function validateWorkloadSelector(sel: Obj, emptyMessage: string): FieldError[] {
  if (sel == null) return [required('spec.selector')];
  const errs = validateLabelSelector(sel, 'spec.selector');
  if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
    errs.push(invalid('spec.selector', selectorValue(sel), emptyMessage));
  }
  return errs;
}

/** A nil selector selects nothing, so it matches no labels; an empty one matches all. */
function templateLabelsMismatch(selector: Requirement[] | null, template: Obj): FieldError[] {
  const labels = template?.metadata?.labels;
  if (selector !== null && selector.length === 0) return [];
  if (matchesLabels(selector, labels)) return [];
  return [invalid('spec.template.metadata.labels', mapValue(labels), SELECTOR_MISMATCH)];
}

function restartAlways(template: Obj, path = 'spec.template.spec.restartPolicy'): FieldError[] {
  const policy = template?.spec?.restartPolicy;
  return policy === 'Always' ? [] : [notSupported(path, policy ?? '', ['Always'])];
}

/** ValidatePodTemplateSpecForReplicaSet: shared by Deployment and ReplicaSet. */
function validateReplicatedTemplate(spec: Obj): FieldError[] {
  const selector = selectorOf(spec.selector);
  if (selector === 'invalid') return [invalid('spec.selector', selectorValue(spec.selector), 'invalid label selector')];
  const errs = [...templateLabelsMismatch(selector, spec.template), ...validatePodTemplateSpec(spec.template, 'spec.template')];
  errs.push(...restartAlways(spec.template));
  if (spec.template?.spec?.activeDeadlineSeconds != null) {
    errs.push(invalid('spec.template.spec.activeDeadlineSeconds', spec.template.spec.activeDeadlineSeconds, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  return errs;
}

const PERCENT_MESSAGE = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

function intOrPercent(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') {
    if (!/^[0-9]+%$/.test(value)) return [invalid(path, value, PERCENT_MESSAGE)];
    return parseInt(value, 10) > 100 ? [invalid(path, value, 'must not be greater than 100%')] : [];
  }
  return nonNegative(value, path);
}

const isZero = (v: unknown) => v === 0 || v === '0%' || v === undefined || v === null;

function validateDeploymentStrategy(strategy: Obj): FieldError[] {
  const path = 'spec.strategy';
  if (strategy?.type === 'Recreate') {
    return strategy.rollingUpdate ? [forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
  }
  if (strategy?.type !== 'RollingUpdate') return [notSupported(`${path}.type`, strategy?.type ?? '', ['Recreate', 'RollingUpdate'])];
  const ru = strategy.rollingUpdate ?? {};
  const errs = [...intOrPercent(ru.maxUnavailable, `${path}.rollingUpdate.maxUnavailable`), ...intOrPercent(ru.maxSurge, `${path}.rollingUpdate.maxSurge`)];
  if (isZero(ru.maxUnavailable) && isZero(ru.maxSurge)) {
    errs.push(invalid(`${path}.rollingUpdate.maxUnavailable`, ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
  }
  return errs;
}

export function validateDeployment(d: Obj): FieldError[] {
  const spec = d.spec ?? {};
  const errs = [...nonNegative(spec.replicas, 'spec.replicas'), ...validateWorkloadSelector(spec.selector, 'empty selector is invalid for deployment')];
  errs.push(...validateReplicatedTemplate(spec));
  errs.push(...validateDeploymentStrategy(spec.strategy));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'), ...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (typeof spec.progressDeadlineSeconds === 'number' && spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
    errs.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

export function validateReplicaSet(rs: Obj): FieldError[] {
  const spec = rs.spec ?? {};
  return [
    ...nonNegative(spec.replicas, 'spec.replicas'),
    ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    // Kubernetes says "deployment" here too.
    ...validateWorkloadSelector(spec.selector, 'empty selector is invalid for deployment'),
    ...validateReplicatedTemplate(spec),
  ];
}

export function validateDaemonSet(ds: Obj): FieldError[] {
  const spec = ds.spec ?? {};
  const errs = validateLabelSelector(spec.selector, 'spec.selector');
  const selector = selectorOf(spec.selector);
  if (selector !== 'invalid' && !matchesLabels(selector, spec.template?.metadata?.labels)) {
    errs.push(invalid('spec.template.metadata.labels', mapValue(spec.template?.metadata?.labels), SELECTOR_MISMATCH));
  }
  if (spec.selector && Object.keys(spec.selector.matchLabels ?? {}).length + (spec.selector.matchExpressions ?? []).length === 0) {
    errs.push(invalid('spec.selector', selectorValue(spec.selector), 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(spec.template, 'spec.template'), ...restartAlways(spec.template));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'), ...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const strategy = spec.updateStrategy?.type;
  if (strategy !== 'RollingUpdate' && strategy !== 'OnDelete') errs.push(notSupported('spec.updateStrategy.type', strategy ?? '', ['OnDelete', 'RollingUpdate']));
  return errs;
}

export function validateStatefulSet(sts: Obj): FieldError[] {
  const spec = sts.spec ?? {};
  const errs: FieldError[] = [];
  const policy = spec.podManagementPolicy;
  if (!policy) errs.push(required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') errs.push(invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  const strategy = spec.updateStrategy?.type;
  if (strategy !== 'RollingUpdate' && strategy !== 'OnDelete') errs.push(notSupported('spec.updateStrategy.type', strategy ?? '', ['OnDelete', 'RollingUpdate']));
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'), ...validateWorkloadSelector(spec.selector, 'empty selector is invalid for statefulset'));
  const selector = selectorOf(spec.selector);
  if (selector === 'invalid') errs.push(invalid('spec.selector', selectorValue(spec.selector), ''));
  else errs.push(...templateLabelsMismatch(selector, spec.template));
  errs.push(...validatePodTemplateSpec(spec.template, 'spec.template', claimNames(spec)), ...restartAlways(spec.template));
  if (spec.template?.spec?.activeDeadlineSeconds != null) {
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  return errs;
}

/** Volume claim templates are volumes the pods may mount. */
const claimNames = (spec: Obj): string[] => (spec.volumeClaimTemplates ?? []).map((c: Obj) => c?.metadata?.name).filter(Boolean);

const STATEFULSET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'minReadySeconds', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy'];

export function validateStatefulSetUpdate(sts: Obj, old: Obj): FieldError[] {
  const strip = (spec: Obj) => Object.fromEntries(Object.entries(spec ?? {}).filter(([k]) => !STATEFULSET_MUTABLE.includes(k)));
  if (semanticEqual(strip(sts.spec), strip(old.spec))) return [];
  return [forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', "
    + "'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")];
}

/** apps/v1 selectors cannot change after creation. */
export function validateSelectorImmutable(obj: Obj, old: Obj): FieldError[] {
  if (semanticEqual(obj.spec?.selector, old.spec?.selector)) return [];
  return [invalid('spec.selector', selectorValue(obj.spec?.selector), IMMUTABLE)];
}

/** validateJobSpec without the selector: counts, the pod template and its restart policy. */
function validateJobSpecBody(spec: Obj, path: string): FieldError[] {
  const errs = [
    ...nonNegative(spec.parallelism, `${path}.parallelism`), ...nonNegative(spec.completions, `${path}.completions`),
    ...nonNegative(spec.backoffLimit, `${path}.backoffLimit`),
  ];
  if (typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds <= 0) {
    errs.push(invalid(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be greater than 0'));
  }
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  if (mode === 'Indexed' && spec.completions == null) errs.push(required(`${path}.completions`, 'when completion mode is Indexed'));
  errs.push(...validatePodTemplateSpec(spec.template, `${path}.template`));
  const policy = spec.template?.spec?.restartPolicy;
  const policyPath = `${path}.template.spec.restartPolicy`;
  if (policy === 'Always' || !policy) errs.push(required(policyPath, 'valid values: "OnFailure", "Never"'));
  else if (policy !== 'OnFailure' && policy !== 'Never') errs.push(notSupported(policyPath, policy, ['OnFailure', 'Never']));
  return errs;
}

const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';

export function validateJob(job: Obj): FieldError[] {
  const spec = job.spec ?? {};
  const errs = validateJobSpecBody(spec, 'spec');
  if (spec.selector == null) errs.push(required('spec.selector'));
  else errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const selector = selectorOf(spec.selector);
  if (selector !== 'invalid' && !matchesLabels(selector, spec.template?.metadata?.labels)) {
    errs.push(invalid('spec.template.metadata.labels', mapValue(spec.template?.metadata?.labels), SELECTOR_MISMATCH));
  }
  // A generated selector selects on the Job's uid alone.
  const generated = selector !== 'invalid' && matchesLabels(selector, { [CONTROLLER_UID_LABEL]: job.metadata?.uid });
  if (spec.manualSelector !== true && spec.selector != null && job.metadata?.uid && !generated) {
    errs.push(invalid('spec.selector', selectorValue(spec.selector), '`selector` not auto-generated'));
  }
  return errs;
}

export function validateJobUpdate(job: Obj, old: Obj): FieldError[] {
  const spec = job.spec ?? {};
  const oldSpec = old.spec ?? {};
  const errs: FieldError[] = [];
  if (oldSpec.completionMode !== 'Indexed' && !semanticEqual(spec.completions, oldSpec.completions)) {
    errs.push(invalid('spec.completions', spec.completions ?? null, IMMUTABLE));
  }
  if (!semanticEqual(spec.selector, oldSpec.selector)) errs.push(invalid('spec.selector', selectorValue(spec.selector), IMMUTABLE));
  if (!semanticEqual(spec.template, oldSpec.template)) errs.push(invalid('spec.template', sortedValue(spec.template), IMMUTABLE));
  if (!semanticEqual(spec.completionMode, oldSpec.completionMode)) errs.push(invalid('spec.completionMode', spec.completionMode ?? null, IMMUTABLE));
  return errs;
}

const CRON_DESCRIPTORS = /^@(yearly|annually|monthly|weekly|daily|midnight|hourly|every .+)$/;

export function validateCronJob(cj: Obj): FieldError[] {
  const spec = cj.spec ?? {};
  const errs: FieldError[] = [];
  const name: string = cj.metadata?.name ?? '';
  if (name.length > 52) errs.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
  const schedule: string | undefined = spec.schedule;
  if (!schedule) errs.push(required('spec.schedule'));
  else if (/^(CRON_)?TZ=/.test(schedule)) errs.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  else if (!CRON_DESCRIPTORS.test(schedule)) {
    const fields = schedule.trim().split(/\s+/);
    if (fields.length !== 5) errs.push(invalid('spec.schedule', schedule, `expected exactly 5 fields, found ${fields.length}: ${schedule}`));
  }
  const policy = spec.concurrencyPolicy;
  if (!policy) errs.push(required('spec.concurrencyPolicy'));
  else if (!['Allow', 'Forbid', 'Replace'].includes(policy)) errs.push(notSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  errs.push(...nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  errs.push(...nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'), ...nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  errs.push(...validateJobSpecBody(spec.jobTemplate?.spec ?? {}, 'spec.jobTemplate.spec'));
  return errs;
}

export function validateHorizontalPodAutoscaler(hpa: Obj): FieldError[] {
  const spec = hpa.spec ?? {};
  const errs: FieldError[] = [];
  if (typeof spec.minReplicas === 'number' && spec.minReplicas < 1) errs.push(invalid('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'));
  const max = spec.maxReplicas ?? 0;
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof spec.minReplicas === 'number' && max < spec.minReplicas) errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  if (!spec.scaleTargetRef?.kind) errs.push(required('spec.scaleTargetRef.kind'));
  if (!spec.scaleTargetRef?.name) errs.push(required('spec.scaleTargetRef.name'));
  return errs;
}
