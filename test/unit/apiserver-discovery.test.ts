// Conformance of the embedded API server's discovery, version, health, OpenAPI and server-side
// tables with kube-apiserver.
import { describe, expect, it } from 'vitest';
import { CONFIGMAPS, PODS, pod, useApiServer } from './apiserver-harness.js';

const h = useApiServer();
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

describe('discovery', () => {
  it('serves /api', async () => {
    const res = await h.get('/api');
    expect(res.body).toEqual({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] });
  });

  it('serves /apis with each group preferring its newest version', async () => {
    const res = await h.get('/apis');
    expect(res.body).toMatchObject({ kind: 'APIGroupList', apiVersion: 'v1' });
    const groups = new Map(res.body.groups.map((g: any) => [g.name, g]));
    expect(groups.get('apps')).toEqual({ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } });
    expect(groups.get('autoscaling')).toMatchObject({ versions: [{ version: 'v2' }, { version: 'v1' }], preferredVersion: { groupVersion: 'autoscaling/v2' } });
    expect(groups.has('')).toBe(false);
    expect((await h.get('/apis/apps')).body).toMatchObject({ kind: 'APIGroup', name: 'apps' });
  });

  it('serves /apis/apps/v1 with short names, categories, verbs and subresources', async () => {
    const res = await h.get('/apis/apps/v1');
    expect(res.body).toMatchObject({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'apps/v1' });
    const byName = new Map(res.body.resources.map((r: any) => [r.name, r]));
    expect(byName.get('deployments')).toEqual({
      name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: STANDARD_VERBS, shortNames: ['deploy'], categories: ['all'],
    });
    expect(byName.get('deployments/scale')).toEqual({
      name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'],
    });
    expect(byName.get('deployments/status')).toMatchObject({ kind: 'Deployment', verbs: ['get', 'patch', 'update'] });
    expect(byName.get('controllerrevisions')).not.toHaveProperty('categories');
  });

  it('serves /api/v1 with the pod subresources', async () => {
    const byName = new Map((await h.get('/api/v1')).body.resources.map((r: any) => [r.name, r]));
    expect(byName.get('pods')).toMatchObject({ shortNames: ['po'], categories: ['all'], namespaced: true });
    expect(byName.get('pods/binding')).toMatchObject({ kind: 'Binding', verbs: ['create'] });
    expect(byName.get('pods/log')).toMatchObject({ kind: 'Pod', verbs: ['get'] });
    expect(byName.get('namespaces')).toMatchObject({ namespaced: false, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] });
  });

  it('answers 404 for a group or version it does not serve', async () => {
    for (const path of ['/apis/nope.example.com', '/apis/apps/v1beta1', '/apis/apps/v1/namespaces/default/widgets']) {
      const res = await h.get(path);
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('the server could not find the requested resource');
    }
  });

  it('serves aggregated discovery when the Accept header asks for it', async () => {
    const res = await h.get('/apis', undefined, { accept: `${AGGREGATED},application/json` });
    expect(res.headers['content-type']).toBe(AGGREGATED);
    expect(res.body).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
    const apps = res.body.items.find((i: any) => i.metadata.name === 'apps');
    expect(apps.versions.map((v: any) => [v.version, v.freshness])).toEqual([['v1', 'Current']]);
    const deployments = apps.versions[0].resources.find((r: any) => r.resource === 'deployments');
    expect(deployments).toEqual({
      resource: 'deployments',
      responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      scope: 'Namespaced',
      singularResource: 'deployment',
      verbs: STANDARD_VERBS,
      shortNames: ['deploy'],
      categories: ['all'],
      subresources: [
        { subresource: 'status', responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' }, verbs: ['get', 'patch', 'update'] },
        { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
      ],
    });

    const core = await h.get('/api', undefined, { accept: AGGREGATED });
    expect(core.body.items).toHaveLength(1);
    expect(core.body.items[0].metadata).toEqual({ creationTimestamp: null });
    const namespaces = core.body.items[0].versions[0].resources.find((r: any) => r.resource === 'namespaces');
    expect(namespaces).toMatchObject({ scope: 'Cluster', shortNames: ['ns'] });
  });
});

describe('version and health', () => {
  it('serves /version as version.Info', async () => {
    const res = await h.get('/version');
    expect(res.body).toMatchObject({
      major: '1', minor: '36', emulationMajor: '1', emulationMinor: '36', minCompatibilityMajor: '1', minCompatibilityMinor: '35',
      gitVersion: expect.stringMatching(/^v1\.36\./), gitTreeState: 'clean', platform: expect.any(String),
    });
  });

  it('answers ok on /healthz, /livez and /readyz', async () => {
    for (const path of ['/healthz', '/livez', '/readyz']) {
      const res = await h.get(path);
      expect([res.status, res.body]).toEqual([200, 'ok']);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    }
  });
});

describe('openapi', () => {
  it('serves the v2 document', async () => {
    const res = await h.get('/openapi/v2');
    expect(res.body.swagger).toBe('2.0');
    expect(res.body.definitions['io.k8s.api.apps.v1.Deployment']).toBeDefined();
  });

  it('lists the v3 group versions with hashed URLs', async () => {
    const res = await h.get('/openapi/v3');
    expect(res.body.paths['apis/apps/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    expect(res.body.paths['api/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=/);
  });

  it('serves apps/v1 with a deployment PATCH that takes fieldValidation', async () => {
    const res = await h.get('/openapi/v3/apis/apps/v1');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const doc = res.body;
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', kind: 'Deployment', version: 'v1' });
    expect(Object.keys(patch.requestBody.content)).toContain('application/strategic-merge-patch+json');
    const resolve = (p: any) => (p.$ref ? doc.components.parameters[p.$ref.replace('#/components/parameters/', '')] : p);
    const params = patch.parameters.map(resolve);
    expect(params).toContainEqual(expect.objectContaining({ name: 'fieldValidation', in: 'query', schema: { type: 'string' } }));
    // Every schema the operation refers to is in the document.
    const ref = patch.requestBody.content['application/strategic-merge-patch+json'].schema.$ref;
    expect(ref === undefined || doc.components.schemas[ref.replace('#/components/schemas/', '')] !== undefined).toBe(true);
    expect(doc.components.schemas['io.k8s.api.apps.v1.Deployment']).toBeDefined();
  });

  it('answers 404 for a group version it has no document for', async () => {
    expect((await h.get('/openapi/v3/apis/nope/v1')).status).toBe(404);
  });
});

describe('tables', () => {
  it('answers a list as a Table with the pod columns and partial object metadata', async () => {
    const created = await h.create(PODS, pod('p', { nodeName: 'node-1' }));
    h.now = new Date(h.now.getTime() + 5 * 60_000);
    const res = await h.get(PODS, undefined, { accept: TABLE });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: String(h.store.currentRevision()) } });
    expect(res.body.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']);
    expect(res.body.rows).toEqual([{
      cells: ['p', '0/1', 'Pending', '0', '5m', '<none>', 'node-1', '<none>', '<none>'],
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: created.metadata },
    }]);
  });

  it('includes the whole object with includeObject=Object, and none with None', async () => {
    const created = await h.create(PODS, pod('p'));
    const full = await h.get(PODS, { includeObject: 'Object' }, { accept: TABLE });
    expect(full.body.rows[0].object).toEqual(created);
    const none = await h.get(`${PODS}/p`, { includeObject: 'None' }, { accept: TABLE });
    expect(none.body.rows).toHaveLength(1);
    expect(none.body.rows[0]).not.toHaveProperty('object');
  });

  it('pages a Table like a list', async () => {
    for (const n of ['a', 'b', 'c']) await h.create(CONFIGMAPS, { metadata: { name: n }, data: {} });
    const res = await h.get(CONFIGMAPS, { limit: '2' }, { accept: TABLE });
    expect(res.body.rows.map((r: any) => r.cells[0])).toEqual(['a', 'b']);
    expect(res.body.metadata.continue).toEqual(expect.any(String));
  });

  it('answers plain JSON without the Table Accept header', async () => {
    await h.create(PODS, pod('p'));
    expect((await h.get(PODS, undefined, { accept: 'application/json' })).body.kind).toBe('PodList');
  });
});
