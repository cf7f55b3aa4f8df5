// CustomResourceDefinitions in the embedded API server: the CRD itself (validation, conditions),
// and the kind it defines (discovery, every verb, schema pruning/validation, printer columns,
// subresources, removal with the CRD), through ApiServer.handle.
import { describe, expect, it } from 'vitest';
import { START, failure, useApiServer } from './apiserver-harness.js';

const h = useApiServer();
const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const CRONTABS = '/apis/stable.example.com/v1/namespaces/default/crontabs';
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

function crontabCrd(extra: { subresources?: unknown; columns?: unknown[] } = {}) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'], categories: ['all'] },
      versions: [{
        name: 'v1',
        served: true,
        storage: true,
        ...(extra.subresources ? { subresources: extra.subresources } : {}),
        ...(extra.columns ? { additionalPrinterColumns: extra.columns } : {}),
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['cronSpec'],
                properties: {
                  cronSpec: { type: 'string', pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$' },
                  image: { type: 'string' },
                  replicas: { type: 'integer', minimum: 1, maximum: 10, default: 1 },
                  mode: { type: 'string', enum: ['Fast', 'Slow'] },
                  selector: { type: 'string' },
                  extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                },
              },
              status: { type: 'object', properties: { replicas: { type: 'integer' }, phase: { type: 'string' } } },
            },
          },
        },
      }],
    },
  };
}

const COLUMNS = [
  { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
  { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
  { name: 'Image', type: 'string', jsonPath: '.spec.image', priority: 1 },
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

function crontab(name: string, spec: Record<string, unknown> = { cronSpec: '* * * * */5', image: 'my-cron-image' }) {
  return { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name }, spec };
}

describe('CustomResourceDefinition', () => {
  it('is served cluster-scoped with its short names and category', async () => {
    const byName = new Map((await h.get('/apis/apiextensions.k8s.io/v1')).body.resources.map((r: any) => [r.name, r]));
    expect(byName.get('customresourcedefinitions')).toMatchObject({
      namespaced: false, kind: 'CustomResourceDefinition', shortNames: ['crd', 'crds'], categories: ['api-extensions'],
    });
    expect(byName.get('customresourcedefinitions/status')).toMatchObject({ verbs: ['get', 'patch', 'update'] });
  });

  it('gets accepted names, NamesAccepted and Established at creation, and defaults', async () => {
    const crd = await h.create(CRDS, crontabCrd());
    expect(crd.metadata.generation).toBe(1);
    expect(crd.spec.names.listKind).toBe('CronTabList');
    expect(crd.spec.conversion).toEqual({ strategy: 'None' });
    expect(crd.status).toEqual({
      acceptedNames: { plural: 'crontabs', singular: 'crontab', shortNames: ['ct'], kind: 'CronTab', listKind: 'CronTabList', categories: ['all'] },
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: '2025-03-04T05:06:07Z' },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: '2025-03-04T05:06:07Z' },
      ],
      storedVersions: ['v1'],
    });
  });

  it('must be named PLURAL.GROUP', async () => {
    const bad = crontabCrd();
    bad.metadata.name = 'crontab.stable.example.com';
    const res = await h.post(CRDS, bad);
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'CustomResourceDefinition.apiextensions.k8s.io "crontab.stable.example.com" is invalid: metadata.name: Invalid value: "crontab.stable.example.com": must be spec.names.plural+"."+spec.group');
  });

  it('needs exactly one storage version, a dotted group, a scope and typed schemas', async () => {
    const bad: any = crontabCrd();
    bad.spec.versions[0].storage = false;
    expect((await h.post(CRDS, bad)).body.message).toContain('spec.versions: Invalid value: ');
    expect((await h.post(CRDS, bad)).body.message).toContain('must have exactly one version marked as storage version');

    const scope: any = crontabCrd();
    scope.spec.scope = 'Global';
    expect((await h.post(CRDS, scope)).body.message).toBe(
      'CustomResourceDefinition.apiextensions.k8s.io "crontabs.stable.example.com" is invalid: spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"');

    const untyped: any = crontabCrd();
    delete untyped.spec.versions[0].schema.openAPIV3Schema.properties.spec.type;
    expect((await h.post(CRDS, untyped)).body.message).toBe(
      'CustomResourceDefinition.apiextensions.k8s.io "crontabs.stable.example.com" is invalid: spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields');

    const noSchema: any = crontabCrd();
    delete noSchema.spec.versions[0].schema;
    expect((await h.post(CRDS, noSchema)).body.message).toContain('spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required');
  });

  it('does not accept names another CRD of the group holds', async () => {
    await h.create(CRDS, crontabCrd());
    const other: any = crontabCrd();
    other.metadata.name = 'crons.stable.example.com';
    other.spec.names = { plural: 'crons', kind: 'Cron', shortNames: ['ct'] };
    const crd = await h.create(CRDS, other);
    expect(crd.status.conditions).toEqual([
      { type: 'NamesAccepted', status: 'False', reason: 'ShortNamesConflict', message: '"ct" is already in use', lastTransitionTime: '2025-03-04T05:06:07Z' },
      { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted', lastTransitionTime: '2025-03-04T05:06:07Z' },
    ]);
    expect((await h.get('/apis/stable.example.com/v1/namespaces/default/crons')).status).toBe(404);
  });
});

describe('custom resources', () => {
  it('appear in legacy and aggregated discovery with short names, categories and subresources', async () => {
    expect((await h.get('/apis/stable.example.com/v1')).status).toBe(404);
    await h.create(CRDS, crontabCrd({ subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } }));
    const list = (await h.get('/apis/stable.example.com/v1')).body;
    expect(list.resources).toEqual([
      { name: 'crontabs', singularName: 'crontab', namespaced: true, kind: 'CronTab', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ct'], categories: ['all'] },
      { name: 'crontabs/status', singularName: '', namespaced: true, kind: 'CronTab', verbs: ['get', 'patch', 'update'] },
      { name: 'crontabs/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
    ]);
    const groups = (await h.get('/apis')).body.groups;
    expect(groups.find((g: any) => g.name === 'stable.example.com')).toEqual({
      name: 'stable.example.com', versions: [{ groupVersion: 'stable.example.com/v1', version: 'v1' }], preferredVersion: { groupVersion: 'stable.example.com/v1', version: 'v1' },
    });
    const aggregated = (await h.get('/apis', undefined, { accept: AGGREGATED })).body;
    const group = aggregated.items.find((i: any) => i.metadata.name === 'stable.example.com');
    expect(group.versions[0].resources[0]).toMatchObject({
      resource: 'crontabs', responseKind: { group: 'stable.example.com', version: 'v1', kind: 'CronTab' }, scope: 'Namespaced', shortNames: ['ct'], categories: ['all'],
      subresources: [
        { subresource: 'status', responseKind: { group: 'stable.example.com', version: 'v1', kind: 'CronTab' }, verbs: ['get', 'patch', 'update'] },
        { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
      ],
    });
  });

  it('are created, read, listed, updated, patched and deleted', async () => {
    await h.create(CRDS, crontabCrd());
    const created = await h.create(CRONTABS, crontab('my-new-cron-object'));
    expect(created).toMatchObject({
      apiVersion: 'stable.example.com/v1', kind: 'CronTab',
      metadata: { name: 'my-new-cron-object', namespace: 'default', generation: 1, creationTimestamp: '2025-03-04T05:06:07Z' },
      spec: { cronSpec: '* * * * */5', image: 'my-cron-image', replicas: 1 },
    });
    expect((await h.get(`${CRONTABS}/my-new-cron-object`)).body.spec.replicas).toBe(1);
    const list = (await h.get(CRONTABS)).body;
    expect(list).toMatchObject({ kind: 'CronTabList', apiVersion: 'stable.example.com/v1' });
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['my-new-cron-object']);
    expect((await h.get('/apis/stable.example.com/v1/crontabs')).body.items).toHaveLength(1);

    const updated = (await h.put(`${CRONTABS}/my-new-cron-object`, { ...created, spec: { ...created.spec, image: 'v2' } })).body;
    expect(updated.spec.image).toBe('v2');
    expect(updated.metadata.generation).toBe(2);

    const merged = await h.patch(`${CRONTABS}/my-new-cron-object`, 'application/merge-patch+json', { spec: { replicas: 3 } });
    expect(merged.body.spec.replicas).toBe(3);
    const jsonPatched = await h.patch(`${CRONTABS}/my-new-cron-object`, 'application/json-patch+json', [{ op: 'replace', path: '/spec/image', value: 'v3' }]);
    expect(jsonPatched.body.spec.image).toBe('v3');
    const labelled = await h.patch(`${CRONTABS}/my-new-cron-object`, 'application/merge-patch+json', { metadata: { labels: { a: 'b' } } });
    expect(labelled.body.metadata.generation).toBe(4);

    const strategic = await h.patch(`${CRONTABS}/my-new-cron-object`, 'application/strategic-merge-patch+json', { spec: { replicas: 2 } });
    expect(strategic.status).toBe(415);
    expect(strategic.body.message).toBe('the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');

    const deleted = await h.del(`${CRONTABS}/my-new-cron-object`);
    expect(deleted.status).toBe(200);
    expect((await h.get(`${CRONTABS}/my-new-cron-object`)).body).toEqual({
      ...failure(404, 'NotFound', 'crontabs.stable.example.com "my-new-cron-object" not found'),
      details: { name: 'my-new-cron-object', group: 'stable.example.com', kind: 'crontabs' },
    });
  });

  it('deletes a collection by label', async () => {
    await h.create(CRDS, crontabCrd());
    await h.create(CRONTABS, { ...crontab('a'), metadata: { name: 'a', labels: { tier: 'x' } } });
    await h.create(CRONTABS, crontab('b'));
    const res = await h.del(CRONTABS, { labelSelector: 'tier=x' });
    expect(res.body.items.map((i: any) => i.metadata.name)).toEqual(['a']);
    expect((await h.get(CRONTABS)).body.items.map((i: any) => i.metadata.name)).toEqual(['b']);
  });

  it('watches', async () => {
    await h.create(CRDS, crontabCrd());
    const res = await h.server.handle({ method: 'GET', path: CRONTABS, query: { watch: 'true' } });
    const events = res.stream![Symbol.asyncIterator]();
    await h.create(CRONTABS, crontab('w'));
    const first = JSON.parse((await events.next()).value);
    expect(first).toMatchObject({ type: 'ADDED', object: { kind: 'CronTab', metadata: { name: 'w' } } });
    res.stream!.close();
  });

  it('prune unknown fields: strict is a 400 in kube words, warn is a warning, the field never stored', async () => {
    await h.create(CRDS, crontabCrd());
    const body = crontab('typo', { cronSpec: '* * * * */5', imgae: 'x', extra: { anything: { goes: 1 } } });
    const strict = await h.post(CRONTABS, body, { fieldValidation: 'Strict' });
    expect(strict.status).toBe(400);
    expect(strict.body.message).toBe('CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec.imgae"');
    const warned = await h.post(CRONTABS, { ...body, metadata: { name: 'typo', bogus: 1 } }, { fieldValidation: 'Warn' });
    expect(warned.status).toBe(201);
    expect(warned.headers.warning).toBe('299 - "unknown field \\"metadata.bogus\\"", 299 - "unknown field \\"spec.imgae\\""');
    expect(warned.body.spec).toEqual({ cronSpec: '* * * * */5', extra: { anything: { goes: 1 } }, replicas: 1 });
  });

  it('are validated against the schema with kube-openapi messages', async () => {
    await h.create(CRDS, crontabCrd());
    const invalid = async (spec: Record<string, unknown>) => (await h.post(CRONTABS, crontab('bad', spec))).body.message;
    const prefix = 'CronTab.stable.example.com "bad" is invalid: ';
    expect(await invalid({ cronSpec: '* * * * */5', replicas: 'three' })).toBe(
      `${prefix}spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`);
    expect(await invalid({ cronSpec: '* * * * */5', replicas: 11 })).toBe(
      `${prefix}spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10`);
    expect(await invalid({ cronSpec: '* * * * */5', mode: 'Medium' })).toBe(
      `${prefix}spec.mode: Unsupported value: "Medium": supported values: "Fast", "Slow"`);
    expect(await invalid({ image: 'x' })).toBe(`${prefix}spec.cronSpec: Required value`);
    expect(await invalid({ cronSpec: 'every minute' })).toBe(
      `${prefix}spec.cronSpec: Invalid value: "every minute": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'`);
    const wrongKind = await h.post(CRONTABS, { ...crontab('bad'), kind: 'CronJob' });
    expect(wrongKind.body.message).toBe(`${prefix}kind: Invalid value: "CronJob": must be CronTab`);
    const wrongVersion = await h.post(CRONTABS, { ...crontab('bad'), apiVersion: 'stable.example.com/v2' });
    expect(wrongVersion.body.message).toBe('the API version in the data (stable.example.com/v2) does not match the expected API version (stable.example.com/v1)');
  });

  it('print the version additionalPrinterColumns, or NAME and AGE', async () => {
    await h.create(CRDS, crontabCrd({ columns: COLUMNS }));
    await h.create(CRONTABS, crontab('c1'));
    h.now = new Date(START.getTime() + 90_000);
    const table = (await h.get(CRONTABS, undefined, { accept: TABLE })).body;
    expect(table.columnDefinitions.map((c: any) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0], ['Spec', 'string', '', 0], ['Replicas', 'integer', '', 0], ['Image', 'string', '', 1], ['Age', 'date', '', 0],
    ]);
    expect(table.columnDefinitions[1].description).toBe('Custom resource definition column (in JSONPath format): .spec.cronSpec');
    expect(table.rows[0].cells).toEqual(['c1', '* * * * */5', 1, 'my-cron-image', '90s']);

    await h.del(`${CRDS}/crontabs.stable.example.com`);
    await h.create(CRDS, crontabCrd());
    await h.create(CRONTABS, crontab('c2'));
    const plain = (await h.get(`${CRONTABS}/c2`, undefined, { accept: TABLE })).body;
    expect(plain.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Age']);
    expect(plain.rows[0].cells).toEqual(['c2', '0s']);
  });

  it('have status and scale subresources when declared', async () => {
    await h.create(CRDS, crontabCrd({ subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' } } }));
    const created = await h.create(CRONTABS, { ...crontab('s'), spec: { cronSpec: '* * * * */5', selector: 'app=s' }, status: { phase: 'ignored' } });
    expect(created.status).toBeUndefined();
    const status = await h.put(`${CRONTABS}/s/status`, { ...created, spec: { cronSpec: '1 * * * *' }, status: { replicas: 1, phase: 'Running' } });
    expect(status.body.status).toEqual({ replicas: 1, phase: 'Running' });
    expect(status.body.spec.cronSpec).toBe('* * * * */5');
    expect(status.body.metadata.generation).toBe(1);
    const main = await h.patch(`${CRONTABS}/s`, 'application/merge-patch+json', { status: { phase: 'Lost' } });
    expect(main.body.status.phase).toBe('Running');

    const scale = (await h.get(`${CRONTABS}/s/scale`)).body;
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 1 }, status: { replicas: 1, selector: 'app=s' } });
    const scaled = await h.patch(`${CRONTABS}/s/scale`, 'application/merge-patch+json', { spec: { replicas: 4 } });
    expect(scaled.body.spec.replicas).toBe(4);
    expect((await h.get(`${CRONTABS}/s`)).body.spec.replicas).toBe(4);
  });

  it('go with their CRD', async () => {
    await h.create(CRDS, crontabCrd());
    await h.create(CRONTABS, crontab('gone'));
    expect((await h.del(`${CRDS}/crontabs.stable.example.com`)).status).toBe(200);
    expect((await h.get(CRONTABS)).status).toBe(404);
    await h.create(CRDS, crontabCrd());
    expect((await h.get(CRONTABS)).body.items).toEqual([]);
  });

  it('serve cluster-scoped kinds without a namespace', async () => {
    const crd: any = crontabCrd();
    crd.spec.scope = 'Cluster';
    await h.create(CRDS, crd);
    const obj = await h.create('/apis/stable.example.com/v1/crontabs', crontab('global'));
    expect(obj.metadata.namespace).toBeUndefined();
    expect((await h.get('/apis/stable.example.com/v1/crontabs/global')).status).toBe(200);
  });
});
