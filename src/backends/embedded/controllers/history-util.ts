// ControllerRevisions, the history DaemonSets and StatefulSets keep of their pod templates
// (pkg/controller/history): one revision per distinct template, numbered in order of use, the
// oldest unused ones trimmed to revisionHistoryLimit.
import { deepClone } from '../../../patch/json-value.js';
import { StatusError } from '../../../client/errors.js';
import type { KubeObject } from '../apiserver/objects.js';
import type { ControllerContext } from './controller.js';
import { canonicalJson } from './deployment-hash.js';

type Obj = KubeObject & { spec?: any; status?: any; data?: any; revision?: number };

/** What a revision stores: a strategic merge patch that replaces the owner's pod template. */
export function templatePatch(owner: Obj): Record<string, unknown> {
  return { spec: { template: { ...deepClone(owner.spec?.template ?? {}), $patch: 'replace' } } };
}

/** The owner's revisions, oldest first. */
export function ownedRevisions(ctx: ControllerContext, owner: Obj): Obj[] {
  return (ctx.cache.ownedBy('apps/controllerrevisions', owner.metadata!.uid!) as Obj[])
    .filter((r) => r.metadata?.ownerReferences?.some((ref) => ref.controller && ref.uid === owner.metadata!.uid))
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
}

export interface RevisionRequest {
  owner: Obj;
  kind: 'DaemonSet' | 'StatefulSet';
  name: string;
  labels: Record<string, string>;
  data: Record<string, unknown>;
}

/**
 * The revision holding `data`: the existing one (renumbered as the newest if an older template came
 * back, as a rollback does) or a new one numbered after the newest.
 */
export async function ensureRevision(ctx: ControllerContext, revisions: Obj[], req: RevisionRequest): Promise<Obj> {
  const newest = revisions.reduce((n, r) => Math.max(n, r.revision ?? 0), 0);
  const same = revisions.find((r) => canonicalJson(r.data) === canonicalJson(req.data));
  const { namespace } = req.owner.metadata!;
  const base = `/apis/apps/v1/namespaces/${namespace}/controllerrevisions`;
  if (same) {
    if ((same.revision ?? 0) === newest) return same;
    return ctx.client.request('PUT', `${base}/${same.metadata!.name}`, { body: { ...same, revision: newest + 1 } });
  }
  const body = {
    apiVersion: 'apps/v1', kind: 'ControllerRevision',
    metadata: {
      name: req.name, namespace, labels: req.labels,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: req.kind, name: req.owner.metadata!.name!, uid: req.owner.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
    },
    data: req.data,
    revision: newest + 1,
  };
  try {
    return await ctx.client.request('POST', base, { body });
  } catch (e) {
    // Created by an earlier sync this cache has not seen yet.
    if (e instanceof StatusError && e.code === 409) return ctx.client.request('GET', `${base}/${req.name}`);
    throw e;
  }
}

/** Delete the oldest revisions no pod uses beyond revisionHistoryLimit. */
export async function truncateHistory(ctx: ControllerContext, revisions: Obj[], live: Set<string>, limit: number): Promise<void> {
  const unused = revisions.filter((r) => !live.has(r.metadata!.name!));
  for (const r of unused.slice(0, Math.max(0, unused.length - limit))) {
    try {
      await ctx.client.request('DELETE', `/apis/apps/v1/namespaces/${r.metadata!.namespace}/controllerrevisions/${r.metadata!.name}`);
    } catch (e) {
      if (!(e instanceof StatusError && e.code === 404)) throw e;
    }
  }
}
