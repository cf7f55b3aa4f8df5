// RBAC on the served API: a ServiceAccount token limited by a Role to one namespace is refused
// elsewhere with kube's 403, checked with real kubectl (auth can-i, get) and with tkctl's remote
// backend; tokens never show up in output.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { request } from 'node:https';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BIN, HAS_KUBECTL, kubectl, sandbox, serve, tkctl, type Sandbox } from './harness.js';

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

describe('privilege escalation, refused as kube refuses it', () => {
  let lead: string[] = [];
  const MISSING = (kind: string, name: string, rules: string) =>
    `${kind}.rbac.authorization.k8s.io "${name}" is forbidden: user "system:serviceaccount:team-a:lead" (groups=["system:serviceaccounts" "system:serviceaccounts:team-a" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n${rules}`;

  beforeAll(async () => {
    // lead may read pods and write Roles and RoleBindings in team-a: nothing more.
    const r = await tkctl(sb, ['-n', 'team-a', 'create', '-f', '-'], `apiVersion: v1
kind: ServiceAccount
metadata: {name: lead}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: rbac-writer}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get, list]}
- {apiGroups: [rbac.authorization.k8s.io], resources: [roles, rolebindings], verbs: [create, update, patch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: lead-writes-rbac}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: rbac-writer}
subjects:
- {kind: ServiceAccount, name: lead, namespace: team-a}
`);
    expect(r.stderr).toBe('');
    const kc = parse(readFileSync(sb.kubeconfig, 'utf8'));
    const requested = await post(new URL(kc.clusters[0].cluster.server), '/api/v1/namespaces/team-a/serviceaccounts/lead/token', kc.users.find((u: any) => u.name !== 'dev').user.token,
      Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', spec: {} });
    expect(requested.status, requested.body).toBe(201);
    const token = JSON.parse(requested.body).status.token;
    lead = remote.map((flag) => (flag.startsWith('--token=') ? `--token=${token}` : flag));
  }, 60_000);

  const role = (name: string, rules: string) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: ${name}, namespace: team-a}\nrules:\n${rules}`;
  const binding = (name: string, roleKind: string, roleName: string, sa: string) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ${name}, namespace: team-a}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${roleName}}\nsubjects: [{kind: ServiceAccount, name: ${sa}, namespace: team-a}]\n`;
  /** lead creates the objects, with tkctl and (same answer) with kubectl. */
  const asLead = async (manifest: string) => {
    const ours = await tkctl(sb, [...lead, 'create', '-f', '-'], manifest);
    if (HAS_KUBECTL && ours.code !== 0) expect(await kubectl(sb, [...lead, 'create', '-f', '-'], manifest)).toEqual(ours);
    return ours;
  };
  const asAdmin = async (manifest: string) => expect((await tkctl(sb, ['create', '-f', '-'], manifest)).stderr).toBe('');

  it('a Role granting what its writer does not hold is refused; one within its rights is created', async () => {
    const refused = await asLead(role('deleter', '- {apiGroups: [""], resources: [pods, services], verbs: [delete, get, watch]}\n'));
    expect(refused).toEqual({
      code: 1, stdout: '',
      stderr: `Error from server (Forbidden): error when creating "STDIN": ${MISSING('roles', 'deleter', '{APIGroups:[""], Resources:["pods"], Verbs:["delete" "watch"]}\n{APIGroups:[""], Resources:["services"], Verbs:["delete" "get" "watch"]}')}\n`,
    });
    expect(await asLead(role('reader', '- {apiGroups: [""], resources: [pods], verbs: [get]}\n'))).toEqual({ code: 0, stdout: 'role.rbac.authorization.k8s.io/reader created\n', stderr: '' });
  });

  it('a binding to a role whose permissions its writer does not hold is refused, unless it may bind that role', async () => {
    const refused = await asLead(binding('edit-for-lead', 'ClusterRole', 'edit', 'lead'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Error from server (Forbidden): error when creating "STDIN": ${MISSING('rolebindings', 'edit-for-lead', '{APIGroups:[""], Resources:["bindings"], Verbs:["get" "list" "watch"]}\n{APIGroups:[""], Resources:["configmaps"], Verbs:["create" "delete" "deletecollection" "patch" "update" "get" "list" "watch"]}\n')}`);
    // pods: get and list are held, the rest of edit's verbs are not.
    expect(refused.stderr).toContain('\n{APIGroups:[""], Resources:["pods"], Verbs:["create" "delete" "deletecollection" "patch" "update" "watch"]}\n');
    expect(await asLead(binding('ghost', 'Role', 'nonesuch', 'lead'))).toEqual({
      code: 1, stdout: '',
      stderr: 'Error from server (Forbidden): error when creating "STDIN": rolebindings.rbac.authorization.k8s.io "ghost" is forbidden: roles.rbac.authorization.k8s.io "nonesuch" not found\n',
    });
    // Binding a role within its rights needs nothing more.
    expect((await asLead(binding('read', 'Role', 'reader', 'dev'))).code).toBe(0);
    // `bind` on the ClusterRole edit lets it hand edit out without holding it.
    await asAdmin(role('edit-binder', '- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [edit], verbs: [bind]}\n') + '---\n' + binding('lead-binds-edit', 'Role', 'edit-binder', 'lead'));
    expect(await asLead(binding('edit-for-lead', 'ClusterRole', 'edit', 'lead'))).toEqual({ code: 0, stdout: 'rolebinding.rbac.authorization.k8s.io/edit-for-lead created\n', stderr: '' });
  });

  it('`escalate` on roles lets it write a Role beyond its rights', async () => {
    await asAdmin(role('escalator', '- {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate]}\n') + '---\n' + binding('lead-escalates', 'Role', 'escalator', 'lead'));
    expect(await asLead(role('secrets-too', '- {apiGroups: [""], resources: [secrets], verbs: ["*"]}\n'))).toEqual({ code: 0, stdout: 'role.rbac.authorization.k8s.io/secrets-too created\n', stderr: '' });
  });

  it('impersonation (--as, --as-group) needs the impersonate verb on that user and each group', async () => {
    // kubectl's discovery meets the refusal first and words it differently; compared once allowed.
    const ours = (args: string[]) => tkctl(sb, [...lead, ...args]);
    const both = async (args: string[]) => {
      const result = await ours(args);
      if (HAS_KUBECTL) expect(await kubectl(sb, [...lead, ...args])).toEqual(result);
      return result;
    };
    const cannot = (what: string) => `Error from server (Forbidden): ${what} is forbidden: User "system:serviceaccount:team-a:lead" cannot impersonate resource "${what.split(' ')[0]}" in API group "" at the cluster scope\n`;
    expect(await ours(['-n', 'team-a', 'get', 'pods', '--as=bob'])).toEqual({ code: 1, stdout: '', stderr: cannot('users "bob"') });
    await asAdmin(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: impersonate-bob}
rules:
- {apiGroups: [""], resources: [users], resourceNames: [bob], verbs: [impersonate]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: lead-impersonates-bob}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonate-bob}
subjects: [{kind: ServiceAccount, name: lead, namespace: team-a}]
`);
    // Acting as bob, who may do nothing: the refusal names bob, not lead.
    expect(await both(['-n', 'team-a', 'get', 'pods', '--as=bob'])).toEqual({
      code: 1, stdout: '', stderr: 'Error from server (Forbidden): pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "team-a"\n',
    });
    expect(await ours(['-n', 'team-a', 'get', 'pods', '--as=bob', '--as-group=team'])).toEqual({ code: 1, stdout: '', stderr: cannot('groups "team"') });
    expect(await ours(['-n', 'team-a', 'get', 'pods', '--as=alice'])).toEqual({ code: 1, stdout: '', stderr: cannot('users "alice"') });
  });
});

describe('impersonation on exec and port-forward (the upgrade request acts as --as)', () => {
  // ops may read pods in team-a and impersonate carol and erin, nothing more. carol may exec and
  // port-forward into team-a's pods; erin may only read them.
  let ops: string[] = [];
  const TEAM_A = ['-n', 'team-a'];
  const cannot = (user: string, sub: string) =>
    `pods "shell" is forbidden: User "${user}" cannot create resource "pods/${sub}" in API group "" in the namespace "team-a"`;

  beforeAll(async () => {
    const r = await tkctl(sb, [...TEAM_A, 'create', '-f', '-'], `apiVersion: v1
kind: Pod
metadata: {name: shell}
spec:
  containers: [{name: shell, image: nginx}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: ops}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-viewer}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-operator}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get, list]}
- {apiGroups: [""], resources: [pods/exec, pods/portforward], verbs: [create]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: viewers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-viewer}
subjects: [{kind: ServiceAccount, name: ops, namespace: team-a}, {kind: User, name: erin}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: operators}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-operator}
subjects: [{kind: User, name: carol}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: impersonate-carol-erin}
rules:
- {apiGroups: [""], resources: [users], resourceNames: [carol, erin], verbs: [impersonate]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ops-impersonates}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonate-carol-erin}
subjects: [{kind: ServiceAccount, name: ops, namespace: team-a}]
`);
    expect(r.stderr).toBe('');
    expect((await tkctl(sb, [...TEAM_A, 'wait', '--for=condition=Ready', 'pod/shell', '--timeout=30s'])).code).toBe(0);
    const kc = parse(readFileSync(sb.kubeconfig, 'utf8'));
    const ca = join(sb.dir, 'ca.crt');
    // The admin: the current context's user (kubectl's set-credentials above added others).
    const admin = kc.users.find((u: { name: string }) => u.name === kc.contexts.find((c: { name: string }) => c.name === kc['current-context']).context.user).user.token;
    const requested = await post(new URL(kc.clusters[0].cluster.server), '/api/v1/namespaces/team-a/serviceaccounts/ops/token', admin, readFileSync(ca, 'utf8'),
      { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', spec: {} });
    expect(requested.status).toBe(201);
    ops = [`--server=${kc.clusters[0].cluster.server}`, `--token=${JSON.parse(requested.body).status.token}`, `--certificate-authority=${ca}`, ...TEAM_A];
  }, 60_000);

  /** The same command through tkctl's remote backend and, where it is installed, kubectl. */
  const both = async (args: string[]) => {
    const ours = await tkctl(sb, [...ops, ...args]);
    if (HAS_KUBECTL) expect(await kubectl(sb, [...ops, ...args])).toEqual(ours);
    return ours;
  };

  it('execs as carol, whom the caller may impersonate and who may exec; the caller alone may not', async () => {
    const exec = (...flags: string[]) => ['exec', 'shell', ...flags, '--', 'printenv', 'HOSTNAME'];
    expect(await both(exec())).toEqual({ code: 1, stdout: '', stderr: `Error from server (Forbidden): ${cannot('system:serviceaccount:team-a:ops', 'exec')}\n` });
    expect(await both(exec('--as=carol'))).toEqual({ code: 0, stdout: 'shell\n', stderr: '' });
    // erin may read the pod but not exec into it: the upgrade itself is refused as erin.
    expect(await both(exec('--as=erin'))).toEqual({ code: 1, stdout: '', stderr: `Error from server (Forbidden): ${cannot('erin', 'exec')}\n` });
    expect(await both(exec('--as=dave'))).toEqual({
      code: 1, stdout: '', stderr: 'Error from server (Forbidden): users "dave" is forbidden: User "system:serviceaccount:team-a:ops" cannot impersonate resource "users" in API group "" at the cluster scope\n',
    });
  });

  it('port-forwards as carol, and refuses erin with kubectl\'s line', async () => {
    expect(await both(['port-forward', 'pod/shell', ':80', '--as=erin'])).toEqual({ code: 1, stdout: '', stderr: `error: error upgrading connection: ${cannot('erin', 'portforward')}\n` });
    const child = spawn(process.execPath, [BIN, ...ops, 'port-forward', 'pod/shell', ':80', '--as=carol'], { env: sb.env });
    let stdout = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const m = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(stdout);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`port-forward exited ${code}`)));
    });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
      expect(status).toBe(200);
    } finally {
      child.kill('SIGINT');
    }
  });

  it('acts as the impersonated user on the embedded backend too', async () => {
    const exec = (as: string) => [...TEAM_A, 'exec', 'shell', as, '--', 'printenv', 'HOSTNAME'];
    expect(await tkctl(sb, exec('--as=carol'))).toEqual({ code: 0, stdout: 'shell\n', stderr: '' });
    expect(await tkctl(sb, exec('--as=erin'))).toEqual({ code: 1, stdout: '', stderr: `Error from server (Forbidden): ${cannot('erin', 'exec')}\n` });
  });
});
