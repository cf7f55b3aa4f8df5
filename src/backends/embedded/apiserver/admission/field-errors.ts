// field.Error constructors (k8s.io/apimachinery/pkg/util/validation/field). Since Kubernetes 1.3x
// a composite bad value is printed as JSON (`Invalid value: {"app":"web"}`), which is what
// status.ts's formatFieldError does with objects; the helpers below shape values as Go's
// encoding/json would (sorted map keys, omitted empty fields, null for nil).
import type { FieldError } from '../status.js';
import { goQuote } from '../../../../selectors/go-string.js';

export const invalid = (field: string, value: unknown, detail: string): FieldError => ({ type: 'Invalid value', field, value, detail });
export const duplicate = (field: string, value: unknown): FieldError => ({ type: 'Duplicate value', field, value });
export const notFound = (field: string, value: unknown): FieldError => ({ type: 'Not found', field, value });
export const required = (field: string, detail = ''): FieldError => (detail ? { type: 'Required value', field, detail } : { type: 'Required value', field });
export const forbidden = (field: string, detail: string): FieldError => ({ type: 'Forbidden', field, detail });
export const tooLong = (field: string, maxBytes: number): FieldError => ({ type: 'Too long', field, detail: `must have at most ${maxBytes} bytes` });

/** field.NotSupported: the supported values quoted and listed as given. */
export function notSupported(field: string, value: unknown, supported: string[]): FieldError {
  return { type: 'Unsupported value', field, value, detail: `supported values: ${supported.map(goQuote).join(', ')}` };
}

/** ValidateImmutableField's detail. */
export const IMMUTABLE = 'field is immutable';

/** A map[string]string as encoding/json writes it: keys sorted, nil as null. */
export function mapValue(m: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!m || typeof m !== 'object') return null;
  return Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]]));
}

interface Selector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] | null }> | null;
}

/** A *metav1.LabelSelector as encoding/json writes it (omitempty fields dropped). */
export function selectorValue(sel: Selector | null | undefined): unknown {
  if (!sel) return null;
  const out: Record<string, unknown> = {};
  if (sel.matchLabels && Object.keys(sel.matchLabels).length) out.matchLabels = mapValue(sel.matchLabels);
  if (sel.matchExpressions?.length) {
    out.matchExpressions = sel.matchExpressions.map((e) => (e.values?.length ? { key: e.key, operator: e.operator, values: e.values } : { key: e.key, operator: e.operator }));
  }
  return out;
}

/** Objects with every map's keys sorted, as encoding/json writes Go maps. */
export function sortedValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedValue((v as any)[k])]));
  return v ?? null;
}
