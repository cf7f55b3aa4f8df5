// RBAC as kube evaluates it: rule matching, subjects, the authorizer over stored roles and
// bindings, the 403 message, ServiceAccount tokens, the self-review APIs and admission.
import { describe, expect, it } from 'vitest';
import {
  matchingSubject, nonResourceURLMatches, ruleAllows, type PolicyRule, type RequestAttributes,
} from '../../src/backends/embedded/apiserver/auth/rbac-rules.js';
import { requestAttributes } from '../../src/backends/embedded/apiserver/auth/request-attributes.js';
import { authenticateServiceAccountToken } from '../../src/backends/embedded/apiserver/auth/service-account-tokens.js';
import { sameSecret } from '../../src/backends/embedded/authenticate.js';
import { serviceAccountUser, type UserInfo } from '../../src/backends/embedded/apiserver/auth/user.js';
import { useApiServer } from './apiserver-harness.js';

const res = (verb: string, resource: string, extra: Partial<Extract<RequestAttributes, { resourceRequest: true }>> = {}): RequestAttributes => ({
  resourceRequest: true, verb, namespace: 'default', apiGroup: '', resource, subresource: '', name: '', ...extra,
});

describe('rule evaluation', () => {
  const podsReader: PolicyRule = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] };

  it('matches verb, group and resource exactly, and * for any', () => {
    expect(ruleAllows(res('list', 'pods'), podsReader)).toBe(true);
    expect(ruleAllows(res('watch', 'pods'), podsReader)).toBe(false);
    expect(ruleAllows(res('list', 'pods', { apiGroup: 'apps' }), podsReader)).toBe(false);
    expect(ruleAllows(res('list', 'services'), podsReader)).toBe(false);
    expect(ruleAllows(res('delete', 'deployments', { apiGroup: 'apps' }), { apiGroups: ['*'], resources: ['*'], verbs: ['*'] })).toBe(true);
  });

  it('treats a subresource as its own resource "pods/log", matched by "*/log" too', () => {
    expect(ruleAllows(res('get', 'pods', { subresource: 'log', name: 'web' }), podsReader)).toBe(false);
    expect(ruleAllows(res('get', 'pods', { subresource: 'log', name: 'web' }), { ...podsReader, resources: ['pods/log'] })).toBe(true);
    expect(ruleAllows(res('get', 'pods', { subresource: 'log', name: 'web' }), { ...podsReader, resources: ['*/log'] })).toBe(true);
    expect(ruleAllows(res('get', 'pods', { name: 'web' }), { ...podsReader, resources: ['*/log'] })).toBe(false);
  });

  it('limits to resourceNames, which a list (no name) never matches', () => {
    const one: PolicyRule = { ...podsReader, resourceNames: ['web'] };
    expect(ruleAllows(res('get', 'pods', { name: 'web' }), one)).toBe(true);
    expect(ruleAllows(res('get', 'pods', { name: 'db' }), one)).toBe(false);
    expect(ruleAllows(res('list', 'pods'), one)).toBe(false);
  });

  it('matches non-resource URLs exactly or by a trailing * prefix', () => {
    const discovery: PolicyRule = { nonResourceURLs: ['/api', '/api/*', '/version'], verbs: ['get'] };
    expect(nonResourceURLMatches(discovery, '/api')).toBe(true);
    expect(nonResourceURLMatches(discovery, '/api/v1')).toBe(true);
    expect(nonResourceURLMatches(discovery, '/apis')).toBe(false);
    expect(nonResourceURLMatches(discovery, '/version/')).toBe(false);
    expect(ruleAllows({ resourceRequest: false, verb: 'post', path: '/api' }, discovery)).toBe(false);
    // A resource rule never allows a non-resource request.
    expect(ruleAllows({ resourceRequest: false, verb: 'get', path: '/api' }, podsReader)).toBe(false);
  });

  it('matches subjects: users by name, groups, service accounts defaulting to the binding namespace', () => {
    const dev = serviceAccountUser('team-a', 'dev', 'u1');
    expect(matchingSubject(dev, [{ kind: 'ServiceAccount', name: 'dev' }], 'team-a')).toBeDefined();
    expect(matchingSubject(dev, [{ kind: 'ServiceAccount', name: 'dev' }], '')).toBeUndefined();
    expect(matchingSubject(dev, [{ kind: 'ServiceAccount', name: 'dev', namespace: 'team-b' }], 'team-a')).toBeUndefined();
    expect(matchingSubject(dev, [{ kind: 'Group', name: 'system:serviceaccounts:team-a' }], '')).toBeDefined();
    expect(matchingSubject(dev, [{ kind: 'User', name: 'system:serviceaccount:team-a:dev' }], '')).toBeDefined();
  });
});

describe('request attributes (RequestInfoFactory)', () => {
  it('reads verbs, namespaces and subresources from the path', () => {
    expect(requestAttributes('GET', '/api/v1/namespaces/default/pods')).toMatchObject({ verb: 'list', namespace: 'default', resource: 'pods', name: '' });
    expect(requestAttributes('GET', '/api/v1/namespaces/default/pods', { watch: 'true' })).toMatchObject({ verb: 'watch' });
    expect(requestAttributes('GET', '/api/v1/pods')).toMatchObject({ verb: 'list', namespace: '' });
    expect(requestAttributes('GET', '/api/v1/namespaces/a/pods/web/log')).toMatchObject({ verb: 'get', resource: 'pods', name: 'web', subresource: 'log' });
    expect(requestAttributes('DELETE', '/apis/apps/v1/namespaces/a/deployments')).toMatchObject({ verb: 'deletecollection', apiGroup: 'apps' });
    expect(requestAttributes('GET', '/api/v1/namespaces/a/pods', { fieldSelector: 'metadata.name=web' })).toMatchObject({ verb: 'list', name: 'web' });
  });

  it('gives a namespace object its own namespace, and discovery paths are non-resource', () => {
    expect(requestAttributes('GET', '/api/v1/namespaces/team-a')).toMatchObject({ resource: 'namespaces', name: 'team-a', namespace: 'team-a' });
    expect(requestAttributes('PUT', '/api/v1/namespaces/team-a/finalize')).toMatchObject({ resource: 'namespaces', subresource: 'finalize', namespace: 'team-a' });
    expect(requestAttributes('GET', '/apis/apps/v1')).toEqual({ resourceRequest: false, verb: 'get', path: '/apis/apps/v1' });
    expect(requestAttributes('GET', '/version')).toEqual({ resourceRequest: false, verb: 'get', path: '/version' });
  });
});

describe('RBAC in the API server', () => {
  const h = useApiServer();
  const dev = serviceAccountUser('team-a', 'dev', 'u1');
  const as = async (user: UserInfo, method: 'GET' | 'POST', path: string, body?: unknown) => {
    const r = await h.server.handle({ method, path, body: body === undefined ? undefined : JSON.stringify(body) }, user);
    return { status: r.status, body: JSON.parse(r.body ?? '{}') };
  };

  async function grantPodReader() {
    await h.create('/api/v1/namespaces', { metadata: { name: 'team-a' } });
    await h.create('/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/roles', {
      metadata: { name: 'pod-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
    });
    await h.create('/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings', {
      metadata: { name: 'dev-reads-pods' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'dev', namespace: 'team-a' }],
    });
  }

  it('allows what a RoleBinding grants in its namespace and answers kube\'s 403 elsewhere', async () => {
    await grantPodReader();
    expect((await as(dev, 'GET', '/api/v1/namespaces/team-a/pods')).status).toBe(200);
    const denied = await as(dev, 'GET', '/api/v1/namespaces/default/pods');
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403,
      message: 'pods is forbidden: User "system:serviceaccount:team-a:dev" cannot list resource "pods" in API group "" in the namespace "default"',
      details: { kind: 'pods' },
    });
    const named = await as(dev, 'GET', '/apis/apps/v1/namespaces/team-a/deployments/web');
    expect(named.body.message).toBe('deployments.apps "web" is forbidden: User "system:serviceaccount:team-a:dev" cannot get resource "deployments" in API group "apps" in the namespace "team-a"');
    const cluster = await as(dev, 'GET', '/api/v1/nodes');
    expect(cluster.body.message).toBe('nodes is forbidden: User "system:serviceaccount:team-a:dev" cannot list resource "nodes" in API group "" at the cluster scope');
  });

  it('lets every authenticated user discover the API but not other paths', async () => {
    expect((await as(dev, 'GET', '/apis')).status).toBe(200);
    expect((await as(dev, 'GET', '/api/v1')).status).toBe(200);
    expect((await as(dev, 'GET', '/version')).status).toBe(200);
    const metrics = await as(dev, 'GET', '/metrics');
    expect(metrics.status).toBe(403);
    expect(metrics.body.message).toBe('forbidden: User "system:serviceaccount:team-a:dev" cannot get path "/metrics"');
  });

  it('reports a binding to a missing role as the reason', async () => {
    await h.create('/api/v1/namespaces', { metadata: { name: 'team-a' } });
    await h.create('/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings', {
      metadata: { name: 'dangling' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'gone' },
      subjects: [{ kind: 'ServiceAccount', name: 'dev' }],
    });
    const denied = await as(dev, 'GET', '/api/v1/namespaces/team-a/pods');
    expect(denied.body.message).toBe('pods is forbidden: User "system:serviceaccount:team-a:dev" cannot list resource "pods" in API group "" in the namespace "team-a": RBAC: role.rbac.authorization.k8s.io "gone" not found');
  });

  it('grants the aggregated view ClusterRole through a RoleBinding', async () => {
    await h.create('/api/v1/namespaces', { metadata: { name: 'team-a' } });
    await h.create('/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings', {
      metadata: { name: 'viewers' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'Group', name: 'system:serviceaccounts:team-a' }],
    });
    expect((await as(dev, 'GET', '/apis/apps/v1/namespaces/team-a/deployments')).status).toBe(200);
    expect((await as(dev, 'GET', '/api/v1/namespaces/team-a/secrets')).status).toBe(403);
    expect((await as(dev, 'POST', '/api/v1/namespaces/team-a/configmaps', { metadata: { name: 'x' } })).status).toBe(403);
  });

  it('answers SelfSubjectAccessReview and SelfSubjectRulesReview for the caller', async () => {
    await grantPodReader();
    const ssar = (namespace: string) => as(dev, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { resourceAttributes: { namespace, verb: 'list', resource: 'pods' } },
    });
    const yes = await ssar('team-a');
    expect(yes.status).toBe(201);
    expect(yes.body.status).toEqual({ allowed: true, reason: 'RBAC: allowed by RoleBinding "dev-reads-pods/team-a" of Role "pod-reader" to ServiceAccount "dev/team-a"' });
    expect((await ssar('default')).body.status).toEqual({ allowed: false });
    const rules = await as(dev, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { spec: { namespace: 'team-a' } });
    expect(rules.body.status.resourceRules).toContainEqual({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] });
    expect(rules.body.status.resourceRules).toContainEqual({ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] });
    expect(rules.body.status.incomplete).toBe(false);
    const whoami = await as(dev, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {});
    expect(whoami.body.status.userInfo).toEqual({ username: 'system:serviceaccount:team-a:dev', uid: 'u1', groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a', 'system:authenticated'] });
  });
});

describe('ServiceAccount tokens', () => {
  const h = useApiServer();

  it('mints a token that authenticates as the ServiceAccount, is stored hashed, and dies with it', async () => {
    const sa = await h.create('/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'dev' } });
    const r = await h.post('/api/v1/namespaces/default/serviceaccounts/dev/token', { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', spec: {} });
    expect(r.status).toBe(201);
    expect(r.body.spec).toEqual({ audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 3600, boundObjectRef: null });
    expect(r.body.status.expirationTimestamp).toBe('2025-03-04T06:06:07Z');
    const token: string = r.body.status.token;
    const user = authenticateServiceAccountToken(h.server.registry, token, h.now);
    expect(user).toMatchObject({ username: 'system:serviceaccount:default:dev', uid: sa.metadata.uid });
    // The secret half is nowhere in the store.
    const secret = token.split('.')[1];
    expect(h.store.list('/registry/').items.some((kv) => kv.value.includes(secret))).toBe(false);
    expect(authenticateServiceAccountToken(h.server.registry, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, h.now)).toBeUndefined();
    expect(authenticateServiceAccountToken(h.server.registry, token, new Date('2025-03-04T06:06:08Z'))).toBeUndefined();
    await h.del('/api/v1/namespaces/default/serviceaccounts/dev');
    expect(authenticateServiceAccountToken(h.server.registry, token, h.now)).toBeUndefined();
  });

  it('refuses a duration under 10 minutes as kube does', async () => {
    await h.create('/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'dev' } });
    const r = await h.post('/api/v1/namespaces/default/serviceaccounts/dev/token', { spec: { expirationSeconds: 60 } });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('TokenRequest.authentication.k8s.io "dev" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes');
  });
});

describe('the admin token check', () => {
  it('accepts the secret alone: not a prefix, an extension, a one-character change or an empty token', () => {
    const secret = 'a3f9c0d2e4b6a8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e0f2a4b6c8';
    expect(sameSecret(secret, secret)).toBe(true);
    expect(sameSecret(secret.slice(0, -1), secret)).toBe(false);
    expect(sameSecret(`${secret}0`, secret)).toBe(false);
    expect(sameSecret(`${secret.slice(0, 10)}x${secret.slice(11)}`, secret)).toBe(false);
    expect(sameSecret('', secret)).toBe(false);
    // A character whose code is 0 past the token's end reads like a missing one: the lengths still differ.
    expect(sameSecret('ab', 'ab\u0000')).toBe(false);
  });
});

describe('RBAC admission', () => {
  const h = useApiServer();

  it('keeps roleRef immutable and validates rules and subjects', async () => {
    const path = '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings';
    const rb = await h.create(path, {
      metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }],
    });
    expect(rb.subjects).toEqual([{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }]);
    const changed = await h.put(`${path}/b`, { ...rb, roleRef: { ...rb.roleRef, name: 'edit' } });
    expect(changed.status).toBe(422);
    expect(changed.body.message).toBe('RoleBinding.rbac.authorization.k8s.io "b" is invalid: roleRef: Invalid value: {"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"}: cannot change roleRef');
    const badRole = await h.post('/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', { metadata: { name: 'r' }, rules: [{ nonResourceURLs: ['/x'], verbs: [] }] });
    expect(badRole.body.message).toBe('Role.rbac.authorization.k8s.io "r" is invalid: [rules[0].verbs: Required value: verbs must contain at least one value, rules[0].nonResourceURLs: Invalid value: ["/x"]: namespaced rules cannot apply to non-resource URLs]');
    const colon = await h.post('/apis/rbac.authorization.k8s.io/v1/clusterroles', { metadata: { name: 'team:reader' }, rules: [] });
    expect(colon.status).toBe(201);
  });

  it('bootstraps kube\'s default roles and serves the binding table columns', async () => {
    const view = await h.get('/apis/rbac.authorization.k8s.io/v1/clusterroles/view');
    expect(view.body.rules).toContainEqual({ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] });
    const table = await h.get('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:discovery', undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    expect(table.body.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Role', 'Age', 'Users', 'Groups', 'ServiceAccounts']);
    expect(table.body.rows[0].cells).toEqual(['system:discovery', 'ClusterRole/system:discovery', '0s', '', 'system:authenticated', '']);
  });
});
