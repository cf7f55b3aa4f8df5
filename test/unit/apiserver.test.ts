// Conformance of the embedded API server's create, get, list, update and patch with kube-apiserver:
// status codes, metav1.Status texts and the metadata the server owns.
import { describe, expect, it } from 'vitest';
import {
  CONFIGMAPS, DEPLOYMENTS, NS, PODS, START, configMap, deployment, failure, pod, useApiServer,
} from './apiserver-harness.js';
import { findResource } from '../../src/backends/embedded/apiserver/resources.js';

const h = useApiServer();

describe('create', () => {
  it('fills in the name from generateName and the metadata the server owns', async () => {
    const res = await h.post(DEPLOYMENTS, { ...deployment(''), metadata: { generateName: 'web-' } });
    expect(res.status).toBe(201);
    const meta = res.body.metadata;
    expect(meta.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(meta.generateName).toBe('web-');
    expect(meta.namespace).toBe('default');
    expect(meta.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(meta.creationTimestamp).toBe('2025-03-04T05:06:07Z');
    expect(meta.generation).toBe(1);
    expect(meta.resourceVersion).toBe(String(h.store.currentRevision()));
    expect(res.body).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', status: {} });
    const got = await h.get(`${DEPLOYMENTS}/${meta.name}`);
    expect(got.body.metadata).toEqual(meta);
  });

  it('gives no generation to kinds whose strategy does not track one', async () => {
    const cm = await h.create(CONFIGMAPS, configMap('plain'));
    expect(cm.metadata.generation).toBeUndefined();
    const ns = await h.create(NS, { metadata: { name: 'team' } });
    expect(ns.metadata.generation).toBeUndefined();
    expect((await h.create(PODS, pod('p'))).metadata.generation).toBe(1);
  });

  it('replaces the uid and timestamps a client sends', async () => {
    const body = configMap('c');
    Object.assign(body.metadata, { uid: 'mine', creationTimestamp: '2001-01-01T00:00:00Z', deletionTimestamp: '2001-01-01T00:00:00Z', deletionGracePeriodSeconds: 5 });
    const cm = await h.create(CONFIGMAPS, body);
    expect(cm.metadata.uid).not.toBe('mine');
    expect(cm.metadata.creationTimestamp).toBe('2025-03-04T05:06:07Z');
    expect(cm.metadata.deletionTimestamp).toBeUndefined();
    expect(cm.metadata.deletionGracePeriodSeconds).toBeUndefined();
  });

  it('refuses a resourceVersion on a new object as etcd3 storage does', async () => {
    const body = configMap('c');
    Object.assign(body.metadata, { resourceVersion: '12' });
    const res = await h.post(CONFIGMAPS, body);
    expect(res.status).toBe(500);
    // An error the storage never turned into a Status: StatusReasonUnknown, which is empty.
    expect(res.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'resourceVersion should not be set on objects to be created', code: 500 });
    expect((await h.post(CONFIGMAPS, { ...body, metadata: { name: 'zero', resourceVersion: '0' } })).status).toBe(201);
  });

  it('answers 409 AlreadyExists for a name in use', async () => {
    await h.create(CONFIGMAPS, configMap('dup'));
    const res = await h.post(CONFIGMAPS, configMap('dup'));
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ ...failure(409, 'AlreadyExists', 'configmaps "dup" already exists'), details: { name: 'dup', kind: 'configmaps' } });
    const apps = await h.post(DEPLOYMENTS, deployment('web'));
    expect(apps.status).toBe(201);
    expect((await h.post(DEPLOYMENTS, deployment('web'))).body.details).toEqual({ name: 'web', group: 'apps', kind: 'deployments' });
  });

  it('answers 404 for a namespace that does not exist, before validating the object', async () => {
    const res = await h.post(`${NS}/nope/configmaps`, configMap('c'));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ ...failure(404, 'NotFound', 'namespaces "nope" not found'), details: { name: 'nope', kind: 'namespaces' } });
    // NamespaceLifecycle is a mutating admission plugin: it runs before the strategy validates.
    const invalid = await h.post(`${NS}/nope/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } });
    expect(invalid.status).toBe(404);
  });

  it('refuses a body of another API version of the same kind', async () => {
    const hpa = {
      apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3 },
    };
    const res = await h.post('/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers', hpa);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(failure(400, 'BadRequest', 'the API version in the data (autoscaling/v1) does not match the expected API version (autoscaling/v2)'));
  });

  it('refuses a body of another kind as the decoder does', async () => {
    const svc = await h.post(PODS, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: {} });
    expect(svc.status).toBe(400);
    expect(svc.body.message).toBe('Service in version "v1" cannot be handled as a Pod: converting (v1.Service) to (core.Pod): unknown conversion');
    const cross = await h.post(DEPLOYMENTS, { ...pod('p') });
    expect(cross.body.message).toBe('Pod in version "v1" cannot be handled as a Deployment: converting (v1.Pod) to (apps.Deployment): unknown conversion');
    const unknown = await h.post(DEPLOYMENTS, { ...deployment('d'), apiVersion: 'apps/v1beta1' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe(
      'Deployment in version "v1beta1" cannot be handled as a Deployment: no kind "Deployment" is registered for version "apps/v1beta1" in scheme "pkg/api/legacyscheme/scheme.go:30"');
    // A missing apiVersion or kind is taken from the URL.
    expect((await h.post(CONFIGMAPS, { metadata: { name: 'bare' }, data: {} })).status).toBe(201);
  });

  it('refuses a namespace in the body other than the one in the URL', async () => {
    const res = await h.post(CONFIGMAPS, { ...configMap('c'), metadata: { name: 'c', namespace: 'kube-system' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(failure(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request'));
  });
});

describe('get and list', () => {
  async function seed() {
    await h.create(CONFIGMAPS, configMap('a', { app: 'web', env: 'prod' }));
    await h.create(CONFIGMAPS, configMap('b', { app: 'web', env: 'dev' }));
    await h.create(CONFIGMAPS, configMap('c', { app: 'db', env: 'prod', canary: 'true' }));
    await h.create(NS, { metadata: { name: 'other' } });
    await h.create(`${NS}/other/configmaps`, configMap('d', { app: 'web' }));
  }
  const names = (res: { body: any }) => res.body.items.map((i: any) => i.metadata.name);

  it('answers 404 with the qualified resource for a missing object', async () => {
    const res = await h.get(`${DEPLOYMENTS}/missing`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ ...failure(404, 'NotFound', 'deployments.apps "missing" not found'), details: { name: 'missing', group: 'apps', kind: 'deployments' } });
  });

  it('lists at the newest revision, in name order, within the namespace', async () => {
    await seed();
    const res = await h.get(CONFIGMAPS);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: String(h.store.currentRevision()) } });
    expect(res.body.metadata.continue).toBeUndefined();
    expect(names(res)).toEqual(['a', 'b', 'c']);
  });

  it('answers a LIST again with what changed since, sharing the decoded objects that did not', async () => {
    await seed();
    const r = findResource('', 'v1', 'configmaps')!;
    h.server.registry.list(r, 'default', {}, { shared: true }); // a first read only marks them
    const first = h.server.registry.list(r, 'default', {}, { shared: true }).items;
    const changed = (await h.patch(`${CONFIGMAPS}/b`, 'application/merge-patch+json', { data: { k: 'v2' } })).body;
    h.server.registry.list(r, 'default', {}, { shared: true });
    const second = h.server.registry.list(r, 'default', {}, { shared: true }).items;
    expect(second[0]).toBe(first[0]);
    expect(second[2]).toBe(first[2]);
    expect(second[1]).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'b', resourceVersion: changed.metadata.resourceVersion }, data: { k: 'v2' } });
    expect(Object.isFrozen(second[1])).toBe(true);
    // Callers that change what they read get their own copies.
    const own = h.server.registry.list(r, 'default').items;
    expect(own[0]).not.toBe(first[0]);
    expect(own[0]).toEqual(first[0]);
    expect(Object.isFrozen(own[0])).toBe(false);
    // Over HTTP, the same answer as before the cache.
    expect((await h.get(CONFIGMAPS)).body.items[1]).toEqual({ ...second[1], apiVersion: undefined, kind: undefined });
  });

  it('lists every namespace at the cluster-wide path', async () => {
    await seed();
    const res = await h.get('/api/v1/configmaps');
    expect(res.body.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual(['default/a', 'default/b', 'default/c', 'other/d']);
  });

  it('filters with equality and set-based label selectors', async () => {
    await seed();
    expect(names(await h.get(CONFIGMAPS, { labelSelector: 'app=web' }))).toEqual(['a', 'b']);
    expect(names(await h.get(CONFIGMAPS, { labelSelector: 'app!=web' }))).toEqual(['c']);
    expect(names(await h.get(CONFIGMAPS, { labelSelector: 'env in (prod),!canary' }))).toEqual(['a']);
    expect(names(await h.get(CONFIGMAPS, { labelSelector: 'env notin (prod)' }))).toEqual(['b']);
    expect(names(await h.get(CONFIGMAPS, { labelSelector: 'canary' }))).toEqual(['c']);
  });

  it('answers 400 for a label selector it cannot parse', async () => {
    const res = await h.get(CONFIGMAPS, { labelSelector: 'app in web' });
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('BadRequest');
  });

  it('filters with the field selectors each kind supports', async () => {
    await seed();
    expect(names(await h.get(CONFIGMAPS, { fieldSelector: 'metadata.name=b' }))).toEqual(['b']);
    expect(names(await h.get('/api/v1/configmaps', { fieldSelector: 'metadata.namespace=other' }))).toEqual(['d']);
    expect(names(await h.get('/api/v1/configmaps', { fieldSelector: 'metadata.namespace!=default' }))).toEqual(['d']);
    await h.create(PODS, pod('bound', { nodeName: 'node-1' }));
    await h.create(PODS, pod('free'));
    expect(names(await h.get(PODS, { fieldSelector: 'spec.nodeName=node-1' }))).toEqual(['bound']);
    expect(names(await h.get(PODS, { fieldSelector: 'spec.nodeName=' }))).toEqual(['free']);
    expect(names(await h.get(PODS, { fieldSelector: 'status.phase=Pending' }))).toEqual(['bound', 'free']);
    expect(names(await h.get(PODS, { fieldSelector: 'status.phase!=Pending' }))).toEqual([]);
  });

  it('answers field labels a kind does not support with its conversion error', async () => {
    const podRes = await h.get(PODS, { fieldSelector: 'spec.foo=x' });
    expect(podRes.status).toBe(400);
    expect(podRes.body).toEqual(failure(400, 'BadRequest', 'field label not supported: spec.foo'));
    const cm = await h.get(CONFIGMAPS, { fieldSelector: 'status.phase=x' });
    expect(cm.body).toEqual(failure(400, 'BadRequest', '"status.phase" is not a known field selector: only "metadata.name", "metadata.namespace"'));
    const watch = await h.get(PODS, { watch: 'true', fieldSelector: 'spec.foo=x' });
    expect(watch.status).toBe(400);
  });

  it('pages with limit and continue over one consistent snapshot', async () => {
    for (const n of ['a', 'b', 'c', 'd', 'e']) await h.create(CONFIGMAPS, configMap(n));
    const first = await h.get(CONFIGMAPS, { limit: '2' });
    expect(names(first)).toEqual(['a', 'b']);
    const rv = first.body.metadata.resourceVersion;
    expect(rv).toBe(String(h.store.currentRevision()));
    expect(first.body.metadata.continue).toEqual(expect.any(String));

    // Writes after the first page are not seen by the rest of it.
    await h.del(`${CONFIGMAPS}/c`);
    await h.create(CONFIGMAPS, configMap('f'));
    const second = await h.get(CONFIGMAPS, { limit: '2', continue: first.body.metadata.continue });
    expect(names(second)).toEqual(['c', 'd']);
    expect(second.body.metadata.resourceVersion).toBe(rv);
    const third = await h.get(CONFIGMAPS, { limit: '2', continue: second.body.metadata.continue });
    expect(names(third)).toEqual(['e']);
    expect(third.body.metadata.continue).toBeUndefined();
    expect(names(await h.get(CONFIGMAPS))).toEqual(['a', 'b', 'd', 'e', 'f']);
  });

  it('answers 400 for a continue token it did not issue', async () => {
    const res = await h.get(CONFIGMAPS, { limit: '1', continue: 'garbage' });
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('BadRequest');
  });
});

describe('update', () => {
  it('refuses a stale resourceVersion with 409 Conflict', async () => {
    const d = await h.create(DEPLOYMENTS, deployment('x'));
    const first = await h.put(`${DEPLOYMENTS}/x`, { ...d, spec: { ...d.spec, replicas: 2 } });
    expect(first.status).toBe(200);
    const stale = await h.put(`${DEPLOYMENTS}/x`, { ...d, spec: { ...d.spec, replicas: 3 } });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({
      ...failure(409, 'Conflict', 'Operation cannot be fulfilled on deployments.apps "x": the object has been modified; please apply your changes to the latest version and try again'),
      details: { name: 'x', group: 'apps', kind: 'deployments' },
    });
    expect((await h.get(`${DEPLOYMENTS}/x`)).body.spec.replicas).toBe(2);
  });

  it('updates unconditionally without a resourceVersion', async () => {
    await h.create(CONFIGMAPS, configMap('c'));
    const res = await h.put(`${CONFIGMAPS}/c`, configMap('c', undefined, { k: 'new' }));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ k: 'new' });
  });

  it('refuses a body whose name differs from the URL', async () => {
    const cm = await h.create(CONFIGMAPS, configMap('c'));
    const res = await h.put(`${CONFIGMAPS}/c`, { ...cm, metadata: { ...cm.metadata, name: 'other' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(failure(400, 'BadRequest', 'the name of the object (other) does not match the name on the URL (c)'));
  });

  it('answers 404 for an object that does not exist', async () => {
    const res = await h.put(`${CONFIGMAPS}/ghost`, configMap('ghost'));
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('configmaps "ghost" not found');
  });

  it('bumps a deployment generation for spec and annotation changes only', async () => {
    let d = await h.create(DEPLOYMENTS, deployment('x'));
    d = (await h.put(`${DEPLOYMENTS}/x`, { ...d, metadata: { ...d.metadata, labels: { tier: 'web' } } })).body;
    expect(d.metadata.generation).toBe(1);
    d = (await h.put(`${DEPLOYMENTS}/x`, { ...d, spec: { ...d.spec, replicas: 4 } })).body;
    expect(d.metadata.generation).toBe(2);
    d = (await h.put(`${DEPLOYMENTS}/x`, { ...d, metadata: { ...d.metadata, annotations: { note: 'copied to replica sets' } } })).body;
    expect(d.metadata.generation).toBe(3);
    d = (await h.put(`${DEPLOYMENTS}/x/status`, { ...d, status: { replicas: 4 } })).body;
    expect(d.metadata.generation).toBe(3);
  });

  it('bumps a pod generation for spec changes, not label changes', async () => {
    let p = await h.create(PODS, pod('p'));
    p = (await h.patch(`${PODS}/p`, 'application/merge-patch+json', { metadata: { labels: { a: 'b' } } })).body;
    expect(p.metadata.generation).toBe(1);
    p = (await h.patch(`${PODS}/p`, 'application/merge-patch+json', { spec: { activeDeadlineSeconds: 60 } })).body;
    expect(p.metadata.generation).toBe(2);
  });

  it('keeps the status on updates of the main resource, and the spec on /status updates', async () => {
    const d = await h.create(DEPLOYMENTS, deployment('x'));
    const main = await h.put(`${DEPLOYMENTS}/x`, { ...d, spec: { ...d.spec, replicas: 2 }, status: { replicas: 9 } });
    expect(main.body.spec.replicas).toBe(2);
    expect(main.body.status).toEqual({});
    const status = await h.put(`${DEPLOYMENTS}/x/status`, { ...main.body, spec: { ...main.body.spec, replicas: 7 }, status: { replicas: 2, readyReplicas: 1 } });
    expect(status.status).toBe(200);
    expect(status.body.spec.replicas).toBe(2);
    expect(status.body.status).toEqual({ replicas: 2, readyReplicas: 1 });
    expect(Number(status.body.metadata.resourceVersion)).toBeGreaterThan(Number(main.body.metadata.resourceVersion));
  });

  it('writes nothing for an update that changes nothing', async () => {
    const cm = await h.create(CONFIGMAPS, configMap('c'));
    const before = h.store.currentRevision();
    const res = await h.put(`${CONFIGMAPS}/c`, cm);
    expect(res.body.metadata.resourceVersion).toBe(cm.metadata.resourceVersion);
    expect(h.store.currentRevision()).toBe(before);
  });
});

describe('patch', () => {
  it('applies a JSON merge patch', async () => {
    await h.create(DEPLOYMENTS, deployment('x'));
    const res = await h.patch(`${DEPLOYMENTS}/x`, 'application/merge-patch+json', { spec: { replicas: 3 }, metadata: { labels: { a: 'b' } } });
    expect(res.status).toBe(200);
    expect(res.body.spec.replicas).toBe(3);
    expect(res.body.metadata.labels).toEqual({ a: 'b' });
    expect(res.body.metadata.generation).toBe(2);
  });

  it('applies a JSON patch', async () => {
    await h.create(DEPLOYMENTS, deployment('x'));
    const res = await h.patch(`${DEPLOYMENTS}/x`, 'application/json-patch+json', [
      { op: 'replace', path: '/spec/replicas', value: 4 },
      { op: 'add', path: '/metadata/labels', value: { tier: 'web' } },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.spec.replicas).toBe(4);
    expect(res.body.metadata.labels).toEqual({ tier: 'web' });
  });

  it('applies a strategic merge patch, merging containers by name', async () => {
    await h.create(DEPLOYMENTS, deployment('x'));
    const path = `${DEPLOYMENTS}/x`;
    const type = 'application/strategic-merge-patch+json; charset=utf-8';
    const added = await h.patch(path, type, { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } } });
    expect(added.status).toBe(200);
    expect(added.body.spec.template.spec.containers.map((c: any) => [c.name, c.image])).toEqual([['sidecar', 'busybox'], ['app', 'nginx:1.27']]);
    const changed = await h.patch(path, type, { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } } });
    expect(changed.body.spec.template.spec.containers.map((c: any) => [c.name, c.image])).toEqual([['sidecar', 'busybox'], ['app', 'nginx:1.28']]);
    // A merge patch replaces the list instead.
    const replaced = await h.patch(path, 'application/merge-patch+json', { spec: { template: { spec: { containers: [{ name: 'only', image: 'redis' }] } } } });
    expect(replaced.body.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['only']);
  });

  it('answers 415 for a patch type it does not know', async () => {
    await h.create(CONFIGMAPS, configMap('c'));
    const res = await h.patch(`${CONFIGMAPS}/c`, 'application/json', { data: { k: 'x' } });
    expect(res.status).toBe(415);
    expect(res.body).toEqual(failure(415, 'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml'));
  });

  it('refuses a patch that carries a stale resourceVersion', async () => {
    const cm = await h.create(CONFIGMAPS, configMap('c'));
    await h.patch(`${CONFIGMAPS}/c`, 'application/merge-patch+json', { data: { k: 'v2' } });
    const res = await h.patch(`${CONFIGMAPS}/c`, 'application/merge-patch+json', { metadata: { resourceVersion: cm.metadata.resourceVersion }, data: { k: 'v3' } });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again');
    expect((await h.get(`${CONFIGMAPS}/c`)).body.data).toEqual({ k: 'v2' });
  });

  it('answers 404 for a missing object', async () => {
    const res = await h.patch(`${CONFIGMAPS}/ghost`, 'application/merge-patch+json', { data: {} });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('configmaps "ghost" not found');
  });
});

it('starts from the injected clock', () => {
  expect(h.now).toBe(START);
});
