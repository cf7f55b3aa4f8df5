// The Deployment controller in scenarios: an in-process API server on a real store, the
// Deployment and ReplicaSet controllers with an injected clock, and pods made Ready by hand
// through the status subresource (the part a kubelet plays).
import { beforeEach, describe, expect, it } from 'vitest';
import { DEPLOYMENTS, PODS, START, useApiServer } from './apiserver-harness.js';
import { ControlPlane } from '../../src/backends/embedded/controllers/manager.js';
import { DeploymentController } from '../../src/backends/embedded/controllers/deployment.js';
import { ReplicaSetController } from '../../src/backends/embedded/controllers/replicaset.js';
import { canonicalJson, computeHash, fnv32a, safeEncodeString } from '../../src/backends/embedded/controllers/deployment-hash.js';
import { getProportion, resolveFenceposts } from '../../src/backends/embedded/controllers/deployment-util.js';

const RS = '/apis/apps/v1/namespaces/default/replicasets';
const h = useApiServer();
let cp: ControlPlane;

beforeEach(() => {
  cp = new ControlPlane({
    server: h.server, store: h.store, clock: () => h.now, identity: 'test',
    controllers: [new DeploymentController(), new ReplicaSetController()],
  });
});

const settle = () => cp.settle();
const advance = (seconds: number) => { h.now = new Date(h.now.getTime() + seconds * 1000); };

function web(extra: { replicas?: number; strategy?: unknown; image?: string; revisionHistoryLimit?: number; progressDeadlineSeconds?: number; paused?: boolean; annotations?: Record<string, string> } = {}) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: {
      replicas: extra.replicas ?? 3,
      selector: { matchLabels: { app: 'web' } },
      ...(extra.strategy ? { strategy: extra.strategy } : {}),
      ...(extra.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: extra.revisionHistoryLimit } : {}),
      ...(extra.progressDeadlineSeconds ? { progressDeadlineSeconds: extra.progressDeadlineSeconds } : {}),
      ...(extra.paused ? { paused: true } : {}),
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: extra.image ?? 'nginx:1.27' }] } },
    },
  };
}

async function deployment(): Promise<any> {
  return (await h.get(`${DEPLOYMENTS}/web`)).body;
}

async function replicaSets(): Promise<any[]> {
  const items: any[] = (await h.get(RS)).body.items;
  return items.sort((a, b) => Number(a.metadata.annotations?.['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations?.['deployment.kubernetes.io/revision']));
}

async function pods(): Promise<any[]> {
  return (await h.get(PODS)).body.items.filter((p: any) => !p.metadata.deletionTimestamp);
}

const isReady = (p: any) => (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

/** What a kubelet would do: every pod not yet Ready becomes Running and Ready now. */
async function markAllReady(): Promise<void> {
  for (const pod of await pods()) {
    if (isReady(pod)) continue;
    const at = h.now.toISOString().replace(/\.\d+Z$/, 'Z');
    const res = await h.put(`${PODS}/${pod.metadata.name}/status`, {
      ...pod, status: { ...pod.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: at }] },
    });
    expect(res.status).toBe(200);
  }
}

async function setImage(image: string): Promise<void> {
  const res = await h.patch(`${DEPLOYMENTS}/web`, 'application/strategic-merge-patch+json', { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } });
  expect(res.status).toBe(200);
}

async function events(): Promise<string[]> {
  const items: any[] = (await h.get('/api/v1/namespaces/default/events')).body.items;
  return items.filter((e) => e.reason === 'ScalingReplicaSet').sort((a, b) => a.metadata.resourceVersion - b.metadata.resourceVersion).map((e) => e.message);
}

const condition = (d: any, type: string) => d.status.conditions.find((c: any) => c.type === type);

describe('pod-template-hash', () => {
  it('is FNV-32a rendered in kube\'s safe alphabet', () => {
    expect(fnv32a(new TextEncoder().encode(''))).toBe(0x811c9dc5);
    expect(fnv32a(new TextEncoder().encode('a'))).toBe(0xe40c292c);
    expect(fnv32a(new TextEncoder().encode('foobar'))).toBe(0xbf9cf968);
    // Decimal digits land on 4-9 and b-f, which is why real hashes look like 5d7c8bd6f9.
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('is stable across key order and moved by the collision count', () => {
    const a = { metadata: { labels: { app: 'x', tier: 'y' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
    const b = { spec: { containers: [{ image: 'i', name: 'c' }] }, metadata: { labels: { tier: 'y', app: 'x' } } };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(computeHash(a)).toBe(computeHash(b));
    expect(computeHash(a)).toMatch(/^[456789bcdf]{1,10}$/);
    expect(computeHash(a, 0)).not.toBe(computeHash(a));
    expect(computeHash(a, 1)).not.toBe(computeHash(a, 0));
  });
});

describe('rollout arithmetic', () => {
  it('resolves maxSurge rounding up and maxUnavailable rounding down', () => {
    expect(resolveFenceposts('25%', '25%', 3)).toEqual([1, 0]);
    expect(resolveFenceposts('25%', '25%', 10)).toEqual([3, 2]);
    expect(resolveFenceposts(0, '1%', 2)).toEqual([0, 1]);
    expect(resolveFenceposts('0%', '0%', 5)).toEqual([0, 1]);
  });

  it('gives a replica set its share of a scale-up', () => {
    const d = { spec: { replicas: 20, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }, status: { replicas: 13 } };
    const rs = (n: number) => ({ spec: { replicas: n }, metadata: { annotations: { 'deployment.kubernetes.io/max-replicas': '13' } } });
    expect(getProportion(rs(8), d, 10, 0)).toBe(6);
    expect(getProportion(rs(5), d, 10, 6)).toBe(4);
  });
});

describe('Deployment controller', () => {
  it('creates NAME-HASH with 3 replicas, revision 1, and reports availability once pods are ready', async () => {
    await h.create(DEPLOYMENTS, web());
    await settle();
    const d = await deployment();
    const [rs] = await replicaSets();
    const hash = computeHash(d.spec.template);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs.spec.template.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.replicas).toBe(3);
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4', 'deployment.kubernetes.io/revision': '1',
    });
    expect(rs.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(await pods()).toHaveLength(3);
    expect(d.status).toMatchObject({ observedGeneration: d.metadata.generation, replicas: 3, updatedReplicas: 3, unavailableReplicas: 3 });
    expect(condition(d, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
    expect(condition(d, 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "web-${hash}" is progressing.` });
    expect(await events()).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);

    await markAllReady();
    await settle();
    const done = await deployment();
    expect(done.status).toEqual({
      observedGeneration: done.metadata.generation, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3,
      conditions: [
        expect.objectContaining({ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }),
        expect.objectContaining({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "web-${hash}" has successfully progressed.` }),
      ],
    });
  });

  it('copies annotations such as kubernetes.io/change-cause to the new replica set, but not kubectl\'s last-applied', async () => {
    await h.create(DEPLOYMENTS, web({ annotations: { 'kubernetes.io/change-cause': 'first', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } }));
    await settle();
    const [rs] = await replicaSets();
    expect(rs.metadata.annotations['kubernetes.io/change-cause']).toBe('first');
    expect(rs.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();
  });

  it('rolls out within maxSurge and maxUnavailable at every step', async () => {
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
    await h.create(DEPLOYMENTS, web({ replicas: 10, strategy }));
    await settle();
    await markAllReady();
    await settle();
    const [first] = await replicaSets();
    await setImage('nginx:1.28');
    let steps = 0;
    for (;;) {
      await settle();
      const rss = await replicaSets();
      const all = await pods();
      expect(rss.reduce((n, rs) => n + rs.spec.replicas, 0)).toBeLessThanOrEqual(13);
      expect(all.length).toBeLessThanOrEqual(13);
      expect(all.filter(isReady).length).toBeGreaterThanOrEqual(8);
      const d = await deployment();
      if (condition(d, 'Progressing').reason === 'NewReplicaSetAvailable') break;
      await markAllReady();
      expect(++steps).toBeLessThan(20);
    }
    const [old, current] = await replicaSets();
    expect(old.metadata.name).toBe(first.metadata.name);
    expect(old.spec.replicas).toBe(0);
    expect(current.spec.replicas).toBe(10);
    expect(current.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    expect((await deployment()).metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    const log = await events();
    expect(log.slice(1, 3)).toEqual([`Scaled up replica set ${current.metadata.name} from 0 to 3`, `Scaled down replica set ${old.metadata.name} from 10 to 8`]);
    expect(log.at(-1)).toMatch(new RegExp(`^Scaled down replica set ${old.metadata.name} from \\d+ to 0$`));
  });

  it('scales proportionally during a rollout', async () => {
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
    await h.create(DEPLOYMENTS, web({ replicas: 10, strategy }));
    await settle();
    await markAllReady();
    await settle();
    await setImage('nginx:1.28');
    await settle();
    // New pods never become ready: old 8, new 5 is as far as the rollout may go.
    expect((await replicaSets()).map((rs) => rs.spec.replicas)).toEqual([8, 5]);
    const res = await h.patch(`${DEPLOYMENTS}/web`, 'application/merge-patch+json', { spec: { replicas: 20 } });
    expect(res.status).toBe(200);
    await settle();
    const rss = await replicaSets();
    expect(rss.map((rs) => rs.spec.replicas)).toEqual([14, 9]);
    expect(rss.map((rs) => rs.metadata.annotations['deployment.kubernetes.io/desired-replicas'])).toEqual(['20', '20']);
    expect(rss.map((rs) => rs.metadata.annotations['deployment.kubernetes.io/max-replicas'])).toEqual(['23', '23']);
    expect((await events()).slice(-2)).toEqual([
      `Scaled up replica set ${rss[0].metadata.name} from 8 to 14`, `Scaled up replica set ${rss[1].metadata.name} from 5 to 9`,
    ]);
  });

  it('Recreate scales the old replica set to zero and waits for its pods before creating the new one', async () => {
    await h.create(DEPLOYMENTS, web({ strategy: { type: 'Recreate' } }));
    await settle();
    // Bound pods get a grace period when deleted, as on a real node.
    for (const pod of await pods()) {
      await h.post(`${PODS}/${pod.metadata.name}/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod.metadata.name }, target: { kind: 'Node', name: 'worker' } });
    }
    await markAllReady();
    await settle();
    await setImage('nginx:1.28');
    await settle();
    let rss = await replicaSets();
    expect(rss.map((rs) => rs.spec.replicas)).toEqual([0]);
    // The kubelet finishes the terminating pods.
    for (const pod of (await h.get(PODS)).body.items) await h.del(`${PODS}/${pod.metadata.name}`, { gracePeriodSeconds: '0' });
    await settle();
    rss = await replicaSets();
    expect(rss.map((rs) => rs.spec.replicas)).toEqual([0, 3]);
    expect((await events()).slice(-2)).toEqual([
      `Scaled down replica set ${rss[0].metadata.name} from 3 to 0`, `Scaled up replica set ${rss[1].metadata.name} from 0 to 3`,
    ]);
  });

  it('does not roll out while paused, still scales, and rolls out when resumed', async () => {
    await h.create(DEPLOYMENTS, web());
    await settle();
    await h.patch(`${DEPLOYMENTS}/web`, 'application/merge-patch+json', { spec: { paused: true } });
    await setImage('nginx:1.28');
    await settle();
    expect(await replicaSets()).toHaveLength(1);
    expect(condition(await deployment(), 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    await h.patch(`${DEPLOYMENTS}/web`, 'application/merge-patch+json', { spec: { replicas: 5 } });
    await settle();
    expect((await replicaSets()).map((rs) => rs.spec.replicas)).toEqual([5]);
    await h.patch(`${DEPLOYMENTS}/web`, 'application/merge-patch+json', { spec: { paused: null } });
    await settle();
    const rss = await replicaSets();
    expect(rss).toHaveLength(2);
    expect(rss[1].metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    expect(condition(await deployment(), 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
  });

  it('keeps revisionHistoryLimit old replica sets, and a rollback re-uses the old one with its history', async () => {
    await h.create(DEPLOYMENTS, web({ replicas: 1, revisionHistoryLimit: 1, image: 'nginx:1.25' }));
    for (const image of ['nginx:1.25', 'nginx:1.26', 'nginx:1.27', 'nginx:1.28']) {
      if (image !== 'nginx:1.25') await setImage(image);
      await settle();
      await markAllReady();
      await settle();
      await settle();
    }
    let rss = await replicaSets();
    expect(rss.map((rs) => rs.metadata.annotations['deployment.kubernetes.io/revision'])).toEqual(['3', '4']);
    expect(rss.map((rs) => rs.spec.template.spec.containers[0].image)).toEqual(['nginx:1.27', 'nginx:1.28']);
    // kubectl rollout undo writes the previous template back.
    await setImage('nginx:1.27');
    await settle();
    await markAllReady();
    await settle();
    rss = await replicaSets();
    expect(rss.map((rs) => rs.spec.template.spec.containers[0].image)).toEqual(['nginx:1.28', 'nginx:1.27']);
    expect(rss[1].metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '5', 'deployment.kubernetes.io/revision-history': '3' });
    expect(rss.map((rs) => rs.spec.replicas)).toEqual([0, 1]);
  });

  it('reports ProgressDeadlineExceeded when pods are not available in time', async () => {
    await h.create(DEPLOYMENTS, web({ progressDeadlineSeconds: 60 }));
    await settle();
    advance(59);
    await settle();
    expect(condition(await deployment(), 'Progressing').reason).toBe('ReplicaSetUpdated');
    advance(2);
    await settle();
    const d = await deployment();
    const [rs] = await replicaSets();
    expect(condition(d, 'Progressing')).toMatchObject({
      status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rs.metadata.name}" has timed out progressing.`,
      lastUpdateTime: '2025-03-04T05:07:08Z',
    });
    expect(h.now.getTime() - START.getTime()).toBe(61_000);
  });

  it('adopts a matching orphan replica set with the same template instead of creating one', async () => {
    const template = web().spec.template;
    await h.create(RS, {
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-manual', labels: { app: 'web' } },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
    });
    await settle();
    await h.create(DEPLOYMENTS, web());
    await settle();
    const rss = await replicaSets();
    expect(rss.map((rs) => rs.metadata.name)).toEqual(['web-manual']);
    expect(rss[0].metadata.ownerReferences[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true });
    expect(rss[0].metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
  });

  it('releases a replica set that stops matching, and a name collision bumps collisionCount', async () => {
    await h.create(DEPLOYMENTS, web());
    await settle();
    const [rs] = await replicaSets();
    await h.patch(`${RS}/${rs.metadata.name}`, 'application/merge-patch+json', { metadata: { labels: { app: 'other' } } });
    await settle();
    const released = (await h.get(`${RS}/${rs.metadata.name}`)).body;
    expect(released.metadata.ownerReferences).toBeUndefined();
    const d = await deployment();
    expect(d.status.collisionCount).toBe(1);
    const owned = (await replicaSets()).filter((x) => x.metadata.ownerReferences);
    expect(owned.map((x) => x.metadata.name)).toEqual([`web-${computeHash(d.spec.template, 1)}`]);
  });
});
