// The controllers' view of the cluster: every object of the types they watch, kept current from
// the store's event stream (client-go's informer caches, without the HTTP round trips). As
// kube-controller-manager's informers do, it drops metadata.managedFields: no controller reads
// them, and a write without them keeps the live ones.
import type { StoreEvent } from '../store/store.js';
import type { Registry } from '../apiserver/registry.js';
import { stampRevision, type KubeObject } from '../apiserver/objects.js';
import { readAs, servedAs } from '../apiserver/conversions.js';
import { deepClone } from '../../../patch/json-value.js';
import { withoutManagedFields } from '../apiserver/managed-fields.js';
import { RESOURCE_TYPES, type ResourceType } from '../apiserver/resources.js';

/** "pods", "apps/deployments": a resource type as controllers name it. */
export type TypeName = string;

export function typeName(r: Pick<ResourceType, 'group' | 'plural'>): TypeName {
  return r.group ? `${r.group}/${r.plural}` : r.plural;
}

export function objectKey(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata?.name}` : obj.metadata?.name ?? '';
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** The resource type served for a TypeName (the storage version: first listed). */
export function resourceOf(type: TypeName): ResourceType {
  const [group, plural] = type.includes('/') ? type.split('/') : ['', type];
  const r = RESOURCE_TYPES.find((t) => t.group === group && t.plural === plural);
  if (!r) throw new Error(`unknown resource type ${type}`);
  return r;
}

export interface CacheChange {
  type: TypeName;
  object: KubeObject;
  /** The version before this change (absent for additions). */
  old?: KubeObject;
  deleted: boolean;
}

/** Objects of one type by namespace ('' for cluster-scoped) and name, with indexes by owner uid and by node (spec.nodeName). */
class TypeCache {
  private readonly byNamespace = new Map<string, Map<string, KubeObject>>();
  private readonly byOwner = new Map<string, Set<KubeObject>>();
  private readonly byNode = new Map<string, Set<KubeObject>>();

  get(namespace: string, name: string): KubeObject | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  set(obj: KubeObject): KubeObject | undefined {
    const ns = obj.metadata?.namespace ?? '';
    const name = obj.metadata?.name ?? '';
    let objects = this.byNamespace.get(ns);
    if (!objects) this.byNamespace.set(ns, (objects = new Map()));
    const old = objects.get(name);
    if (old) this.unindex(old);
    objects.set(name, obj);
    for (const ref of obj.metadata?.ownerReferences ?? []) addTo(this.byOwner, ref.uid, obj);
    const node = nodeNameOf(obj);
    if (node) addTo(this.byNode, node, obj);
    return old;
  }

  delete(obj: KubeObject): KubeObject | undefined {
    const objects = this.byNamespace.get(obj.metadata?.namespace ?? '');
    const old = objects?.get(obj.metadata?.name ?? '');
    if (old) {
      this.unindex(old);
      objects!.delete(obj.metadata!.name!);
    }
    return old;
  }

  private unindex(obj: KubeObject): void {
    for (const ref of obj.metadata?.ownerReferences ?? []) removeFrom(this.byOwner, ref.uid, obj);
    const node = nodeNameOf(obj);
    if (node) removeFrom(this.byNode, node, obj);
  }

  list(namespace?: string): KubeObject[] {
    if (namespace !== undefined) return [...(this.byNamespace.get(namespace)?.values() ?? [])];
    const all: KubeObject[] = [];
    for (const objects of this.byNamespace.values()) for (const obj of objects.values()) all.push(obj);
    return all;
  }

  ownedBy(uid: string): KubeObject[] {
    return [...(this.byOwner.get(uid) ?? [])];
  }

  onNode(node: string): KubeObject[] {
    return [...(this.byNode.get(node) ?? [])];
  }
}

function addTo(index: Map<string, Set<KubeObject>>, key: string, obj: KubeObject): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(obj);
}

/** Take an object out of an index, and the key with it once nothing is left under it. */
function removeFrom(index: Map<string, Set<KubeObject>>, key: string, obj: KubeObject): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(obj);
  if (set.size === 0) index.delete(key);
}

function nodeNameOf(obj: KubeObject): string | undefined {
  return (obj as { spec?: { nodeName?: string } }).spec?.nodeName;
}

export class Cache {
  private readonly byType = new Map<TypeName, TypeCache>();
  private readonly prefixes: Array<[string, TypeName, ResourceType]>;
  /** How many times the cache has been (re)listed: an index built from it is stale once this changes. */
  generation = 0;

  constructor(private readonly registry: Registry, types: TypeName[]) {
    this.prefixes = [...new Set(types)].map((t) => {
      const r = resourceOf(t);
      return [`/registry/${r.group || 'core'}/${r.plural}/`, t, r];
    });
  }

  /** List every watched type; returns the revision the lists were taken at. */
  load(): number {
    this.generation++;
    let revision = 0;
    for (const [, type, r] of this.prefixes) {
      const list = this.registry.list(r, undefined);
      const objects = new TypeCache();
      for (const obj of list.items) objects.set(withoutManagedFields(obj));
      this.byType.set(type, objects);
      revision = Math.max(revision, Number(list.resourceVersion));
    }
    return revision;
  }

  /** Fold a store event into the cache; undefined when it is about a type nobody watches. */
  apply(e: StoreEvent): CacheChange | undefined {
    const match = this.prefixes.find(([prefix]) => e.key.startsWith(prefix));
    if (!match) return undefined;
    const [, type, r] = match;
    const object = e.decoded ? copyOfDecoded(r, e.decoded as KubeObject, e.revision) : withoutManagedFields(readAs(r, e.value, e.revision));
    const objects = this.byType.get(type)!;
    const old = e.type === 'DELETED' ? objects.delete(object) : objects.set(object);
    return { type, object, old, deleted: e.type === 'DELETED' };
  }

  get(type: TypeName, key: string): KubeObject | undefined {
    const { namespace, name } = splitKey(key);
    return this.byType.get(type)?.get(namespace ?? '', name);
  }

  /** Objects of a type, in one namespace or all. */
  list(type: TypeName, namespace?: string): KubeObject[] {
    return this.byType.get(type)?.list(namespace) ?? [];
  }

  /** Objects of a type whose ownerReferences name this uid. */
  ownedBy(type: TypeName, uid: string): KubeObject[] {
    return this.byType.get(type)?.ownedBy(uid) ?? [];
  }

  /** Objects of a type bound to a node (pods by spec.nodeName). */
  onNode(type: TypeName, node: string): KubeObject[] {
    return this.byType.get(type)?.onNode(node) ?? [];
  }
}

/**
 * What readAs() would give for a write this process made, copied from the writer's decoded object
 * rather than parsed from its JSON (without managed fields, which the cache drops anyway).
 */
function copyOfDecoded(r: ResourceType, decoded: KubeObject, revision: number): KubeObject {
  return servedAs(r, stampRevision(deepClone(withoutManagedFields(decoded)), revision));
}
