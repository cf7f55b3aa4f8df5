// Server-side apply (PATCH with application/apply-patch+yaml) as kube-apiserver's field manager
// does it: merge the configuration into the live object, drop what the applier stopped applying
// and nobody else owns, refuse to change fields other managers own unless forced, and record the
// applier as owning exactly its configuration's fields.
import { deepClone } from '../../../patch/json-value.js';
import type { KubeObject } from './objects.js';
import type { Registry, WriteOptions } from './registry.js';
import { deepEqual } from './objects.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { ApiError, badRequest } from './status.js';
import { compare, merge, prune, toFieldSet } from './typed-values.js';
import {
  conflictsWith, decodeManagedFields, encodeManagedFields, ignoredFields, managerLabel, ownable, sameManager, schemaRef,
  withoutManagedFields, type ManagedEntry,
} from './managed-fields.js';
import { difference, isEmpty, members, pathString, union, type FieldSet } from './field-set.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
// The manager whose applies take over from client-side apply (kube's lastAppliedManager).
const KUBECTL = 'kubectl';

export interface ApplyRequest {
  manager: string;
  force: boolean;
  time: string;
}

/** The apply's query parameters checked as kube-apiserver checks PatchOptions. */
export function checkApplyOptions(fieldManager: string | undefined, force: string | undefined): void {
  if (!fieldManager) throw invalidPatchOptions('fieldManager', 'FieldValueRequired', 'Required value: is required for apply patch');
  if (fieldManager.length > 128) throw invalidPatchOptions('fieldManager', 'FieldValueTooLong', 'Too long: may not be more than 128 bytes');
  if (force !== undefined && force !== 'true' && force !== 'false') throw badRequest(`force: Invalid value: "${force}"`);
}

/** Options that only an apply takes. */
export function checkNonApplyOptions(force: string | undefined): void {
  if (force !== undefined) throw invalidPatchOptions('force', 'FieldValueForbidden', 'Forbidden: may not be specified for non-apply patch');
}

function invalidPatchOptions(field: string, reason: string, message: string): ApiError {
  return new ApiError(422, 'Invalid', `PatchOptions.meta.k8s.io "" is invalid: ${field}: ${message}`,
    { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason, message, field }] });
}

/**
 * Apply through the registry: create the object when it does not exist, else update it from the
 * live revision, trying again when another write lands in between (kube's patcher retries too).
 */
export function serverSideApply(
  reg: Registry, r: ResourceType, namespace: string | undefined, name: string, config: KubeObject, req: ApplyRequest, opts: WriteOptions,
): { object: KubeObject; created: boolean } {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw badRequest('the object provided is unrecognized (must be a JSON object)');
  if (config.metadata?.name !== name) {
    throw badRequest(`the name of the object (${config.metadata?.name ?? ''}) does not match the name on the URL (${name})`);
  }
  // The managed fields are computed here: the registry must not track this write again.
  const untracked: WriteOptions = { ...opts, fieldManager: undefined };
  for (let attempt = 0; ; attempt++) {
    let live: KubeObject | undefined;
    try {
      live = reg.get(r, namespace, name);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
    try {
      if (!live) return { object: reg.create(r, namespace, applyConfiguration(r, undefined, config, req), untracked), created: true };
      const next = applyConfiguration(r, live, config, req);
      next.metadata!.resourceVersion = live.metadata?.resourceVersion;
      return { object: reg.update(r, namespace, name, next, undefined, untracked).object, created: false };
    } catch (e) {
      const raced = e instanceof ApiError && e.code === 409 && !e.details?.causes?.length;
      if (!raced || attempt >= 4) throw e;
    }
  }
}

/**
 * The object after applying `config` to `live` (undefined: the apply creates it), with its
 * managed fields. Throws kube's 409 when the apply would change fields other managers own.
 */
export function applyConfiguration(r: ResourceType, live: KubeObject | undefined, config: KubeObject, req: ApplyRequest): KubeObject {
  if ((config.metadata as Record<string, unknown> | undefined)?.managedFields !== undefined) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const ref = schemaRef(r);
  const ignored = ignoredFields(r, undefined);
  const liveBare = live ? withoutManagedFields(live) : ({} as KubeObject);
  const entries = live ? decodeManagedFields(live) : [];
  const self: ManagedEntry = { manager: req.manager, operation: 'Apply', apiVersion: apiVersionOf(r), set: new Map() };
  const configSet = ownable(toFieldSet(config, ref), ignored);
  const last = entries.find((e) => sameManager(e, self));
  const others = entries.filter((e) => e !== last);

  let next = merge(liveBare, config, ref) as KubeObject;
  if (last) {
    // The configuration's own identity fields (metadata.name) keep their parents.
    const keep = others.reduce((acc, e) => union(acc, e.set), toFieldSet(config, ref));
    next = prune(next, last.set, keep, ref) as KubeObject;
  }

  const c = compare(liveBare, next, ref);
  const changed = ownable(union(c.modified, c.added), ignored);
  let conflicts = conflictsWith(others, changed);
  if (conflicts.length && !req.force && req.manager === KUBECTL && live) {
    const allowed = allowedByLastApplied(live, r);
    conflicts = conflicts.map((x) => ({ ...x, set: difference(x.set, allowed) })).filter((x) => !isEmpty(x.set));
    if (conflicts.length === 0) conflicts = conflictsWith(others, changed);
    else throw conflictError(conflicts);
  } else if (conflicts.length && !req.force) {
    throw conflictError(conflicts);
  }

  const kept: ManagedEntry[] = [];
  for (const e of others) {
    const set = difference(difference(e.set, changed), c.removed);
    if (!isEmpty(set)) kept.push({ ...e, set });
  }
  // A no-op apply keeps the applier's time.
  const time = last && deepEqual(liveBare, next) ? last.time : req.time;
  if (!isEmpty(configSet)) kept.push({ ...self, time, set: configSet });
  (next.metadata ??= {} as NonNullable<KubeObject['metadata']>);
  (next.metadata as Record<string, unknown>).managedFields = encodeManagedFields(kept);
  if (req.manager === KUBECTL) syncLastApplied(next, config);
  return next;
}

/**
 * Fields client-side apply set that still hold the value it set: taking them over from
 * "kubectl-client-side-apply" is no conflict for kubectl's own server-side apply.
 */
function allowedByLastApplied(live: KubeObject, r: ResourceType): FieldSet {
  const text = live.metadata?.annotations?.[LAST_APPLIED];
  if (!text) return new Map();
  let lastApplied: KubeObject;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return new Map();
  }
  if (lastApplied?.apiVersion !== apiVersionOf(r)) return new Map();
  const ref = schemaRef(r);
  const c = compare(lastApplied, withoutManagedFields(live), ref);
  return difference(difference(difference(toFieldSet(lastApplied, ref), c.modified), c.added), c.removed);
}

/** kubectl's server-side apply keeps an existing last-applied annotation up to date. */
function syncLastApplied(next: KubeObject, config: KubeObject): void {
  const annotations = next.metadata?.annotations;
  if (!annotations?.[LAST_APPLIED]) return;
  const copy = deepClone(config);
  const own = copy.metadata?.annotations;
  if (own) {
    delete own[LAST_APPLIED];
    if (Object.keys(own).length === 0) copy.metadata!.annotations = {};
  }
  annotations[LAST_APPLIED] = goJson(copy) + '\n';
}

/** Go's encoding of a map: keys sorted. */
function goJson(v: unknown): string {
  return JSON.stringify(v, (_k, value) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]]))
      : value);
}

function conflictError(conflicts: Array<{ entry: ManagedEntry; set: FieldSet }>): ApiError {
  const list = conflicts.flatMap(({ entry, set }) => members(set).map((p) => ({ manager: managerLabel(entry), path: pathString(p) })));
  const causes = list.map((x) => ({ reason: 'FieldManagerConflict', message: `conflict with ${x.manager}`, field: x.path }));
  let message: string;
  if (list.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${list[0].manager}: ${list[0].path}`;
  } else {
    const lines: string[] = [];
    for (const manager of [...new Set(list.map((x) => x.manager))].sort()) {
      lines.push(`conflicts with ${manager}:`);
      for (const x of list.filter((y) => y.manager === manager)) lines.push(`- ${x.path}`);
    }
    message = `Apply failed with ${list.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, { causes });
}
