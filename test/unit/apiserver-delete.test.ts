// Conformance of the embedded API server's delete, deletecollection, dry run and field validation
// with kube-apiserver.
import { describe, expect, it } from 'vitest';
import { CONFIGMAPS, DEPLOYMENTS, NS, PODS, configMap, deployment, failure, pod, useApiServer } from './apiserver-harness.js';

const h = useApiServer();
const MERGE = 'application/merge-patch+json';

describe('delete', () => {
  it('answers with the deleted object, then 404', async () => {
    const created = await h.create(PODS, pod('p'));
    const res = await h.del(`${PODS}/p`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'Pod', metadata: { name: 'p', uid: created.metadata.uid } });
    const again = await h.del(`${PODS}/p`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ ...failure(404, 'NotFound', 'pods "p" not found'), details: { name: 'p', kind: 'pods' } });
    expect((await h.get(`${PODS}/p`)).status).toBe(404);
  });

  it('keeps an object with Foreground or Orphan propagation until its finalizer goes', async () => {
    await h.create(DEPLOYMENTS, deployment('fg'));
    const fg = await h.del(`${DEPLOYMENTS}/fg`, { propagationPolicy: 'Foreground' });
    expect(fg.status).toBe(200);
    expect(fg.body.metadata).toMatchObject({
      finalizers: ['foregroundDeletion'], deletionTimestamp: '2025-03-04T05:06:07Z', deletionGracePeriodSeconds: 0, generation: 2,
    });
    expect((await h.get(`${DEPLOYMENTS}/fg`)).status).toBe(200);

    await h.create(DEPLOYMENTS, deployment('or'));
    const body = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Orphan' };
    const orphan = await h.del(`${DEPLOYMENTS}/or`, undefined, body);
    expect(orphan.body.metadata.finalizers).toEqual(['orphan']);

    const released = await h.patch(`${DEPLOYMENTS}/or`, MERGE, { metadata: { finalizers: null } });
    expect(released.status).toBe(200);
    expect((await h.get(`${DEPLOYMENTS}/or`)).status).toBe(404);
  });

  it('answers 400 for a propagation policy it does not know', async () => {
    await h.create(CONFIGMAPS, configMap('c'));
    const res = await h.del(`${CONFIGMAPS}/c`, { propagationPolicy: 'Sometimes' });
    expect(res.status).toBe(400);
  });

  it('checks preconditions with rest.BeforeDelete wording', async () => {
    const d = await h.create(DEPLOYMENTS, deployment('x'));
    const res = await h.del(`${DEPLOYMENTS}/x`, undefined, { preconditions: { uid: 'other' } });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      ...failure(409, 'Conflict', `Operation cannot be fulfilled on Deployment.apps "x": the UID in the precondition (other) does not match the UID in record (${d.metadata.uid}). The object might have been deleted and then recreated`),
      details: { name: 'x', group: 'apps', kind: 'Deployment' },
    });
    expect((await h.del(`${DEPLOYMENTS}/x`, undefined, { preconditions: { uid: d.metadata.uid } })).status).toBe(200);
  });

  it('terminates a namespace first, and refuses new content in it', async () => {
    await h.create(NS, { metadata: { name: 'team' } });
    const res = await h.del(`${NS}/team`);
    expect(res.status).toBe(200);
    expect(res.body.status).toEqual({ phase: 'Terminating' });
    expect(res.body.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(res.body.metadata.deletionTimestamp).toBe('2025-03-04T05:06:07Z');
    expect(res.body.metadata.deletionGracePeriodSeconds).toBeUndefined();

    const create = await h.post(`${NS}/team/configmaps`, configMap('late'));
    expect(create.status).toBe(403);
    expect(create.body).toEqual({
      ...failure(403, 'Forbidden', 'configmaps "late" is forbidden: unable to create new content in namespace team because it is being terminated'),
      details: { name: 'late', kind: 'configmaps', causes: [{ reason: 'NamespaceTerminating', message: 'namespace team is being terminated', field: 'metadata.namespace' }] },
    });
    const generated = await h.post(`${NS}/team/pods`, { ...pod(''), metadata: { generateName: 'job-' } });
    expect(generated.body.message).toBe('pods "job-" is forbidden: unable to create new content in namespace team because it is being terminated');

    const again = await h.del(`${NS}/team`);
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(
      'Operation cannot be fulfilled on namespaces "team": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.');
  });

  it('never deletes the namespaces the cluster needs', async () => {
    const res = await h.del(`${NS}/kube-system`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      ...failure(403, 'Forbidden', 'namespaces "kube-system" is forbidden: this namespace may not be deleted'),
      details: { name: 'kube-system', kind: 'namespaces' },
    });
    expect((await h.get(`${NS}/default`)).body.status.phase).toBe('Active');
  });

  it('deletes a collection by selector and answers with what it deleted', async () => {
    await h.create(CONFIGMAPS, configMap('a', { app: 'web' }));
    await h.create(CONFIGMAPS, configMap('b', { app: 'web' }));
    await h.create(CONFIGMAPS, configMap('c', { app: 'db' }));
    const res = await h.del(CONFIGMAPS, { labelSelector: 'app=web' });
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('ConfigMapList');
    expect(res.body.items.map((i: any) => i.metadata.name)).toEqual(['a', 'b']);
    expect((await h.get(CONFIGMAPS)).body.items.map((i: any) => i.metadata.name)).toEqual(['c']);
  });

  it('deletes a pod on a node gracefully, and an unbound pod at once', async () => {
    await h.create(PODS, pod('bound', { nodeName: 'node-1' }));
    const res = await h.del(`${PODS}/bound`, { gracePeriodSeconds: '10' });
    expect(res.status).toBe(200);
    expect(res.body.metadata).toMatchObject({ deletionTimestamp: '2025-03-04T05:06:17Z', deletionGracePeriodSeconds: 10, generation: 2 });
    expect((await h.get(`${PODS}/bound`)).body.metadata.deletionTimestamp).toBe('2025-03-04T05:06:17Z');

    // A later delete may shorten the grace period; 0 removes the pod at once.
    h.now = new Date('2025-03-04T05:06:09Z');
    const shorter = await h.del(`${PODS}/bound`, { gracePeriodSeconds: '5' });
    expect(shorter.body.metadata).toMatchObject({ deletionTimestamp: '2025-03-04T05:06:12Z', deletionGracePeriodSeconds: 5 });
    const longer = await h.del(`${PODS}/bound`, { gracePeriodSeconds: '60' });
    expect(longer.body.metadata).toMatchObject({ deletionTimestamp: '2025-03-04T05:06:12Z', deletionGracePeriodSeconds: 5 });
    expect((await h.del(`${PODS}/bound`, { gracePeriodSeconds: '0' })).status).toBe(200);
    expect((await h.get(`${PODS}/bound`)).status).toBe(404);

    await h.create(PODS, pod('free'));
    const free = await h.del(`${PODS}/free`, { gracePeriodSeconds: '10' });
    expect(free.status).toBe(200);
    expect(free.body.metadata.deletionTimestamp).toBeUndefined();
    expect((await h.get(`${PODS}/free`)).status).toBe(404);
  });

  it('uses the pod terminationGracePeriodSeconds when the request names none', async () => {
    await h.create(PODS, pod('bound', { nodeName: 'node-1' }));
    const res = await h.del(`${PODS}/bound`);
    expect(res.body.metadata).toMatchObject({ deletionTimestamp: '2025-03-04T05:06:37Z', deletionGracePeriodSeconds: 30 });
  });
});

describe('dryRun=All', () => {
  it('answers as if created and stores nothing', async () => {
    const before = h.store.currentRevision();
    const res = await h.post(DEPLOYMENTS, deployment('dry'), { dryRun: 'All' });
    expect(res.status).toBe(201);
    expect(res.body.metadata).toMatchObject({ name: 'dry', namespace: 'default', creationTimestamp: '2025-03-04T05:06:07Z', generation: 1 });
    expect(res.body.metadata.uid).toEqual(expect.any(String));
    expect(res.body.spec.template.spec.containers[0].terminationMessagePath).toBe('/dev/termination-log');
    expect(h.store.currentRevision()).toBe(before);
    expect((await h.get(`${DEPLOYMENTS}/dry`)).status).toBe(404);
  });

  it('validates as a real write does', async () => {
    await h.create(CONFIGMAPS, configMap('c'));
    expect((await h.post(CONFIGMAPS, configMap('c'), { dryRun: 'All' })).status).toBe(409);
    expect((await h.post(`${NS}/nope/configmaps`, configMap('c'), { dryRun: 'All' })).status).toBe(404);
  });

  it('changes nothing on update, patch and delete', async () => {
    const cm = await h.create(CONFIGMAPS, configMap('c'));
    const before = h.store.currentRevision();
    const put = await h.put(`${CONFIGMAPS}/c`, { ...cm, data: { k: 'put' } }, { dryRun: 'All' });
    expect(put.body.data).toEqual({ k: 'put' });
    const patched = await h.patch(`${CONFIGMAPS}/c`, MERGE, { data: { k: 'patched' } }, { dryRun: 'All' });
    expect(patched.body.data).toEqual({ k: 'patched' });
    expect((await h.del(`${CONFIGMAPS}/c`, { dryRun: 'All' })).status).toBe(200);
    expect(h.store.currentRevision()).toBe(before);
    expect((await h.get(`${CONFIGMAPS}/c`)).body.data).toEqual({ k: 'v' });
  });

  it('refuses other dryRun values', async () => {
    const res = await h.post(CONFIGMAPS, configMap('c'), { dryRun: 'Some' });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Invalid dry run value: Some');
  });
});

describe('fieldValidation', () => {
  const withUnknown = () => {
    const d: any = deployment('x');
    d.spec.foo = 1;
    return d;
  };

  it('Strict refuses unknown fields with the strict decoding error', async () => {
    const res = await h.post(DEPLOYMENTS, withUnknown(), { fieldValidation: 'Strict' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(failure(400, 'BadRequest', 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"'));
  });

  it('Warn, the default, stores the object and answers a Warning header', async () => {
    for (const query of [{ fieldValidation: 'Warn' }, undefined]) {
      const res = await h.post(DEPLOYMENTS, withUnknown(), query);
      expect(res.status).toBe(201);
      expect(res.headers.warning).toBe('299 - "unknown field \\"spec.foo\\""');
      expect(res.body.spec.foo).toBeUndefined();
      await h.del(`${DEPLOYMENTS}/x`);
    }
  });

  it('Ignore drops unknown fields silently', async () => {
    const res = await h.post(DEPLOYMENTS, withUnknown(), { fieldValidation: 'Ignore' });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBeUndefined();
    expect(res.body.spec.foo).toBeUndefined();
  });

  it('refuses an unknown directive', async () => {
    const res = await h.post(DEPLOYMENTS, deployment('x'), { fieldValidation: 'Loose' });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('invalid fieldValidation directive: Loose, valid values are: Ignore, Warn, Strict');
  });
});
