// The pieces every describer shares, worded and aligned as kubectl's describe.go prints them:
// labels, annotations, taints, tolerations, timestamps, controllers, selectors.
import { humanDuration } from '../duration.js';
import { formatLabelSelector } from '../selectors/index.js';
import type { PrefixWriter } from './writer.js';

export type Obj = Record<string, any>;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION = 140;

/** Go's sort.Strings order: byte-wise, not locale-aware. */
export const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function sortedKeys(m: Obj | undefined): string[] {
  return Object.keys(m ?? {}).sort(byteOrder);
}

/** printLabelsMultilineWithIndent: "Title:<inner>k=v", one a line, or "<none>". */
export function printLabels(w: PrefixWriter, title: string, labels: Obj | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(0, `${initialIndent}${title}:${innerIndent}`);
  const keys = sortedKeys(labels);
  if (keys.length === 0) return w.writeLine('<none>');
  keys.forEach((key, i) => {
    if (i) w.write(0, initialIndent + innerIndent);
    w.write(0, `${key}=${labels![key]}\n`);
  });
}

/** printAnnotationsMultiline: last-applied-configuration left out, long or multi-line values folded. */
export function printAnnotations(w: PrefixWriter, title: string, annotations: Obj | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = sortedKeys(annotations).filter((k) => k !== LAST_APPLIED);
  if (keys.length === 0) return w.writeLine('<none>');
  keys.forEach((key, i) => {
    if (i) w.write(0, '\t');
    const value = String(annotations![key]).replace(/\n$/, '');
    if (utf8Length(value) + utf8Length(key) + 2 > MAX_ANNOTATION || value.includes('\n')) {
      w.write(0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(0, `\t  ${shorten(s, MAX_ANNOTATION - 2)}\n`);
    } else {
      w.write(0, `${key}: ${value}\n`);
    }
  });
}

// Go measures these strings in bytes.
const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

function shorten(s: string, max: number): string {
  const bytes = Buffer.from(s, 'utf8');
  return bytes.length > max ? bytes.subarray(0, max).toString('utf8') + '...' : s;
}

/** One taint as corev1.Taint.ToString prints it: key=value:effect. */
export function taintString(t: Obj): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}` : `${t.key}`;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

export function printTaints(w: PrefixWriter, title: string, taints: Obj[] | undefined): void {
  w.write(0, `${title}:\t`);
  if (!taints?.length) return w.writeLine('<none>');
  const sorted = [...taints].sort((a, b) => byteOrder(`${a.effect ?? ''},${a.key ?? ''}`, `${b.effect ?? ''},${b.key ?? ''}`));
  sorted.forEach((t, i) => {
    if (i) w.write(0, '\t');
    w.write(0, `${taintString(t)}\n`);
  });
}

export function printTolerations(w: PrefixWriter, title: string, tolerations: Obj[] | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`);
  if (!tolerations?.length) return w.writeLine('<none>');
  const sorted = [...tolerations].sort((a, b) => byteOrder(a.key ?? '', b.key ?? ''));
  sorted.forEach((t, i) => {
    if (i) w.write(0, `${initialIndent}\t`);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    // A bare `operator: Exists` tolerates everything.
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${s}\n`);
  });
}

export function printPodNames(w: PrefixWriter, title: string, pods: Obj[]): void {
  w.write(0, `${title}:\t`);
  if (!pods.length) return w.writeLine('<none>');
  [...pods].sort((a, b) => byteOrder(a.metadata.name, b.metadata.name)).forEach((p, i) => {
    if (i) w.write(0, '\t');
    w.write(0, `${p.metadata.name}\n`);
  });
}

/** Kind/name of the owner reference marked controller, or "". */
export function controllerOf(obj: Obj): string {
  const ref = (obj.metadata?.ownerReferences ?? []).find((r: Obj) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

export function writeControlledBy(w: PrefixWriter, obj: Obj): void {
  const by = controllerOf(obj);
  if (by) w.write(0, `Controlled By:\t${by}\n`);
}

/** Go's time.RFC1123Z in the local zone, as metav1.Time is read: "Mon, 02 Jan 2006 15:04:05 -0700". */
export function rfc1123z(timestamp: string | undefined): string {
  const d = timestamp ? new Date(timestamp) : new Date(Date.UTC(1, 0, 1));
  if (!timestamp) d.setUTCFullYear(1);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  const offset = -d.getTimezoneOffset();
  const zone = `${offset < 0 ? '-' : '+'}${p2(Math.trunc(Math.abs(offset) / 60))}${p2(Math.abs(offset) % 60)}`;
  return `${days[d.getDay()]}, ${p2(d.getDate())} ${months[d.getMonth()]} ${String(d.getFullYear()).padStart(4, '0')} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ${zone}`;
}

/** translateTimestampSince: "<unknown>" for a zero time. */
export function since(timestamp: string | undefined, now: Date): string {
  if (!timestamp) return '<unknown>';
  return humanDuration(now.getTime() - new Date(timestamp).getTime());
}

/** metav1.LabelSelectorAsSelector(...).String(): "<none>" for nothing, "" for a nil selector. */
export function selectorString(selector: Obj | undefined): string {
  if (!selector) return '';
  const s = formatLabelSelector(selector as any);
  return s === '<none>' ? '' : s;
}

/** labels.FormatLabels of a plain map: "k=v,k2=v2" or "<none>". */
export function formatMap(m: Obj | undefined): string {
  const keys = sortedKeys(m);
  return keys.length ? keys.map((k) => `${k}=${m![k]}`).join(',') : '<none>';
}

export const boolText = (v: boolean | undefined): string => (v ? 'True' : 'False');

/** Go's %v of an int-or-string. */
export const intOrString = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export function stringOrNone(s: string): string {
  return s ? s : '<none>';
}
