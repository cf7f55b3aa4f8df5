import { describe, expect, it } from 'vitest';
import { useScenario } from './lifecycle-harness.js';
import { ReplicaSetController } from '../../src/backends/embedded/controllers/replicaset.js';
import { GarbageCollector } from '../../src/backends/embedded/controllers/garbage-collector.js';

const RS = '/apis/apps/v1/namespaces/default/replicasets';
const PODS = '/api/v1/namespaces/default/pods';

function replicaSet(name: string, replicas: number, ownerReferences?: unknown[]) {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name, ...(ownerReferences ? { ownerReferences } : {}) },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
    },
  };
}

describe('garbage collector', () => {
  const s = useScenario(() => [new ReplicaSetController(), new GarbageCollector()]);

  async function podsOf(app: string) {
    return (await s.client.request('GET', PODS, { query: { labelSelector: `app=${app}` } })).items as any[];
  }

  async function withPods(name: string, replicas = 2) {
    const rs = await s.client.request('POST', RS, { body: replicaSet(name, replicas) });
    await s.settle();
    expect(await podsOf(name)).toHaveLength(replicas);
    return rs;
  }

  it('deletes the pods of a deleted ReplicaSet (background)', async () => {
    await withPods('web');
    await s.client.request('DELETE', `${RS}/web`, { query: { propagationPolicy: 'Background' } });
    await s.settle();
    expect(await s.find(`${RS}/web`)).toBeUndefined();
    expect(await podsOf('web')).toEqual([]);
  });

  it('orphan deletion keeps the pods and takes their ownerReferences away', async () => {
    await withPods('web');
    const deleted = await s.client.request('DELETE', `${RS}/web`, { query: { propagationPolicy: 'Orphan' } });
    expect(deleted.metadata.finalizers).toEqual(['orphan']);
    await s.settle();
    expect(await s.find(`${RS}/web`)).toBeUndefined();
    const pods = await podsOf('web');
    expect(pods).toHaveLength(2);
    for (const pod of pods) expect(pod.metadata.ownerReferences).toBeUndefined();
  });

  it('foreground deletion removes the pods before the ReplicaSet', async () => {
    await withPods('web');
    // Pods on a node shut down gracefully, so the order can be seen.
    for (const pod of await podsOf('web')) {
      await s.client.request('POST', `${PODS}/${pod.metadata.name}/binding`, { body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod.metadata.name }, target: { kind: 'Node', name: 'kind-worker' } } });
    }
    await s.client.request('DELETE', `${RS}/web`, { query: { propagationPolicy: 'Foreground' } });
    await s.settle();
    const rs = await s.find(`${RS}/web`);
    expect(rs.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(rs.metadata.deletionTimestamp).toBe('2025-03-04T05:06:07Z');
    const pods = await podsOf('web');
    expect(pods).toHaveLength(2);
    for (const pod of pods) expect(pod.metadata.deletionTimestamp).toBe('2025-03-04T05:06:37Z');
    // The kubelet's part: the containers stopped, the pods go.
    for (const pod of pods) await s.client.request('DELETE', `${PODS}/${pod.metadata.name}`, { query: { gracePeriodSeconds: '0' } });
    await s.settle();
    expect(await s.find(`${RS}/web`)).toBeUndefined();
    expect(await podsOf('web')).toEqual([]);
  });

  it('deleting a Deployment deletes its ReplicaSets and their pods', async () => {
    const deploy = await s.client.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
      },
    });
    const owner = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: deploy.metadata.uid, controller: true, blockOwnerDeletion: true };
    await s.client.request('POST', RS, { body: replicaSet('web', 2, [owner]) });
    await s.settle();
    expect(await podsOf('web')).toHaveLength(2);
    await s.client.request('DELETE', '/apis/apps/v1/namespaces/default/deployments/web');
    await s.settle();
    expect(await s.find(`${RS}/web`)).toBeUndefined();
    expect(await podsOf('web')).toEqual([]);
  });

  it('an object with a live owner left only loses the reference to the gone one', async () => {
    const a = await s.client.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'a' } } });
    const b = await s.client.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'b' } } });
    const ref = (o: any) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata.name, uid: o.metadata.uid });
    await s.client.request('POST', '/api/v1/namespaces/default/secrets', { body: { metadata: { name: 'dep', ownerReferences: [ref(a), ref(b)] } } });
    await s.client.request('DELETE', '/api/v1/namespaces/default/configmaps/a');
    await s.settle();
    const dep = await s.find('/api/v1/namespaces/default/secrets/dep');
    expect(dep.metadata.ownerReferences).toEqual([ref(b)]);
    await s.client.request('DELETE', '/api/v1/namespaces/default/configmaps/b');
    await s.settle();
    expect(await s.find('/api/v1/namespaces/default/secrets/dep')).toBeUndefined();
  });

  it('an owner recreated under the same name does not keep the old one\'s dependents', async () => {
    const old = await s.client.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'owner' } } });
    await s.client.request('POST', '/api/v1/namespaces/default/secrets', {
      body: { metadata: { name: 'dep', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: old.metadata.uid }] } },
    });
    await s.client.request('DELETE', '/api/v1/namespaces/default/configmaps/owner');
    await s.client.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'owner' } } });
    await s.settle();
    expect(await s.find('/api/v1/namespaces/default/secrets/dep')).toBeUndefined();
  });
});
