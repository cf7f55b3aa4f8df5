import { describe, expect, it } from 'vitest';
import { useScenario } from './lifecycle-harness.js';
import { ReplicaSetController } from '../../src/backends/embedded/controllers/replicaset.js';
import { GarbageCollector } from '../../src/backends/embedded/controllers/garbage-collector.js';
import { NamespaceController } from '../../src/backends/embedded/controllers/namespace.js';

const NS = '/api/v1/namespaces';
const TEAM = `${NS}/backend-team`;

describe('namespace controller', () => {
  const s = useScenario(() => [new ReplicaSetController(), new NamespaceController(), new GarbageCollector()]);

  async function populate() {
    await s.client.request('POST', NS, { body: { metadata: { name: 'backend-team' } } });
    await s.client.request('POST', `${TEAM}/configmaps`, { body: { metadata: { name: 'settings' }, data: { a: '1' } } });
    await s.client.request('POST', '/apis/apps/v1/namespaces/backend-team/replicasets', {
      body: {
        metadata: { name: 'web' },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
      },
    });
    await s.settle();
    expect((await s.client.request('GET', `${TEAM}/pods`)).items).toHaveLength(2);
  }

  it('deletes everything in a deleted namespace, then the namespace', async () => {
    await populate();
    const deleted = await s.client.request('DELETE', TEAM);
    expect(deleted.status.phase).toBe('Terminating');
    await s.settle();
    expect(await s.find(TEAM)).toBeUndefined();
    expect((await s.client.request('GET', '/api/v1/pods')).items.filter((p: any) => p.metadata.namespace === 'backend-team')).toEqual([]);
    expect((await s.client.request('GET', '/apis/apps/v1/replicasets')).items).toEqual([]);
    expect((await s.client.request('GET', '/api/v1/configmaps')).items.filter((c: any) => c.metadata.namespace === 'backend-team')).toEqual([]);
    // Other namespaces keep what they have.
    expect(await s.find(`${NS}/default`)).toBeDefined();
  });

  it('stays Terminating with kube\'s conditions while content remains', async () => {
    await populate();
    for (const pod of (await s.client.request('GET', `${TEAM}/pods`)).items) {
      await s.client.request('POST', `${TEAM}/pods/${pod.metadata.name}/binding`, { body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod.metadata.name }, target: { kind: 'Node', name: 'kind-worker' } } });
    }
    await s.client.request('POST', `${TEAM}/secrets`, { body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } } });
    await s.client.request('DELETE', TEAM);
    await s.settle();
    const ns = await s.find(TEAM);
    expect(ns.status.phase).toBe('Terminating');
    expect(ns.spec.finalizers).toEqual(['kubernetes']);
    expect(ns.status.conditions).toEqual([
      { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', lastTransitionTime: '2025-03-04T05:06:07Z', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
      { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', lastTransitionTime: '2025-03-04T05:06:07Z', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
      { type: 'NamespaceDeletionContentFailure', status: 'False', lastTransitionTime: '2025-03-04T05:06:07Z', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
      { type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: '2025-03-04T05:06:07Z', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 2 resource instances, secrets. has 1 resource instances' },
      { type: 'NamespaceFinalizersRemaining', status: 'True', lastTransitionTime: '2025-03-04T05:06:07Z', reason: 'SomeFinalizerRemain', message: 'Some finalizers are remaining: example.com/hold in 1 resource instances' },
    ]);
    // Nothing new may be created meanwhile.
    await expect(s.client.request('POST', `${TEAM}/configmaps`, { body: { metadata: { name: 'late' } } })).rejects.toThrow(/because it is being terminated/);

    // The kubelet removes the stopped pods; the finalizer's owner lets go.
    s.advance(30);
    for (const pod of (await s.client.request('GET', `${TEAM}/pods`)).items) {
      await s.client.request('DELETE', `${TEAM}/pods/${pod.metadata.name}`, { query: { gracePeriodSeconds: '0' } });
    }
    await s.settle();
    const still = await s.find(TEAM);
    expect(still.status.conditions.find((c: any) => c.type === 'NamespaceContentRemaining')).toMatchObject({
      status: 'True', message: 'Some resources are remaining: secrets. has 1 resource instances', lastTransitionTime: '2025-03-04T05:06:07Z',
    });
    await s.client.request('PATCH', `${TEAM}/secrets/held`, { body: { metadata: { finalizers: null } }, contentType: 'application/merge-patch+json' });
    await s.settle();
    expect(await s.find(TEAM)).toBeUndefined();
  });

  it('a namespace created again after deletion starts empty and Active', async () => {
    await populate();
    await s.client.request('DELETE', TEAM);
    await s.settle();
    const again = await s.client.request('POST', NS, { body: { metadata: { name: 'backend-team' } } });
    expect(again.status).toEqual({ phase: 'Active' });
    expect(again.spec).toEqual({ finalizers: ['kubernetes'] });
  });
});

describe('the namespaces/finalize subresource', () => {
  const s = useScenario(() => []);

  it('is the only way to change spec.finalizers', async () => {
    const ns = await s.client.request('POST', NS, { body: { metadata: { name: 'team' }, spec: { finalizers: ['example.com/x'] } } });
    expect(ns.spec.finalizers).toEqual(['example.com/x', 'kubernetes']);
    const updated = await s.client.request('PUT', `${NS}/team`, { body: { ...ns, metadata: { ...ns.metadata, labels: { a: 'b' } }, spec: { finalizers: [] } } });
    expect(updated.spec.finalizers).toEqual(['example.com/x', 'kubernetes']);
    expect(updated.metadata.labels).toEqual({ a: 'b', 'kubernetes.io/metadata.name': 'team' });
    const finalized = await s.client.request('PUT', `${NS}/team/finalize`, { body: { ...updated, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Terminating' } } });
    expect(finalized.spec.finalizers).toEqual(['kubernetes']);
    expect(finalized.status).toEqual({ phase: 'Active' });
  });

  it('removes a terminating namespace once its finalizers are gone', async () => {
    await s.client.request('POST', NS, { body: { metadata: { name: 'team' } } });
    const terminating = await s.client.request('DELETE', `${NS}/team`);
    await s.client.request('PUT', `${NS}/team/finalize`, { body: { ...terminating, spec: { finalizers: [] } } });
    expect(await s.find(`${NS}/team`)).toBeUndefined();
  });

  it('is listed in discovery with the update verb only', async () => {
    const list = await s.client.request('GET', '/api/v1');
    expect(list.resources.find((r: any) => r.name === 'namespaces/finalize')).toEqual({
      name: 'namespaces/finalize', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['update'],
    });
  });
});
