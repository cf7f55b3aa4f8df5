// Cell formats shared by the printers, as kube-apiserver's printers.go and apimachinery's
// labels package spell them.

import { humanDuration } from '../../../../duration.js';
import { SWAGGER_DOC, type SwaggerDocKey } from './descriptions.js';
import type { TableColumnDefinition } from './types.js';

export function doc(key: SwaggerDocKey): string {
  return SWAGGER_DOC[key];
}

export function column(
  name: string,
  type: string,
  description: string,
  options: { format?: string; priority?: number } = {},
): TableColumnDefinition {
  return { name, type, format: options.format ?? '', description, priority: options.priority ?? 0 };
}

export const NAME_COLUMN = column('Name', 'string', doc('meta/v1 ObjectMeta.name'), { format: 'name' });
export const AGE_COLUMN = column('Age', 'string', doc('meta/v1 ObjectMeta.creationTimestamp'));
export const CONTAINERS_COLUMN = column('Containers', 'string', 'Names of each container in the template.', { priority: 1 });
export const IMAGES_COLUMN = column('Images', 'string', 'Images referenced by each container in the template.', { priority: 1 });

// Go's zero time.Time, which metav1.Time.IsZero treats like a missing timestamp.
const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/** Milliseconds since the epoch, or undefined for a missing or zero timestamp. */
export function timestampMillis(timestamp: unknown): number | undefined {
  if (typeof timestamp !== 'string' || timestamp === '') return undefined;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) || ms === GO_ZERO_TIME ? undefined : ms;
}

/** translateTimestampSince: the age of a timestamp, "<unknown>" without one. */
export function since(timestamp: unknown, now: Date): string {
  const ms = timestampMillis(timestamp);
  return ms === undefined ? '<unknown>' : humanDuration(now.getTime() - ms);
}

export function age(obj: any, now: Date): string {
  return since(obj?.metadata?.creationTimestamp, now);
}

export function nameOf(obj: any): string {
  return obj?.metadata?.name ?? '';
}

export function int(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

export function count(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return value && typeof value === 'object' ? Object.keys(value).length : 0;
}

/** labels.FormatLabels: "k=v" pairs sorted, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return pairs.length === 0 ? '<none>' : pairs.sort(byCodeUnits).join(',');
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/**
 * metav1.LabelSelectorAsSelector(s).String(): requirements sorted by key; "" for a missing or
 * empty selector; undefined when an operator or its values are invalid.
 */
export function selectorString(selector: LabelSelector | null | undefined): string | undefined {
  if (!selector) return '';
  const requirements: Array<{ key: string; text: string }> = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push({ key, text: `${key}=${value}` });
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const text = requirementString(key, operator, values);
    if (text === undefined) return undefined;
    requirements.push({ key, text });
  }
  // Array.prototype.sort is stable, which keeps equal keys in the order Go usually leaves them.
  return requirements
    .sort((a, b) => byCodeUnits(a.key, b.key))
    .map((r) => r.text)
    .join(',');
}

function requirementString(key: string, operator: string, values: string[]): string | undefined {
  const list = values.length > 1 ? [...values].sort(byCodeUnits).join(',') : values.join(',');
  switch (operator) {
    case 'In':
      return values.length === 0 ? undefined : `${key} in (${list})`;
    case 'NotIn':
      return values.length === 0 ? undefined : `${key} notin (${list})`;
    case 'Exists':
      return values.length === 0 ? key : undefined;
    case 'DoesNotExist':
      return values.length === 0 ? `!${key}` : undefined;
    default:
      return undefined;
  }
}

/** metav1.FormatLabelSelector: like selectorString, but "<none>" when empty and "<error>" when invalid. */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  const text = selectorString(selector);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}

/** layoutContainerCells: container names and images, each comma-joined. */
export function containerCells(containers: Array<{ name?: string; image?: string }> | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** listWithMoreString: the first items, "+ N more..." beyond them, "<unset>" when there are none. */
export function listWithMore(list: string[], total: number, max: number): string {
  const joined = list.join(',');
  if (total > max) return `${joined} + ${total - max} more...`;
  return joined === '' ? '<unset>' : joined;
}

/** A *bool printed as printers.go's printBoolPtr does. */
export function boolPtr(value: unknown): string {
  if (typeof value !== 'boolean') return '<unset>';
  return value ? 'True' : 'False';
}
