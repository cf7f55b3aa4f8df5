// RBAC on the served API: a ServiceAccount token limited by a Role to one namespace is refused
// elsewhere with kube's 403, checked with real kubectl (auth can-i, get) and with tkctl's remote
// backend; tokens never show up in output.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { parse } from 'yaml';
import { HAS_KUBECTL, kubectl, sandbox, serve, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
let server: Awaited<ReturnType<typeof serve>>;
let token = '';
let remote: string[] = [];

const FORBIDDEN = 'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:team-a:dev" cannot list resource "pods" in API group "" in the namespace "default"\n';

beforeAll(async () => {
  sb = sandbox();
  expect((await tkctl(sb, ['cluster', 'create', 'demo'])).code).toBe(0);
  server = await serve(sb, 'demo');
  const kc = parse(readFileSync(sb.kubeconfig, 'utf8'));
  const ca = join(sb.dir, 'ca.crt');
  writeFileSync(ca, Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64'));
  for (const args of [
    ['create', 'namespace', 'team-a'],
    ['-n', 'team-a', 'create', '-f', '-'],
  ]) {
    const input = `apiVersion: v1
kind: ServiceAccount
metadata: {name: dev}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: dev-reads-pods}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
subjects:
- {kind: ServiceAccount, name: dev, namespace: team-a}
`;
    const r = await tkctl(sb, args, input);
    expect(r.stderr).toBe('');
  }
  // The TokenRequest API on the served cluster, called as the admin.
  const admin = kc.users[0].user.token as string;
  const requested = await post(new URL(kc.clusters[0].cluster.server), '/api/v1/namespaces/team-a/serviceaccounts/dev/token', admin, readFileSync(ca, 'utf8'),
    { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', spec: {} });
  expect(requested.status).toBe(201);
  token = JSON.parse(requested.body).status.token;
  expect(token).not.toBe('');
  remote = [`--server=${kc.clusters[0].cluster.server}`, `--token=${token}`, `--certificate-authority=${ca}`];
  if (HAS_KUBECTL) {
    expect((await kubectl(sb, ['config', 'set-credentials', 'dev', `--token=${token}`])).code).toBe(0);
    expect((await kubectl(sb, ['config', 'set-context', 'dev', `--cluster=${kc.clusters[0].name}`, '--user=dev'])).code).toBe(0);
  }
}, 60_000);
function post(server: URL, path: string, bearer: string, ca: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: server.hostname, port: server.port, path, method: 'POST', ca, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

afterAll(async () => {
  await server?.stop();
  sb.cleanup();
});

describe('a ServiceAccount bound to a Role in team-a', () => {
  it.skipIf(!HAS_KUBECTL)('is refused in default and allowed in team-a, with real kubectl', async () => {
    const denied = await kubectl(sb, ['--context', 'dev', 'get', 'pods', '-n', 'default']);
    expect(denied).toMatchObject({ code: 1, stdout: '', stderr: FORBIDDEN });
    const allowed = await kubectl(sb, ['--context', 'dev', 'get', 'pods', '-n', 'team-a']);
    expect(allowed).toMatchObject({ code: 0, stderr: 'No resources found in team-a namespace.\n' });
    expect(await kubectl(sb, ['--context', 'dev', 'auth', 'can-i', 'list', 'pods', '-n', 'team-a'])).toMatchObject({ code: 0, stdout: 'yes\n' });
    expect(await kubectl(sb, ['--context', 'dev', 'auth', 'can-i', 'list', 'pods', '-n', 'default'])).toMatchObject({ code: 1, stdout: 'no\n' });
    expect(await kubectl(sb, ['--context', 'dev', 'auth', 'can-i', 'delete', 'pods', '-n', 'team-a'])).toMatchObject({ code: 1, stdout: 'no\n' });
    const whoami = await kubectl(sb, ['--context', 'dev', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
    expect(whoami.stdout).toBe('system:serviceaccount:team-a:dev');
    // kubectl's own way to get a token works too.
    const created = await kubectl(sb, ['-n', 'team-a', 'create', 'token', 'dev', '--duration=20m']);
    expect(created.code).toBe(0);
    const withIt = await kubectl(sb, ['--context', 'dev', `--token=${created.stdout.trim()}`, 'auth', 'can-i', 'get', 'pods', '-n', 'team-a']);
    expect(withIt).toMatchObject({ code: 0, stdout: 'yes\n' });
  });

  it('is refused in default and allowed in team-a, with tkctl\'s remote backend', async () => {
    const denied = await tkctl(sb, [...remote, 'get', 'pods', '-n', 'default']);
    expect(denied).toMatchObject({ code: 1, stdout: '', stderr: FORBIDDEN });
    const allowed = await tkctl(sb, [...remote, 'get', 'pods', '-n', 'team-a']);
    expect(allowed).toMatchObject({ code: 0, stderr: 'No resources found in team-a namespace.\n' });
    expect(await tkctl(sb, [...remote, 'auth', 'can-i', 'list', 'pods', '-n', 'team-a'])).toMatchObject({ code: 0, stdout: 'yes\n' });
    expect(await tkctl(sb, [...remote, 'auth', 'can-i', 'list', 'pods', '-n', 'default'])).toMatchObject({ code: 1, stdout: 'no\n' });
    expect(await tkctl(sb, [...remote, 'auth', 'can-i', 'get', '/healthz'])).toMatchObject({ code: 0, stdout: 'yes\n' });
  });

  it.skipIf(!HAS_KUBECTL)('lists the same rules with tkctl and kubectl', async () => {
    const theirs = await kubectl(sb, ['--context', 'dev', 'auth', 'can-i', '--list', '-n', 'team-a']);
    const ours = await tkctl(sb, [...remote, 'auth', 'can-i', '--list', '-n', 'team-a']);
    expect(ours).toEqual(theirs);
    expect(ours.stdout).toContain('pods                                            []                  []               [get list]\n');
  });

  it('never prints the token, not even in --v=9 traces', async () => {
    const traced = await tkctl(sb, [...remote, 'get', 'pods', '-n', 'default', '--v=9']);
    expect(traced.stderr).toContain('Authorization: Bearer <masked>');
    expect(traced.stdout + traced.stderr).not.toContain(token.split('.')[1]);
  });

  it('stops authenticating once the ServiceAccount is deleted', async () => {
    expect((await tkctl(sb, ['-n', 'team-a', 'delete', 'serviceaccount', 'dev'])).code).toBe(0);
    const r = await tkctl(sb, [...remote, 'get', 'pods', '-n', 'team-a']);
    expect(r).toMatchObject({ code: 1, stderr: 'error: You must be logged in to the server (Unauthorized)\n' });
  });
});
