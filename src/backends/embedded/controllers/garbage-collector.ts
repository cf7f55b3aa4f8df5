// The garbage collector (pkg/controller/garbagecollector): objects whose owners are all gone are
// deleted; an owner deleted in the foreground waits for its blocking dependents; an owner deleted
// with the orphan policy lets go of its dependents first.
import { StatusError } from '../../../client/errors.js';
import type { KubeObject } from '../apiserver/objects.js';
import { RESOURCE_TYPES, apiVersionOf, type ResourceType } from '../apiserver/resources.js';
import { objectKey, resourceOf, typeName, type Cache, type CacheChange, type TypeName } from './cache.js';
import type { Controller, ControllerContext } from './controller.js';

type OwnerReference = NonNullable<NonNullable<KubeObject['metadata']>['ownerReferences']>[number];
type Policy = 'Background' | 'Foreground' | 'Orphan';

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

/** Events are never owned and are too many to cache; every other served type takes part. */
export const COLLECTED_TYPES: TypeName[] = [...new Set(RESOURCE_TYPES.filter((r) => r.plural !== 'events').map(typeName))];

/** The REST path of a type's collection in a namespace, or of one object. */
export function objectPath(r: ResourceType, namespace: string | undefined, name?: string): string {
  const base = r.group ? `/apis/${apiVersionOf(r)}` : '/api/v1';
  const ns = r.namespaced && namespace ? `/namespaces/${namespace}` : '';
  return `${base}${ns}/${r.plural}${name ? `/${name}` : ''}`;
}

/** The type an ownerReference points at, by its group and kind; undefined for kinds not served. */
function ownerType(ref: OwnerReference): TypeName | undefined {
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
  const r = RESOURCE_TYPES.find((t) => t.group === group && t.kind === ref.kind);
  return r && typeName(r);
}

const gcKey = (type: TypeName, obj: KubeObject) => `${type} ${objectKey(obj)}`;

function isDeletingDependents(obj: KubeObject | undefined): boolean {
  return !!obj?.metadata?.deletionTimestamp && !!obj.metadata.finalizers?.includes(FOREGROUND);
}

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';
  readonly types = COLLECTED_TYPES;

  keysFor(change: CacheChange, cache: Cache): string[] {
    const obj = change.object;
    const keys: string[] = [];
    if (change.deleted) {
      // Its dependents may be orphans now, and an owner waiting for it may be free to go.
      for (const { type, object } of dependentsOf(obj, cache)) keys.push(gcKey(type, object));
      for (const ref of obj.metadata?.ownerReferences ?? []) {
        const { type, owner } = lookupOwner(obj, ref, cache);
        if (type && owner?.metadata?.uid === ref.uid && isDeletingDependents(owner)) keys.push(gcKey(type, owner));
      }
      return keys;
    }
    const finalizers = obj.metadata?.finalizers ?? [];
    if (obj.metadata?.deletionTimestamp && (finalizers.includes(FOREGROUND) || finalizers.includes(ORPHAN))) keys.push(gcKey(change.type, obj));
    const needsLook = (obj.metadata?.ownerReferences ?? []).some((ref) => {
      const { type, owner } = lookupOwner(obj, ref, cache);
      return type !== undefined && (owner?.metadata?.uid !== ref.uid || isDeletingDependents(owner));
    });
    if (needsLook) keys.push(gcKey(change.type, obj));
    return keys;
  }

  async sync(key: string, ctx: ControllerContext): Promise<undefined> {
    const space = key.indexOf(' ');
    const type = key.slice(0, space);
    const obj = ctx.cache.get(type, key.slice(space + 1));
    if (!obj) return undefined;
    const meta = obj.metadata!;
    if (meta.deletionTimestamp) {
      if (meta.finalizers?.includes(ORPHAN)) await orphanDependents(ctx, type, obj);
      else if (meta.finalizers?.includes(FOREGROUND)) await deleteDependentsFirst(ctx, type, obj);
      return undefined;
    }
    await attemptToDelete(ctx, type, obj);
    return undefined;
  }
}

function dependentsOf(owner: KubeObject, cache: Cache): Array<{ type: TypeName; object: KubeObject }> {
  const uid = owner.metadata?.uid;
  if (!uid) return [];
  return COLLECTED_TYPES.flatMap((type) => cache.ownedBy(type, uid).map((object) => ({ type, object })));
}

/** The owner a reference names, as the cache has it (an owner is in the dependent's namespace unless cluster-scoped). */
function lookupOwner(dependent: KubeObject, ref: OwnerReference, cache: Cache): { type?: TypeName; owner?: KubeObject } {
  const type = ownerType(ref);
  if (!type) return {};
  const ns = resourceOf(type).namespaced ? dependent.metadata?.namespace : undefined;
  return { type, owner: cache.get(type, ns ? `${ns}/${ref.name}` : ref.name) };
}

/** The cache may lag a creation: the API server decides whether an owner is really gone (kube's isDangling). */
async function ownerIsGone(ctx: ControllerContext, dependent: KubeObject, ref: OwnerReference, type: TypeName): Promise<boolean> {
  const r = resourceOf(type);
  try {
    const owner = await ctx.client.request('GET', objectPath(r, dependent.metadata?.namespace, ref.name));
    return owner?.metadata?.uid !== ref.uid;
  } catch (e) {
    if (e instanceof StatusError && e.code === 404) return true;
    throw e;
  }
}

/**
 * kube's attemptToDeleteItem: with a live owner left, drop the references to the gone ones and to
 * owners deleting in the foreground; with none left, delete the object (in the foreground when a
 * foreground-deleting owner waits and the object has dependents of its own).
 */
async function attemptToDelete(ctx: ControllerContext, type: TypeName, obj: KubeObject): Promise<void> {
  const refs = obj.metadata?.ownerReferences ?? [];
  if (refs.length === 0) return;
  const solid: OwnerReference[] = [];
  const gone: OwnerReference[] = [];
  const waiting: OwnerReference[] = [];
  for (const ref of refs) {
    const { type: ownerTypeName, owner } = lookupOwner(obj, ref, ctx.cache);
    if (!ownerTypeName) solid.push(ref);
    else if (owner?.metadata?.uid === ref.uid) (isDeletingDependents(owner) ? waiting : solid).push(ref);
    else if (await ownerIsGone(ctx, obj, ref, ownerTypeName)) gone.push(ref);
    else solid.push(ref);
  }
  if (solid.length > 0) {
    if (gone.length || waiting.length) await removeOwnerReferences(ctx, type, obj, new Set([...gone, ...waiting].map((r) => r.uid)));
    return;
  }
  let policy: Policy = 'Background';
  if (waiting.length && dependentsOf(obj, ctx.cache).length) policy = 'Foreground';
  else if (obj.metadata?.finalizers?.includes(ORPHAN)) policy = 'Orphan';
  else if (obj.metadata?.finalizers?.includes(FOREGROUND)) policy = 'Foreground';
  await deleteObject(ctx, type, obj, policy);
}

async function deleteObject(ctx: ControllerContext, type: TypeName, obj: KubeObject, policy: Policy): Promise<void> {
  try {
    await ctx.client.request('DELETE', objectPath(resourceOf(type), obj.metadata?.namespace, obj.metadata!.name), {
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: policy, preconditions: { uid: obj.metadata!.uid } },
    });
  } catch (e) {
    // Gone already, or replaced by a new object of the same name that is not ours to judge.
    if (!(e instanceof StatusError && (e.code === 404 || e.code === 409))) throw e;
  }
}

async function patchMetadata(ctx: ControllerContext, type: TypeName, obj: KubeObject, metadata: Record<string, unknown>): Promise<void> {
  try {
    await ctx.client.request('PATCH', objectPath(resourceOf(type), obj.metadata?.namespace, obj.metadata!.name), {
      body: { metadata: { ...metadata, resourceVersion: obj.metadata!.resourceVersion } },
      contentType: 'application/merge-patch+json',
    });
  } catch (e) {
    if (!(e instanceof StatusError && e.code === 404)) throw e;
  }
}

function removeOwnerReferences(ctx: ControllerContext, type: TypeName, obj: KubeObject, uids: Set<string>): Promise<void> {
  const kept = (obj.metadata?.ownerReferences ?? []).filter((r) => !uids.has(r.uid));
  return patchMetadata(ctx, type, obj, { ownerReferences: kept.length ? kept : null });
}

function removeFinalizer(ctx: ControllerContext, type: TypeName, obj: KubeObject, finalizer: string): Promise<void> {
  const kept = (obj.metadata?.finalizers ?? []).filter((f) => f !== finalizer);
  return patchMetadata(ctx, type, obj, { finalizers: kept.length ? kept : null });
}

/** The orphan policy: every dependent lets go of this owner, then the owner may go. */
async function orphanDependents(ctx: ControllerContext, type: TypeName, owner: KubeObject): Promise<void> {
  const uid = owner.metadata!.uid!;
  for (const dep of dependentsOf(owner, ctx.cache)) await removeOwnerReferences(ctx, dep.type, dep.object, new Set([uid]));
  await removeFinalizer(ctx, type, owner, ORPHAN);
}

/** The foreground policy: delete the dependents; the owner goes once none blocks it any more. */
async function deleteDependentsFirst(ctx: ControllerContext, type: TypeName, owner: KubeObject): Promise<void> {
  const uid = owner.metadata!.uid!;
  let blocking = 0;
  for (const dep of dependentsOf(owner, ctx.cache)) {
    if (dep.object.metadata?.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion)) blocking++;
    if (!dep.object.metadata?.deletionTimestamp) await attemptToDelete(ctx, dep.type, dep.object);
  }
  if (blocking === 0) await removeFinalizer(ctx, type, owner, FOREGROUND);
}
