// The Deployment controller (pkg/controller/deployment): owns ReplicaSets NAME-HASH, one per pod
// template, and moves replicas from the old ones to the new one as its strategy says, reporting
// progress in status and conditions. Rollback is kubectl's business in apps/v1 (it writes an old
// template back), so there is nothing to do for it here.
import { deepClone } from '../../../patch/json-value.js';
import { labelSelectorToRequirements, matchesLabels } from '../../../selectors/index.js';
import { controllerKey, type Controller, type ControllerContext } from './controller.js';
import { objectKey, type Cache, type CacheChange } from './cache.js';
import { DeploymentSync, SOURCE } from './deployment-sync.js';
import { isScalingEvent, rolloutRecreate, rolloutRolling, syncScaling } from './deployment-rollout.js';
import type { Obj } from './deployment-util.js';

export class DeploymentController implements Controller {
  readonly name = 'deployment';
  readonly types = ['apps/deployments', 'apps/replicasets', 'pods'];

  keysFor(change: CacheChange, cache: Cache): string[] {
    if (change.type === 'apps/deployments') return [objectKey(change.object)];
    if (change.type === 'apps/replicasets') {
      const keys = new Set<string>();
      for (const rs of [change.object, change.old]) {
        if (!rs) continue;
        const owner = controllerKey(rs, 'Deployment');
        if (owner) keys.add(owner);
        else for (const d of deploymentsSelecting(rs, cache)) keys.add(objectKey(d));
      }
      return [...keys];
    }
    // Recreate waits for the old pods to be gone.
    if (!change.deleted) return [];
    const rsKey = controllerKey(change.object, 'ReplicaSet');
    const rs = rsKey ? cache.get('apps/replicasets', rsKey) : undefined;
    const owner = rs && controllerKey(rs, 'Deployment');
    const d = owner ? (cache.get('apps/deployments', owner) as Obj | undefined) : undefined;
    return d?.spec?.strategy?.type === 'Recreate' ? [owner!] : [];
  }

  async sync(key: string, ctx: ControllerContext): Promise<Date | undefined> {
    const cached = ctx.cache.get('apps/deployments', key) as Obj | undefined;
    if (!cached) return undefined;
    const d: Obj = deepClone(cached);
    const selector = d.spec?.selector ?? {};
    if (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length) {
      await ctx.events.record(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.', SOURCE);
      if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
        await new DeploymentSync(ctx, d, []).writeStatus({ ...d.status, observedGeneration: d.metadata?.generation });
      }
      return undefined;
    }
    const s = new DeploymentSync(ctx, d, await claimReplicaSets(ctx, d));
    if (d.metadata?.deletionTimestamp) {
      const { newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(false);
      await s.syncDeploymentStatus([...oldRSs, ...(newRS ? [newRS] : [])], newRS);
      return undefined;
    }
    await s.checkPausedConditions();
    if (s.d.spec?.paused || await isScalingEvent(s)) {
      await syncScaling(s);
    } else if (s.d.spec?.strategy?.type === 'Recreate') {
      await rolloutRecreate(s, podsOf(ctx, s.d));
    } else {
      await rolloutRolling(s);
    }
    return s.requeueAt;
  }
}

function selects(d: Obj, labels: Record<string, string> | undefined): boolean {
  const selector = labelSelectorToRequirements(d.spec?.selector);
  return selector !== null && matchesLabels(selector, labels);
}

function deploymentsSelecting(rs: Obj, cache: Cache): Obj[] {
  return (cache.list('apps/deployments', rs.metadata?.namespace) as Obj[]).filter((d) => selects(d, rs.metadata?.labels));
}

function podsOf(ctx: ControllerContext, d: Obj): Obj[] {
  return (ctx.cache.list('pods', d.metadata?.namespace) as Obj[]).filter((p) => selects(d, p.metadata?.labels));
}

/**
 * The ReplicaSets this deployment controls: its own that still match its selector, plus orphans
 * that match (adopted); its own that stopped matching are released (ClaimReplicaSets).
 */
async function claimReplicaSets(ctx: ControllerContext, d: Obj): Promise<Obj[]> {
  const owned: Obj[] = [];
  const uid = d.metadata?.uid;
  for (const rs of ctx.cache.list('apps/replicasets', d.metadata?.namespace) as Obj[]) {
    const ref = rs.metadata?.ownerReferences?.find((r) => r.controller);
    const matches = selects(d, rs.metadata?.labels);
    const path = `/apis/apps/v1/namespaces/${rs.metadata!.namespace}/replicasets/${rs.metadata!.name}`;
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches) owned.push(rs);
      else if (!d.metadata?.deletionTimestamp) {
        const refs = (rs.metadata?.ownerReferences ?? []).filter((r) => r.uid !== uid);
        await ctx.client.request('PATCH', path, {
          body: { metadata: { ownerReferences: refs.length ? refs : null } }, contentType: 'application/merge-patch+json',
        });
      }
    } else if (matches && !d.metadata?.deletionTimestamp && !rs.metadata?.deletionTimestamp) {
      const ownerRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata!.name!, uid: uid!, controller: true, blockOwnerDeletion: true };
      owned.push(await ctx.client.request('PATCH', path, {
        body: { metadata: { ownerReferences: [...(rs.metadata?.ownerReferences ?? []), ownerRef], uid: rs.metadata!.uid } },
        contentType: 'application/strategic-merge-patch+json',
      }));
    }
  }
  return owned;
}
