// Object lifecycles as a user sees them with the built CLI: a namespace deleted with everything in
// it, cascading deletion by ownerReferences, the default ServiceAccount, Service endpoints.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { FIXTURES, sandbox, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = sandbox();
  const applied = await tkctl(sb, ['apply', '-f', FIXTURES]);
  expect(applied.code).toBe(0);
});
afterAll(() => sb.cleanup());

const lines = (s: string) => s.trimEnd().split('\n');

describe('lifecycle controllers through the CLI', () => {
  it('gives every namespace its default ServiceAccount', async () => {
    const sa = await tkctl(sb, ['get', 'serviceaccounts', '-A', '-o', 'name']);
    expect(sa.stdout).toBe([
      'serviceaccount/default', 'serviceaccount/default', 'serviceaccount/default', 'serviceaccount/default', 'serviceaccount/default', '',
    ].join('\n'));
    const team = await tkctl(sb, ['get', 'sa', '-n', 'backend-team']);
    expect(lines(team.stdout)).toEqual(['NAME      SECRETS   AGE', expect.stringMatching(/^default   0         \d+s$/)]);
  });

  it('publishes the endpoints of the nginx service and of the API server', async () => {
    const ep = await tkctl(sb, ['get', 'endpoints', 'nginx-service']);
    expect(ep.code).toBe(0);
    expect(lines(ep.stdout)[0]).toMatch(/^NAME {12}ENDPOINTS +AGE$/);
    // Pod IPs once the kubelets have started the pods, <none> before.
    expect(lines(ep.stdout)[1]).toMatch(/^nginx-service {3}(<none>|10\.244\.\d+\.\d+:80(,10\.244\.\d+\.\d+:80)*( \+ \d+ more\.\.\.)?) +\d+s$/);
    const api = await tkctl(sb, ['get', 'endpoints', 'kubernetes']);
    expect(lines(api.stdout)[1]).toMatch(/^kubernetes {3}172\.18\.0\.2:6443 {3}\d+s$/);
    const slices = await tkctl(sb, ['get', 'endpointslices', '-l', 'kubernetes.io/service-name=nginx-service', '-o', 'jsonpath={.items[*].metadata.labels}']);
    expect(JSON.parse(slices.stdout)).toEqual({
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': 'nginx-service',
    });
  });

  it('deletes a namespace with everything in it, waiting until it is gone', async () => {
    const deleted = await tkctl(sb, ['delete', 'namespace', 'backend-team']);
    expect(deleted).toEqual({ code: 0, stdout: 'namespace "backend-team" deleted\n', stderr: '' });
    const ns = await tkctl(sb, ['get', 'ns', '-o', 'name']);
    expect(ns.stdout).toBe('namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n');
    const left = await tkctl(sb, ['get', 'all', '-n', 'backend-team']);
    expect(left.stderr).toBe('No resources found in backend-team namespace.\n');
  });

  it('deleting a ReplicaSet deletes its pods; --cascade=orphan keeps them', async () => {
    const rs = (name: string) => [
      'apiVersion: apps/v1', 'kind: ReplicaSet', `metadata: {name: ${name}}`,
      `spec: {replicas: 2, selector: {matchLabels: {app: ${name}}}, template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: app, image: nginx}]}}}`,
    ].join('\n');
    for (const name of ['cascade', 'orphaned']) expect((await tkctl(sb, ['apply', '-f', '-'], rs(name))).code).toBe(0);
    expect(lines((await tkctl(sb, ['get', 'pods', '-l', 'app in (cascade,orphaned)', '-o', 'name'])).stdout)).toHaveLength(4);

    expect((await tkctl(sb, ['delete', 'rs', 'cascade'])).stdout).toBe('replicaset.apps "cascade" deleted\n');
    const gone = await tkctl(sb, ['get', 'pods', '-l', 'app=cascade']);
    expect(gone.stderr).toBe('No resources found in default namespace.\n');

    expect((await tkctl(sb, ['delete', 'rs', 'orphaned', '--cascade=orphan'])).stdout).toBe('replicaset.apps "orphaned" deleted\n');
    const kept = JSON.parse((await tkctl(sb, ['get', 'pods', '-l', 'app=orphaned', '-o', 'json'])).stdout).items;
    expect(kept).toHaveLength(2);
    for (const pod of kept) expect(pod.metadata.ownerReferences).toBeUndefined();
    expect((await tkctl(sb, ['get', 'rs', 'orphaned'])).stderr).toBe('Error from server (NotFound): replicasets.apps "orphaned" not found\n');
  });
});
