// The pure half of `kubectl label` and `kubectl annotate`: splitting arguments into resources and
// pairs, parsing the pairs, and applying them to an object's labels or annotations.
import { CliError } from '../client/errors.js';
import { isLabelValue } from '../selectors/index.js';

export type EditKind = 'label' | 'annotation';

export interface Edits {
  set: Record<string, string>;
  remove: string[];
}

/** cmdutil.GetResourcesAndPairs: resources first, then key=value / key- pairs. */
export function splitResourcesAndPairs(args: string[], kind: EditKind): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const a of args) {
    const isPair = (a.includes('=') && a[0] !== '=') || (a.endsWith('-') && a !== '-');
    if (isPair) pairs.push(a);
    else if (pairs.length) throw new CliError(`error: all resources must be specified before ${kind} changes: ${a}`);
    else resources.push(a);
  }
  return { resources, pairs };
}

/** label's parseLabels: "k=v" with a valid label value, or "k-". */
export function parseLabelEdits(pairs: string[]): Edits {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const spec of pairs) {
    if (spec.includes('=')) {
      const parts = spec.split('=');
      if (parts.length !== 2) throw new CliError(`error: invalid label spec: ${spec}`);
      const errs = isLabelValue(parts[1]);
      if (errs.length) throw new CliError(`error: invalid label value: ${JSON.stringify(spec)}: ${errs.join(';')}`);
      set[parts[0]] = parts[1];
    } else if (spec.endsWith('-')) {
      remove.push(spec.slice(0, -1));
    } else {
      throw new CliError(`error: unknown label spec: ${spec}`);
    }
  }
  if (remove.some((k) => k in set)) throw new CliError('error: can not both modify and remove a label in the same command');
  return { set, remove };
}

/** annotate's cmdutil.ParsePairs: "k=v" (values may hold "=") or "k-". */
export function parseAnnotationEdits(pairs: string[]): Edits {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const spec of pairs) {
    if (spec.includes('=') && spec[0] !== '=') {
      const eq = spec.indexOf('=');
      set[spec.slice(0, eq)] = spec.slice(eq + 1);
    } else if (spec.endsWith('-') && spec !== '-') {
      remove.push(spec.slice(0, -1));
    } else {
      invalid.push(spec);
    }
  }
  if (invalid.length) throw new CliError(`error: invalid annotation format: ${invalid.join(', ')}`);
  const both = remove.filter((k) => k in set);
  if (both.length) throw new CliError(`error: can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`);
  return { set, remove };
}

const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** Refuses to change what exists without --overwrite, with kubectl's messages. */
export function checkNoOverwrite(kind: EditKind, current: Record<string, string>, set: Record<string, string>): void {
  if (kind === 'label') {
    const errs = Object.entries(set)
      .filter(([k, v]) => k in current && current[k] !== v)
      .map(([k]) => `'${k}' already has a value (${current[k]}), and --overwrite is false`);
    if (errs.length === 1) throw new CliError(`error: ${errs[0]}`);
    if (errs.length > 1) throw new CliError(`error: [${errs.join(', ')}]`);
    return;
  }
  const found = Object.keys(set).filter((k) => k !== CHANGE_CAUSE && k in current).map((k) => `'${k}' already has a value (${current[k]})`);
  if (found.length) throw new CliError(`error: --overwrite is false but found the following declared annotation(s): ${found.join('; ')}`);
}

/** The map after the edits: set, then removed (labelFunc/annotateFunc). */
export function applyEdits(current: Record<string, string> | undefined, edits: Edits): Record<string, string> {
  const next = { ...(current ?? {}) };
  Object.assign(next, edits.set);
  for (const k of edits.remove) delete next[k];
  return next;
}

/** kubectl label's verb: "labeled", "unlabeled" (a shorter object without --overwrite) or "not labeled". */
export function labelOutcome(before: unknown, after: unknown, overwrite: boolean): string {
  const a = JSON.stringify(before);
  const b = JSON.stringify(after);
  if (a === b) return 'not labeled';
  return !overwrite && b.length < a.length ? 'unlabeled' : 'labeled';
}
