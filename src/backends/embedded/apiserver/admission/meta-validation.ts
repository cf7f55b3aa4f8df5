// ObjectMeta, labels, annotations and label selectors (apimachinery's api/validation and
// apis/meta/v1/validation), with Kubernetes' messages.
import type { FieldError } from '../status.js';
import { isLabelKey, isLabelValue } from '../../../../selectors/index.js';
import { forbidden, invalid, required, tooLong } from './field-errors.js';
import { asNamePrefix, type NameCheck } from './names.js';

type Obj = any;

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** v1validation.ValidateLabels: each key a qualified name, each value a label value. */
export function validateLabels(labels: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!labels || typeof labels !== 'object') return errs;
  for (const [k, v] of Object.entries(labels)) {
    errs.push(...isLabelKey(k).map((m) => invalid(path, k, m)));
    errs.push(...isLabelValue(String(v)).map((m) => invalid(path, String(v), m)));
  }
  return errs;
}

/** ValidateAnnotations: keys are qualified names (checked lower-cased), 256 KiB in all. */
export function validateAnnotations(annotations: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!annotations || typeof annotations !== 'object') return errs;
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    errs.push(...isLabelKey(k.toLowerCase()).map((m) => invalid(path, k, m)));
    size += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

/** ValidateObjectMeta for a create; the registry has already filled in name from generateName. */
export function validateObjectMeta(meta: Obj, nameCheck: NameCheck): FieldError[] {
  const errs: FieldError[] = [];
  const m = meta ?? {};
  if (m.generateName) errs.push(...nameCheck(asNamePrefix(m.generateName)).map((msg) => invalid('metadata.generateName', m.generateName, msg)));
  if (!m.name) errs.push(required('metadata.name', 'name or generateName is required'));
  else errs.push(...nameCheck(m.name).map((msg) => invalid('metadata.name', m.name, msg)));
  if (typeof m.generation === 'number' && m.generation < 0) errs.push(invalid('metadata.generation', m.generation, 'must be greater than or equal to 0'));
  errs.push(...validateLabels(m.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(m.annotations, 'metadata.annotations'));
  (Array.isArray(m.finalizers) ? m.finalizers : []).forEach((f: string) => {
    errs.push(...isLabelKey(String(f)).map((msg) => invalid('metadata.finalizers', f, msg)));
  });
  return errs;
}

/** metav1validation.ValidateLabelSelector. */
export function validateLabelSelector(sel: Obj, path: string): FieldError[] {
  if (!sel || typeof sel !== 'object') return [];
  const errs = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  (Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []).forEach((expr: Obj, i: number) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values: unknown[] = Array.isArray(expr?.values) ? expr.values : [];
    if (expr?.operator === 'In' || expr?.operator === 'NotIn') {
      if (values.length === 0) errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (expr?.operator === 'Exists' || expr?.operator === 'DoesNotExist') {
      if (values.length > 0) errs.push(forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(invalid(`${p}.operator`, expr?.operator ?? '', 'not a valid selector operator'));
    }
    errs.push(...isLabelKey(String(expr?.key ?? '')).map((m) => invalid(`${p}.key`, String(expr?.key ?? ''), m)));
    values.forEach((v, j) => errs.push(...isLabelValue(String(v)).map((m) => invalid(`${p}.values[${j}]`, String(v), m))));
  });
  return errs;
}
