// The REST verbs over the store for every resource type, as kube-apiserver's generic registry
// implements them: create, get, list, update, patch, delete, deletecollection.
import { StoreError, type KeyValue, type Store } from '../store/store.js';
import { admitResource, pruneCustomResource } from './crd/admission.js';
import { applyPatch, schemaNameFor, PatchError, type PatchType } from '../../../patch/index.js';
import { deepClone } from '../../../patch/json-value.js';
import { selectableFields, matchesLabels, matchesFields, type Requirement, type FieldRequirement } from '../../../selectors/index.js';
import {
  encode, encodeStored, stampRevision, storageKey, storagePrefix, timestamp, newUid, randomSuffix, withTypeMeta, deepEqual,
  type KubeObject, type StoredJson,
} from './objects.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { afterDelete, bumpsGeneration, prepareForCreate, prepareForUpdate, tracksGeneration } from './strategies.js';
import { ApiError, alreadyExists, badRequest, conflict, notFound, type StatusReason } from './status.js';
import { checkBodyType } from './decoding.js';
import { checkDecodes, checkTypeMeta } from './typed-decoding.js';
import { readAs, servedAs } from './conversions.js';
import { DecodedObjects } from './decoded-objects.js';
import { admitCreateInNamespace, admitNamespaceDelete } from './namespace-lifecycle.js';
import { checkPreconditions, hasPendingFinalizers, isNamespace, markForDeletion } from './deletion.js';
import { dropUnknownFields } from './unknown-fields.js';
import { trackUpdate } from './managed-fields.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun: boolean;
  fieldValidation: FieldValidation;
  /** Warnings for the `Warning` response header. */
  warnings: string[];
  /** Who writes, for metadata.managedFields; unset: an internal write, not tracked. */
  fieldManager?: string;
  /** The subresource the write came through when it is not the one written (scale). */
  managedSubresource?: string;
  /** Admission that depends on the writer (RBAC's escalation check), after the built-in one. */
  admit?: (r: ResourceType, obj: KubeObject) => void;
}

export interface ListOptions {
  labelSelector?: Requirement[];
  fieldSelector?: FieldRequirement[];
  limit?: number;
  continueToken?: string;
}

export interface ReadOptions {
  /** The caller only reads the objects (to answer a request): they may be shared and are frozen. */
  shared?: boolean;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
}

/** A written object and its JSON as served, from the serialisation stored. */
export interface Written {
  object: KubeObject;
  /** The object's JSON (made when first read: an in-process caller takes the object). */
  readonly json: string;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export class Registry {
  private readonly decoded = new DecodedObjects();

  constructor(
    readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  get(r: ResourceType, namespace: string | undefined, name: string, read: ReadOptions = {}): KubeObject {
    const kv = this.store.get(storageKey(r, namespace, name));
    if (!kv) throw notFound(r.plural, r.group, name);
    return read.shared ? this.sharedObject(r, kv) : this.toObject(r, kv);
  }

  list(r: ResourceType, namespace: string | undefined, opts: ListOptions = {}, read: ReadOptions = {}): ListResult {
    const prefix = storagePrefix(r, namespace);
    let startKey = prefix;
    let revision = 0;
    if (opts.continueToken) ({ startKey, revision } = decodeContinue(opts.continueToken, prefix));
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
    const items: KubeObject[] = [];
    const batch = limit ? Math.max(limit + 1, 100) : 0;
    let listRevision = revision;
    for (;;) {
      let page;
      // Objects already decoded at their newest revision are not read again (taken now: the page's
      // own decoding may push them out of the cache).
      const held = new Map<string, KubeObject>();
      const known = (key: string, rev: number) => {
        const obj = this.decoded.peek(key, rev);
        if (obj) held.set(key, obj);
        return obj !== undefined;
      };
      try {
        // With nothing decoded yet (a command's first read), one read of the range beats one per key.
        page = this.store.list(prefix, { startKey, limit: batch, revision, known: read.shared && !this.decoded.empty ? known : undefined });
      } catch (e) {
        if (e instanceof StoreError && e.code === 'Compacted') throw expiredContinue();
        throw e;
      }
      listRevision = page.revision;
      revision = page.revision;
      for (const kv of page.items) {
        const shared = held.get(kv.key);
        const obj = shared ? servedAs(r, shared) : read.shared ? this.sharedObject(r, kv) : this.toObject(r, kv);
        if (!this.matches(r, obj, opts)) continue;
        if (limit && items.length === limit) {
          return { items, resourceVersion: String(listRevision), continueToken: encodeContinue(listRevision, kv.key) };
        }
        items.push(obj);
      }
      if (!batch || page.items.length < batch) break;
      startKey = page.items[page.items.length - 1].key + '\u0000';
    }
    return { items, resourceVersion: String(listRevision) };
  }

  matches(r: ResourceType, obj: KubeObject, opts: Pick<ListOptions, 'labelSelector' | 'fieldSelector'>): boolean {
    if (opts.labelSelector?.length && !matchesLabels(opts.labelSelector, obj.metadata?.labels)) return false;
    if (opts.fieldSelector?.length && !matchesFields(opts.fieldSelector, selectableFields(r.group, r.kind, obj))) return false;
    return true;
  }

  create(r: ResourceType, namespace: string | undefined, input: KubeObject, opts: WriteOptions): KubeObject {
    return this.createOwned(r, namespace, deepClone(input), opts).object;
  }

  /**
   * create() of a body that is the caller's to give away (parsed for this request): changed in
   * place rather than copied. Also answers the created object's JSON, from the serialisation stored.
   */
  createOwned(r: ResourceType, namespace: string | undefined, body: KubeObject, opts: WriteOptions): Written {
    const obj = this.checkBody(r, namespace, body, opts);
    const meta = (obj.metadata ??= {});
    // etcd refuses it; a dry run never reaches etcd.
    if (!opts.dryRun && /^\d+$/.test(meta.resourceVersion ?? '') && Number(meta.resourceVersion) !== 0) {
      throw new ApiError(500, '', 'resourceVersion should not be set on objects to be created');
    }
    const now = this.clock();
    meta.uid = newUid();
    meta.creationTimestamp = timestamp(now);
    if (tracksGeneration(r)) meta.generation = 1;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    const run = () => {
      if (r.namespaced) admitCreateInNamespace(this.stored(`/registry/core/namespaces/${namespace}`), r, namespace!, meta.name || meta.generateName || 'Unknown');
      if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix();
      admitResource(r, obj);
      opts.admit?.(r, obj);
      // An existing name is AlreadyExists before the strategy allocates a service's addresses (a
      // taken clusterIP would say otherwise); for everything else the store's create refuses it.
      if (r.group === '' && r.kind === 'Service' && this.store.revisionOf(storageKey(r, namespace, meta.name!)) !== undefined) {
        throw alreadyExists(r.plural, r.group, meta.name!);
      }
      prepareForCreate(r, obj, { store: this.store, now });
      if (opts.fieldManager !== undefined) setManagedFields(obj, trackUpdate(r, undefined, obj, { manager: opts.fieldManager, time: timestamp(now) }));
      const name = meta.name!;
      stored = encodeStored(obj);
      try {
        return this.store.create(storageKey(r, namespace, name), stored.value, obj);
      } catch (e) {
        if (e instanceof StoreError && e.code === 'KeyExists') throw alreadyExists(r.plural, r.group, name);
        throw e;
      }
    };
    let stored: StoredJson | undefined;
    if (opts.dryRun) {
      const object = this.dryRun(run, obj);
      return { object, json: JSON.stringify(object) };
    }
    // The stored value is this object's JSON: answer with it rather than parsing it back.
    const { revision } = this.store.atomically(run);
    return this.written(stampRevision(obj, revision), stored!, revision);
  }

  /** An update with a body that is the caller's to give away (parsed for this request, or built for it): changed in place. */
  update(r: ResourceType, namespace: string | undefined, name: string, body: KubeObject, subresource: string | undefined, opts: WriteOptions): Written {
    const obj = this.checkBody(r, namespace, body, opts);
    if (obj.metadata?.name !== name) {
      throw badRequest(`the name of the object (${obj.metadata?.name ?? ''}) does not match the name on the URL (${name})`);
    }
    const expected = Number(obj.metadata?.resourceVersion ?? 0);
    if (obj.metadata?.resourceVersion !== undefined && !(expected > 0)) {
      throw badRequest(`metadata.resourceVersion: Invalid value: "${obj.metadata.resourceVersion}": must be a valid resource version`);
    }
    return this.write(r, namespace, name, expected, opts, () => obj, subresource);
  }

  patch(r: ResourceType, namespace: string | undefined, name: string, type: PatchType, patch: unknown, subresource: string | undefined, opts: WriteOptions): Written {
    return this.write(r, namespace, name, 0, opts, (current) => {
      let patched: KubeObject;
      try {
        patched = applyPatch(type, deepClone(current), patch, schemaNameFor(apiVersionOf(r), r.kind)) as KubeObject;
      } catch (e) {
        if (e instanceof PatchError) throw new ApiError(e.code, (e.reason || 'InternalError') as StatusReason, e.message);
        throw e;
      }
      if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) throw badRequest('patched object is not a JSON object');
      const wanted = patched.metadata?.resourceVersion;
      if (wanted !== undefined && wanted !== current.metadata?.resourceVersion) throw conflict(r.plural, r.group, name);
      if (!r.custom) checkDecodes(r, patched);
      this.checkUnknownFields(r, patched, opts);
      return patched;
    }, subresource);
  }

  /**
   * Read-modify-write in one transaction: `change` gets the live object to read (it answers a new
   * one, and may throw), the result goes through the strategy and admission, and lands only if
   * nothing else wrote since. `change` must leave the live object it is given as it is.
   */
  modify(
    r: ResourceType, namespace: string | undefined, name: string, subresource: string | undefined, opts: WriteOptions,
    change: (current: KubeObject) => KubeObject,
  ): Written {
    return this.write(r, namespace, name, 0, opts, change, subresource);
  }

  private write(
    r: ResourceType, namespace: string | undefined, name: string, expectedRevision: number, opts: WriteOptions,
    change: (current: KubeObject) => KubeObject, subresource: string | undefined,
  ): Written {
    const key = storageKey(r, namespace, name);
    const now = this.clock();
    let result: KubeObject | undefined;
    let stored: StoredJson | undefined;
    let deleted = false;
    const run = () => {
      const kv = this.store.get(key);
      if (!kv) throw notFound(r.plural, r.group, name);
      if (expectedRevision && kv.revision !== expectedRevision) throw conflict(r.plural, r.group, name);
      const current = this.toObject(r, kv);
      let next = change(current);
      next = prepareForUpdate(r, next, current, subresource, { store: this.store, now });
      keepSystemMetadata(next, current);
      withTypeMeta(r, next);
      // Subresource writes change only what their strategy copies over; the object was admitted before.
      if (!subresource) {
        admitResource(r, next, current);
        opts.admit?.(r, next);
      }
      // A binding writes the pod directly, around the strategy that would bump its generation.
      if (subresource !== 'binding' && bumpsGeneration(r, next, current)) next.metadata!.generation = (current.metadata?.generation ?? 0) + 1;
      if (opts.fieldManager !== undefined && subresource !== 'binding') {
        const w = { manager: opts.fieldManager, subresource: opts.managedSubresource ?? subresource, time: timestamp(now) };
        setManagedFields(next, trackUpdate(r, current, next, w));
      }
      if (current.metadata?.deletionTimestamp && !hasPendingFinalizers(r, next)) {
        this.store.delete(key, kv.revision);
        afterDelete(r, next, { store: this.store, now });
        deleted = true;
        result = next;
        return kv;
      }
      if (deepEqual(stripRV(next), stripRV(current))) {
        result = current;
        return kv;
      }
      result = next;
      stored = encodeStored(next);
      return this.store.update(key, kv.revision, () => stored!.value, next);
    };
    if (opts.dryRun) {
      const object = this.dryRun(run, () => result!);
      return { object, json: JSON.stringify(object) };
    }
    try {
      const kv = this.store.atomically(run);
      // The stored value is the new object's JSON: answer with it rather than parsing it back.
      if (!stored || deleted) return { object: result!, json: JSON.stringify(result) };
      return this.written(stampRevision(result!, kv.revision), stored, kv.revision);
    } catch (e) {
      if (e instanceof StoreError && e.code === 'Conflict') throw conflict(r.plural, r.group, name);
      if (e instanceof StoreError && e.code === 'KeyNotFound') throw notFound(r.plural, r.group, name);
      throw e;
    }
  }

  delete(r: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions, opts: WriteOptions): KubeObject {
    if (isNamespace(r)) admitNamespaceDelete(name);
    const key = storageKey(r, namespace, name);
    const now = this.clock();
    let result!: KubeObject;
    const run = () => {
      const kv = this.store.get(key);
      if (!kv) throw notFound(r.plural, r.group, name);
      const current = this.toObject(r, kv);
      checkPreconditions(r, current, options);
      const next = deepClone(current);
      if (!markForDeletion(r, next, options, now)) {
        this.store.delete(key, kv.revision);
        afterDelete(r, current, { store: this.store, now });
        result = current;
        return undefined;
      }
      if (deepEqual(next, current)) {
        result = current;
        return kv;
      }
      result = next;
      return this.store.update(key, kv.revision, () => encode(next));
    };
    if (opts.dryRun) return this.dryRun(run, () => result);
    try {
      const kv = this.store.atomically(run);
      return kv ? this.toObject(r, kv) : result;
    } catch (e) {
      if (e instanceof StoreError && e.code === 'Conflict') throw conflict(r.plural, r.group, name);
      if (e instanceof StoreError && e.code === 'KeyNotFound') throw notFound(r.plural, r.group, name);
      throw e;
    }
  }

  deleteCollection(r: ResourceType, namespace: string | undefined, list: ListOptions, options: DeleteOptions, opts: WriteOptions): ListResult {
    const { items, resourceVersion } = this.list(r, namespace, { labelSelector: list.labelSelector, fieldSelector: list.fieldSelector });
    const deleted: KubeObject[] = [];
    for (const item of items) {
      try {
        deleted.push(this.delete(r, item.metadata?.namespace, item.metadata!.name!, options, opts));
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 404)) throw e;
      }
    }
    return { items: deleted, resourceVersion };
  }

  toObject(r: ResourceType, kv: KeyValue): KubeObject {
    return readAs(r, kv.value, kv.revision);
  }

  /** The answer to a write: its text made from the stored JSON when first read (an in-process caller takes the object). */
  private written(object: KubeObject, stored: StoredJson, revision: number): Written {
    let json: string | undefined;
    return { object, get json() { return (json ??= stored.at(revision)); } };
  }

  /** The object stored under `key`, if any, decoded once per revision and shared: frozen, for reading only. */
  private stored(key: string): KubeObject | undefined {
    const revision = this.store.revisionOf(key);
    if (revision === undefined) return undefined;
    const held = this.decoded.peek(key, revision);
    if (held) return held;
    const kv = this.store.get(key);
    return kv && this.decoded.get(kv.key, kv.value, kv.revision);
  }

  /** The stored value as `r` serves it, decoded once per revision and shared: frozen, for reading only. */
  sharedObject(r: ResourceType, kv: Pick<KeyValue, 'key' | 'value' | 'revision'>): KubeObject {
    return servedAs(r, this.decoded.get(kv.key, kv.value, kv.revision));
  }

  /** The body's type and namespace must agree with the URL; unknown fields per fieldValidation. Changes `obj` in place. */
  private checkBody(r: ResourceType, namespace: string | undefined, obj: KubeObject, opts: WriteOptions): KubeObject {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw badRequest('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf');
    checkTypeMeta(obj);
    if (obj.metadata !== undefined && obj.metadata !== null && (typeof obj.metadata !== 'object' || Array.isArray(obj.metadata))) {
      const word = Array.isArray(obj.metadata) ? 'array' : typeof obj.metadata === 'boolean' ? 'bool' : typeof obj.metadata;
      throw badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: json: cannot unmarshal ${word} into Go struct field ${r.kind}.metadata of type v1.ObjectMeta`);
    }
    checkBodyType(r, obj.apiVersion, obj.kind, obj.metadata?.name);
    withTypeMeta(r, obj);
    if (!r.custom) checkDecodes(r, obj);
    const meta = (obj.metadata ??= {});
    if (r.namespaced) {
      if (meta.namespace && meta.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = namespace;
    } else {
      delete meta.namespace;
    }
    this.checkUnknownFields(r, obj, opts);
    return obj;
  }

  private checkUnknownFields(r: ResourceType, obj: KubeObject, opts: WriteOptions): void {
    const unknown = r.custom ? pruneCustomResource(r, obj) : dropUnknownFields(apiVersionOf(r), r.kind, obj);
    if (unknown.length === 0 || opts.fieldValidation === 'Ignore') return;
    if (opts.fieldValidation === 'Warn') {
      for (const f of unknown) opts.warnings.push(`unknown field "${f}"`);
      return;
    }
    const detail = unknown.length === 1
      ? `unknown field "${unknown[0]}"`
      : unknown.map((f) => `unknown field "${f}"`).join(', ');
    throw badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: strict decoding error: ${detail}`);
  }

  /** Run a write inside a transaction that is always rolled back. */
  private dryRun(run: () => unknown, result: KubeObject | (() => KubeObject)): KubeObject {
    const rollback = new Error('dry run');
    try {
      this.store.atomically(() => {
        run();
        throw rollback;
      });
    } catch (e) {
      if (e !== rollback) throw e;
    }
    return typeof result === 'function' ? result() : result;
  }
}

function setManagedFields(obj: KubeObject, entries: unknown[]): void {
  const meta = (obj.metadata ??= {}) as Record<string, unknown>;
  if (entries.length) meta.managedFields = entries;
  else delete meta.managedFields;
}

function stripRV(obj: KubeObject): KubeObject {
  const { resourceVersion: _rv, ...metadata } = obj.metadata ?? {};
  return { ...obj, metadata };
}

/** Clients cannot change the identity and bookkeeping fields of an existing object. */
function keepSystemMetadata(next: KubeObject, current: KubeObject): void {
  const meta = (next.metadata ??= {});
  const old = current.metadata ?? {};
  for (const k of ['uid', 'creationTimestamp', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'namespace', 'name'] as const) {
    if (old[k] === undefined) delete meta[k];
    else (meta as Record<string, unknown>)[k] = old[k];
  }
}

interface ContinueToken { v: string; rv: number; start: string }

function encodeContinue(revision: number, nextKey: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv: revision, start: nextKey };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(token: string, prefix: string): { startKey: string; revision: number } {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString()) as ContinueToken;
    if (t.v !== 'meta.k8s.io/v1' || !(t.rv > 0) || typeof t.start !== 'string' || !t.start.startsWith(prefix)) throw new Error();
    return { startKey: t.start, revision: t.rv };
  } catch {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

function expiredContinue(): ApiError {
  return new ApiError(410, 'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
}
