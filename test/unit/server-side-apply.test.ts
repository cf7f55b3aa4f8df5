// Field sets, merge and managed fields as structured-merge-diff and kube-apiserver compute them;
// expected FieldsV1 are those kube-apiserver records for the same objects.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { useApiServer } from './apiserver-harness.js';
import { compare, merge, toFieldSet } from '../../src/backends/embedded/apiserver/typed-values.js';
import { fromFieldsV1, members, pathString, toFieldsV1 } from '../../src/backends/embedded/apiserver/field-set.js';

const h = useApiServer();
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const APPLY = 'application/apply-patch+yaml';
const deployment = () => parse(readFileSync(new URL('../../fixtures/nginx-deployment.yaml', import.meta.url), 'utf8'));
const DEPLOYMENT_REF = { $ref: 'io.k8s.api.apps.v1.Deployment' };

// kube-apiserver's Apply entry for fixtures/nginx-deployment.yaml applied by kubectl.
const APPLIED_FIELDS = {
  'f:spec': {
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"nginx"}': {
            '.': {}, 'f:image': {}, 'f:name': {},
            'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
          },
        },
      },
    },
  },
};

describe('field sets', () => {
  it('of an applied configuration: items are members, struct fields only through their leaves, defaulted keys filled in', () => {
    const set = toFieldSet(deployment(), DEPLOYMENT_REF);
    const { 'f:apiVersion': _a, 'f:kind': _k, 'f:metadata': _m, ...rest } = toFieldsV1(set);
    expect(rest).toEqual(APPLIED_FIELDS);
  });

  it('round-trips FieldsV1 and prints paths as conflict messages do', () => {
    const v1 = { 'f:metadata': { 'f:finalizers': { '.': {}, 'v:"a"': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"x"}': { '.': {}, 'f:image': {} } } } };
    const set = fromFieldsV1(v1);
    expect(toFieldsV1(set)).toEqual(v1);
    expect(members(set).map(pathString)).toEqual([
      '.metadata.finalizers', '.metadata.finalizers[="a"]', '.spec.containers[name="x"]', '.spec.containers[name="x"].image',
    ]);
  });

  it('compares: a new pointer struct is added with its leaves, a changed scalar is modified, a dropped label removed', () => {
    const live = { metadata: { labels: { a: '1', b: '2' } }, spec: { replicas: 1 } };
    const next = { metadata: { labels: { a: '1' } }, spec: { replicas: 2, strategy: { rollingUpdate: { maxSurge: 1 } } } };
    const c = compare(live, next, DEPLOYMENT_REF);
    expect(members(c.modified).map(pathString)).toEqual(['.spec.replicas']);
    expect(members(c.added).map(pathString)).toEqual(['.spec.strategy', '.spec.strategy.rollingUpdate', '.spec.strategy.rollingUpdate.maxSurge']);
    expect(members(c.removed).map(pathString)).toEqual(['.metadata.labels.b']);
  });

  it('merges associative lists in structured-merge-diff order: applied order for shared items, live-only items kept', () => {
    const live = { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] } } } };
    const config = { spec: { template: { spec: { containers: [{ name: 'c', image: 'c:1' }, { name: 'a', image: 'a:2' }] } } } };
    const merged = merge(live, config, DEPLOYMENT_REF) as any;
    expect(merged.spec.template.spec.containers).toEqual([{ name: 'c', image: 'c:1' }, { name: 'a', image: 'a:2' }, { name: 'b', image: 'b:1' }]);
  });
});

describe('managed fields on writes', () => {
  it('a create records the creator as kube-apiserver does, defaults and all', async () => {
    const created = await h.post(DEPLOYMENTS, deployment(), { fieldManager: 'kubectl-create' });
    expect(created.status).toBe(201);
    const [entry] = created.body.metadata.managedFields;
    expect(entry).toMatchObject({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: '2025-03-04T05:06:07Z', fieldsType: 'FieldsV1' });
    expect(entry.fieldsV1['f:spec']['f:strategy']).toEqual({ 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} });
    expect(entry.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}']).toEqual({
      '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {},
      'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
      'f:resources': {}, 'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {},
    });
  });

  it('creates of one shape own the same fields, and a field holding its zero value is owned only where it is set', async () => {
    const EVENTS = '/api/v1/namespaces/default/events';
    const at = '2025-03-04T05:06:07Z';
    const event = (name: string, message: string, eventTime: string | null) => ({
      apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: `pod-${name}`, uid: `uid-${name}`, apiVersion: 'v1' },
      reason: 'Pulled', message, type: 'Normal', count: 1, firstTimestamp: at, lastTimestamp: at, eventTime,
      source: { component: 'kubelet', host: 'worker' }, reportingComponent: 'kubelet', reportingInstance: 'worker',
    });
    const fieldsOf = async (body: unknown) => (await h.post(EVENTS, body, { fieldManager: 'kubelet' })).body.metadata.managedFields[0].fieldsV1;
    const expected = {
      'f:count': {}, 'f:firstTimestamp': {}, 'f:lastTimestamp': {}, 'f:message': {}, 'f:reason': {}, 'f:type': {},
      'f:involvedObject': {},
      'f:reportingComponent': {}, 'f:reportingInstance': {}, 'f:source': { 'f:component': {}, 'f:host': {} },
    };
    expect(await fieldsOf(event('a', 'pulled', null))).toEqual(expected);
    expect(await fieldsOf(event('b', 'pulled again', null))).toEqual(expected);
    expect(await fieldsOf(event('c', 'pulled', '2025-03-04T05:06:07.000000Z'))).toEqual({ ...expected, 'f:eventTime': {} });
    expect(await fieldsOf({ ...event('d', 'pulled', null), reportingInstance: '' })).toEqual({ ...expected, 'f:reportingInstance': undefined });
    expect(await fieldsOf(event('e', 'pulled', null))).toEqual(expected);
  });

  it('the User-Agent names the manager when the request does not', async () => {
    const res = await h.call('POST', '/api/v1/namespaces/default/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } },
      headers: { 'user-agent': 'kubectl/v1.32.0 (linux/amd64) kubernetes/abc' },
    });
    expect(res.body.metadata.managedFields.map((e: any) => [e.manager, e.fieldsV1])).toEqual([['kubectl', { 'f:data': { '.': {}, 'f:k': {} } }]]);
  });
});

describe('server-side apply', () => {
  it('creates the object with one Apply entry owning the configuration', async () => {
    const res = await h.patch(`${DEPLOYMENTS}/nginx-deployment`, APPLY, JSON.stringify(deployment()), { fieldManager: 'kubectl' });
    expect(res.status).toBe(201);
    expect(res.body.metadata.managedFields).toEqual([
      { manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: '2025-03-04T05:06:07Z', fieldsType: 'FieldsV1', fieldsV1: APPLIED_FIELDS },
    ]);
    expect(res.body.spec.strategy.type).toBe('RollingUpdate');
  });

  it('needs a field manager, with kube-apiserver\'s 422', async () => {
    const res = await h.patch(`${DEPLOYMENTS}/nginx-deployment`, APPLY, JSON.stringify(deployment()));
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  });

  it('refuses to change another manager\'s field with kube\'s 409, and takes it over when forced', async () => {
    await h.post(DEPLOYMENTS, deployment(), { fieldManager: 'kubectl-client-side-apply' });
    const changed = { ...deployment(), spec: { ...deployment().spec, replicas: 5 } };
    const refused = await h.patch(`${DEPLOYMENTS}/nginx-deployment`, APPLY, JSON.stringify(changed), { fieldManager: 'ci' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    expect(refused.body.details.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }]);

    const forced = await h.patch(`${DEPLOYMENTS}/nginx-deployment`, APPLY, JSON.stringify(changed), { fieldManager: 'ci', force: 'true' });
    expect(forced.status).toBe(200);
    expect(forced.body.spec.replicas).toBe(5);
    const csa = forced.body.metadata.managedFields.find((e: any) => e.manager === 'kubectl-client-side-apply');
    expect(csa.fieldsV1['f:spec']['f:replicas']).toBeUndefined();
  });

  it('removes what the applier stops applying when nobody else owns it; defaults come back', async () => {
    const withLabel = { ...deployment(), metadata: { name: 'nginx-deployment', labels: { tier: 'web' } } };
    await h.patch(`${DEPLOYMENTS}/nginx-deployment`, APPLY, JSON.stringify(withLabel), { fieldManager: 'ci' });
    const { replicas: _r, ...spec } = deployment().spec;
    const res = await h.patch(`${DEPLOYMENTS}/nginx-deployment`, APPLY, JSON.stringify({ ...deployment(), spec }), { fieldManager: 'ci' });
    expect(res.status).toBe(200);
    expect(res.body.metadata.labels).toBeUndefined();
    expect(res.body.spec.replicas).toBe(1);
  });

  it('keeps fields another manager still owns', async () => {
    await h.patch(`${DEPLOYMENTS}/nginx-deployment`, APPLY, JSON.stringify(deployment()), { fieldManager: 'a' });
    await h.patch(`${DEPLOYMENTS}/nginx-deployment`, APPLY, JSON.stringify(deployment()), { fieldManager: 'b' });
    const { replicas: _r, ...spec } = deployment().spec;
    const res = await h.patch(`${DEPLOYMENTS}/nginx-deployment`, APPLY, JSON.stringify({ ...deployment(), spec }), { fieldManager: 'a' });
    expect(res.body.spec.replicas).toBe(3);
  });

  it('lets kubectl take over what client-side apply set and still holds; other changes conflict', async () => {
    const lastApplied = JSON.stringify(deployment());
    const csa = { ...deployment(), metadata: { name: 'nginx-deployment', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } } };
    await h.post(DEPLOYMENTS, csa, { fieldManager: 'kubectl-client-side-apply' });
    const changed = { ...deployment(), spec: { ...deployment().spec, replicas: 4 } };
    // Live replicas still equal the last-applied 3: kubectl's apply may take them.
    const taken = await h.patch(`${DEPLOYMENTS}/nginx-deployment`, APPLY, JSON.stringify(changed), { fieldManager: 'kubectl' });
    expect(taken.status).toBe(200);
    expect(taken.body.spec.replicas).toBe(4);
    // Once live replicas differ from the last-applied value, taking them is a conflict.
    const scaled = await h.patch(`${DEPLOYMENTS}/nginx-deployment`, 'application/merge-patch+json', { spec: { replicas: 2 } }, { fieldManager: 'kubectl-client-side-apply' });
    expect(scaled.status).toBe(200);
    const refused = await h.patch(`${DEPLOYMENTS}/nginx-deployment`, APPLY, JSON.stringify(changed), { fieldManager: 'kubectl' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
  });
});
