// The describer for kinds without their own (genericDescriber): every field of the object, with
// labels made of its camel-case name ("apiVersion" -> "API Version").
import { describeEvents } from './events.js';
import { byteOrder, printAnnotations, printLabels, type Obj } from './format.js';
import { tabbed, type PrefixWriter } from './writer.js';

const SKIP = ['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations'];
const ACRONYMS = ['API', 'URL', 'UID', 'OSB', 'GUID'];

export function describeGeneric(obj: Obj, events: Obj[] | undefined, now: Date): string {
  return tabbed((w) => {
    w.write(0, `Name:\t${obj.metadata?.name ?? ''}\n`);
    w.write(0, `Namespace:\t${obj.metadata?.namespace ?? ''}\n`);
    printLabels(w, 'Labels', obj.metadata?.labels);
    printAnnotations(w, 'Annotations', obj.metadata?.annotations);
    printContent(w, 0, obj, '');
    describeEvents(events, w, now);
  });
}

function printContent(w: PrefixWriter, level: number, content: Obj, prefix: string): void {
  for (const field of Object.keys(content).sort(byteOrder)) {
    const path = `${prefix}.${field}`;
    if (SKIP.includes(path)) continue;
    const value = content[field];
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      printContent(w, level + 1, value, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      for (const child of value) {
        if (child !== null && typeof child === 'object' && !Array.isArray(child)) printContent(w, level + 1, child, path);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabel(field)}:\t${goValue(value)}\n`);
    }
  }
}

/** Go's %v of a decoded JSON value. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v).sort(byteOrder).map((k) => `${k}:${goValue((v as Obj)[k])}`).join(' ')}]`;
  return String(v);
}

/** smartLabelFor: fields of letters and '-' split at case changes and titled; anything else as is. */
export function smartLabel(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.includes(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}

// fatih/camelcase.Split: runs of one character class, an upper-case run giving its last letter to a following lower-case run.
function camelSplit(s: string): string[] {
  const kind = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{N}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = kind(c);
    if (k === last) runs[runs.length - 1]!.push(c);
    else runs.push([c]);
    last = k;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (kind(runs[i]![0]!) === 2 && kind(runs[i + 1]![0]!) === 1) {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs.filter((r) => r.length).map((r) => r.join(''));
}
