// What a controller is: the types it watches, how a change maps to keys, and one sync per key
// (sample-controller's shape). Controllers read the cache and write through the API server.
import type { KubeClient } from '../../../client/client.js';
import type { KubeObject } from '../apiserver/objects.js';
import type { Cache, CacheChange, TypeName } from './cache.js';
import type { EventRecorder } from './events.js';

export interface ControllerContext {
  client: KubeClient;
  cache: Cache;
  events: EventRecorder;
  now(): Date;
}

/** When a sync wants to look at its key again: time-based work (a delay, a back-off, a deadline). */
export type Requeue = Date | undefined | void;

export interface Controller {
  readonly name: string;
  /**
   * The program that runs it in a real cluster, named in its requests' user agent and so the field
   * manager of its writes (kubelet, kube-scheduler); kube-controller-manager when absent.
   */
  readonly component?: string;
  /** The types whose objects this controller reads; changes to them may wake it. */
  readonly types: TypeName[];
  /** The keys (namespace/name of this controller's own objects) a change concerns. */
  keysFor(change: CacheChange, cache: Cache): string[];
  /** Converge one key. Throwing re-queues it with back-off. */
  sync(key: string, ctx: ControllerContext): Promise<Requeue>;
}

/** The key of the controller (ownerReference with controller: true) of an object, if it is of `kind`. */
export function controllerKey(obj: KubeObject, kind: string): string | undefined {
  const ref = obj.metadata?.ownerReferences?.find((r) => r.controller && r.kind === kind);
  if (!ref) return undefined;
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${ref.name}` : ref.name;
}

/** The keys of the `kind` controllers of a changed object, before and after the change. */
export function ownerKeys(change: CacheChange, kind: string): string[] {
  const keys = new Set<string>();
  for (const obj of [change.object, change.old]) {
    const owner = obj && controllerKey(obj, kind);
    if (owner) keys.add(owner);
  }
  return [...keys];
}
