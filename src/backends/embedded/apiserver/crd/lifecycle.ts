// What apiextensions-apiserver's controllers do to a CRD, done at the write instead (the embedded
// control plane has no CRD controllers): the naming controller's acceptedNames and NamesAccepted,
// the establishing controller's Established, and the finalizer's removal of the custom resources
// when the CRD goes.
import type { Store } from '../../store/store.js';
import { timestamp } from '../objects.js';
import { RESOURCE_TYPES } from '../resources.js';
import { CRD_PREFIX } from './definition.js';

type Obj = any;

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastTransitionTime: string;
}

/** The status a CRD gets when created or changed: accepted names, conditions, stored versions. */
export function definitionStatus(crd: Obj, store: Store, now: Date, previous?: Obj): Obj {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const conflict = nameConflict(crd, store);
  const accepted = conflict ? previous?.acceptedNames ?? {} : acceptedNames(names);
  const namesAccepted: Omit<Condition, 'lastTransitionTime'> = conflict
    ? { type: 'NamesAccepted', status: 'False', reason: conflict.reason, message: conflict.message }
    : { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' };
  const wasEstablished = condition(previous, 'Established')?.status === 'True';
  const established: Omit<Condition, 'lastTransitionTime'> = conflict && !wasEstablished
    ? { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' }
    : { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' };
  const stamp = (c: Omit<Condition, 'lastTransitionTime'>): Condition => {
    const before = condition(previous, c.type);
    return { ...c, lastTransitionTime: before?.status === c.status ? before.lastTransitionTime : timestamp(now) };
  };
  const storage = (spec.versions ?? []).find((v: Obj) => v?.storage)?.name;
  const stored: string[] = [...(previous?.storedVersions ?? [])];
  if (storage && !stored.includes(storage)) stored.push(storage);
  return { acceptedNames: accepted, conditions: [stamp(namesAccepted), stamp(established)], storedVersions: stored };
}

function acceptedNames(names: Obj): Obj {
  return {
    plural: names.plural,
    singular: names.singular,
    ...(names.shortNames?.length ? { shortNames: names.shortNames } : {}),
    kind: names.kind,
    listKind: names.listKind,
    ...(names.categories?.length ? { categories: names.categories } : {}),
  };
}

function condition(status: Obj, type: string): Condition | undefined {
  return (status?.conditions ?? []).find((c: Condition) => c.type === type);
}

/** The first of the CRD's names another CRD of its group has already taken, as the naming controller words it. */
function nameConflict(crd: Obj, store: Store): { reason: string; message: string } | undefined {
  const group = crd.spec?.group;
  const names = crd.spec?.names ?? {};
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const kv of store.list(CRD_PREFIX).items) {
    const other = JSON.parse(kv.value);
    if (other.spec?.group !== group || other.metadata?.name === crd.metadata?.name) continue;
    const taken = other.status?.acceptedNames ?? {};
    for (const n of [taken.plural, taken.singular, ...(taken.shortNames ?? [])]) if (n) resources.add(n);
    for (const k of [taken.kind, taken.listKind]) if (k) kinds.add(k);
  }
  const used = (value: string) => ({ message: `"${value}" is already in use` });
  if (resources.has(names.plural)) return { reason: 'PluralConflict', ...used(names.plural) };
  if (resources.has(names.singular)) return { reason: 'SingularConflict', ...used(names.singular) };
  const short = (names.shortNames ?? []).find((n: string) => resources.has(n));
  if (short) return { reason: 'ShortNamesConflict', ...used(short) };
  if (kinds.has(names.kind)) return { reason: 'KindConflict', ...used(names.kind) };
  if (kinds.has(names.listKind)) return { reason: 'ListKindConflict', ...used(names.listKind) };
  return undefined;
}

/** Removes every custom resource a deleted CRD defined (never a built-in type's objects). */
export function deleteCustomResources(store: Store, crd: Obj): void {
  const group = crd.spec?.group;
  const plural = crd.status?.acceptedNames?.plural || crd.spec?.names?.plural;
  if (!group || !plural || RESOURCE_TYPES.some((r) => r.group === group && r.plural === plural)) return;
  for (const kv of store.list(`/registry/${group}/${plural}/`).items) store.delete(kv.key, kv.revision);
}
