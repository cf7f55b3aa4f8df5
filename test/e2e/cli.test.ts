// The CLI as a user runs it, on the embedded default cluster.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, sandbox, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
beforeAll(() => {
  sb = sandbox();
});
afterAll(() => sb.cleanup());

const lines = (s: string) => s.trimEnd().split('\n');

describe('tkctl on the embedded default cluster', () => {
  it('creates the default cluster on first use, says so once on stderr, and writes a 0600 kubeconfig', async () => {
    const first = await tkctl(sb, ['get', 'pods']);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toBe(`Created the embedded cluster "default" and the context "tkctl-default" in ${sb.kubeconfig}\nNo resources found in default namespace.\n`);
    expect(statSync(sb.kubeconfig).mode & 0o777).toBe(0o600);
    const second = await tkctl(sb, ['get', 'pods']);
    expect(second.stderr).toBe('No resources found in default namespace.\n');
  });

  it('starts with the system namespaces and the kubernetes service', async () => {
    const ns = await tkctl(sb, ['get', 'namespaces', '-o', 'name']);
    expect(ns.stdout).toBe('namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n');
    const svc = await tkctl(sb, ['get', 'svc']);
    expect(lines(svc.stdout)[0]).toBe('NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE');
    expect(lines(svc.stdout)[1]).toMatch(/^kubernetes {3}ClusterIP {3}10\.96\.0\.1 {4}<none> {8}443\/TCP {3}\d+s$/);
  });

  it('applies the fixtures directory in file order, then finds every object unchanged', async () => {
    const first = await tkctl(sb, ['apply', '-f', FIXTURES]);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe([
      'namespace/backend-team created',
      'deployment.apps/nginx-deployment created',
      'service/hostname-service created',
      'deployment.apps/nginx-deployment created',
      'pod/nginx created',
      'service/nginx-service created',
      '',
    ].join('\n'));
    const again = await tkctl(sb, ['apply', '-f', FIXTURES]);
    expect(again.stdout.split('\n').filter(Boolean).every((l) => l.endsWith(' unchanged'))).toBe(true);
  });

  it('prints tables, wide tables and several types as kubectl does', async () => {
    // The embedded control plane has run: the pods are scheduled, started and ready.
    const pod = await tkctl(sb, ['get', 'pod', 'nginx']);
    expect(lines(pod.stdout)).toEqual([
      'NAME    READY   STATUS    RESTARTS   AGE',
      expect.stringMatching(/^nginx   1\/1     Running   0          \d+s$/),
    ]);
    const pods = await tkctl(sb, ['get', 'pods', '-l', 'app=nginx', '--no-headers']);
    expect(lines(pods.stdout).map((l) => l.split(/\s+/).slice(1, 3).join(' '))).toEqual(['1/1 Running', '1/1 Running', '1/1 Running']);
    const wide = await tkctl(sb, ['get', 'deploy', '-o', 'wide']);
    expect(lines(wide.stdout)[0]).toBe('NAME               READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES         SELECTOR');
    expect(lines(wide.stdout)[1]).toMatch(/^nginx-deployment   3\/3     3            3           \d+s\s+nginx        nginx:latest   app=nginx$/);
    const all = await tkctl(sb, ['get', 'deploy,svc', '-n', 'backend-team']);
    // Several types: names carry their kind, and no service exists in that namespace.
    expect(lines(all.stdout)).toEqual([
      'NAME                               READY   UP-TO-DATE   AVAILABLE   AGE',
      expect.stringMatching(/^deployment\.apps\/nginx-deployment   3\/3     3            3           \d+s$/),
    ]);
    const everywhere = await tkctl(sb, ['get', 'deployments', '-A', '--no-headers']);
    expect(lines(everywhere.stdout).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'backend-team nginx-deployment', 'default nginx-deployment',
    ]);
  });

  it('prints objects as yaml, json and names', async () => {
    const yaml = await tkctl(sb, ['get', 'pod', 'nginx', '-o', 'yaml']);
    expect(yaml.stdout).toMatch(/^apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    kubectl.kubernetes.io\/last-applied-configuration: \|\n/);
    expect(yaml.stdout).toContain('  - image: nginx\n    imagePullPolicy: Always\n    name: nginx\n');
    const json = JSON.parse((await tkctl(sb, ['get', 'pods', '-o', 'json'])).stdout);
    expect(json).toMatchObject({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } });
    expect(json.items.map((p: any) => p.metadata.name)).toContain('nginx');
    expect(json.items).toHaveLength(4);
    const names = await tkctl(sb, ['get', 'deploy/nginx-deployment', 'svc/nginx-service', '-o', 'name']);
    expect(names.stdout).toBe('deployment.apps/nginx-deployment\nservice/nginx-service\n');
  });

  it('selects by label with equality and set-based syntax', async () => {
    await tkctl(sb, ['apply', '-f', '-'], [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {env: staging, tier: web}}',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, labels: {env: prod, tier: db}}',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: {env: prod}}',
    ].join('\n---\n'));
    const names = async (sel: string) => (await tkctl(sb, ['get', 'cm', '-l', sel, '-o', 'name'])).stdout.trim().split('\n').filter(Boolean);
    expect(await names('env=prod')).toEqual(['configmap/b', 'configmap/c']);
    expect(await names('env in (staging)')).toEqual(['configmap/a']);
    // notin also selects objects without the key.
    expect(await names('tier notin (web,x)')).toEqual(['configmap/b', 'configmap/c', 'configmap/kube-root-ca.crt']);
    expect(await names('tier')).toEqual(['configmap/a', 'configmap/b']);
    // kube-root-ca.crt, which every namespace gets, has no tier label either.
    expect(await names('!tier')).toEqual(['configmap/c', 'configmap/kube-root-ca.crt']);
    const bad = await tkctl(sb, ['get', 'cm', '-l', 'env in staging']);
    expect(bad.code).toBe(1);
    // Real kubectl's words for the same request.
    expect(bad.stderr).toBe('Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector "env in staging", field selector "": unable to parse requirement: found \'staging\' expected: \'(\'\n');
  });

  it('deletes by TYPE NAME, TYPE/NAME, file and selector', async () => {
    expect((await tkctl(sb, ['delete', 'cm', 'a'])).stdout).toBe('configmap "a" deleted\n');
    expect((await tkctl(sb, ['delete', 'configmap/b'])).stdout).toBe('configmap "b" deleted\n');
    expect((await tkctl(sb, ['delete', 'cm', '-l', 'env=prod'])).stdout).toBe('configmap "c" deleted\n');
    expect((await tkctl(sb, ['delete', '-f', join(FIXTURES, 'nginx-pod.yaml')])).stdout).toBe('pod "nginx" deleted\n');
    const gone = await tkctl(sb, ['get', 'pod', 'nginx']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe('Error from server (NotFound): pods "nginx" not found\n');
    const again = await tkctl(sb, ['delete', 'pod', 'nginx']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('Error from server (NotFound): pods "nginx" not found\n');
  });

  it('creates from a file and refuses a duplicate with the server\'s words', async () => {
    const pod = join(FIXTURES, 'nginx-pod.yaml');
    expect((await tkctl(sb, ['create', '-f', pod])).stdout).toBe('pod/nginx created\n');
    const dup = await tkctl(sb, ['create', '-f', pod]);
    expect(dup.code).toBe(1);
    expect(dup.stdout).toBe('');
    expect(dup.stderr).toBe(`Error from server (AlreadyExists): error when creating "${pod}": pods "nginx" already exists\n`);
  });

  it('answers version --client without a server', async () => {
    const v = await tkctl(sb, ['version', '--client']);
    expect(v.stdout).toMatch(/^Client Version: v1\.\d+\.\d+\S*\n$/);
    const both = await tkctl(sb, ['version']);
    expect(both.stdout).toMatch(/^Client Version: .+\nServer Version: v1\.36\.0\S*\n$/);
  });
});

describe('bad input: one clear line, a non-zero exit, nothing written', () => {
  const before = async () => (await tkctl(sb, ['get', 'pods,deploy,svc,cm', '-A', '-o', 'name'])).stdout;

  const cases: Array<[string, string[], string | undefined, RegExp]> = [
    ['malformed YAML', ['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [', /^error: error parsing STDIN: error converting YAML to JSON: yaml: line \d+: .+\n$/],
    ['tab-indented YAML from the seeds', ['apply', '-f', join(FIXTURES, 'invalid/pod-tab-indented.yaml')], undefined, /^error: error parsing .*pod-tab-indented\.yaml: error converting YAML to JSON: yaml: line \d+: .+\n$/],
    ['a document without kind', ['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: v1\nmetadata:\n  name: x\n', /^error: unable to decode "STDIN": Object 'Kind' is missing in '.*'\n$/],
    ['an unknown kind', ['create', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: Pdo\nmetadata:\n  name: x\n', /^error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Pdo" in version "v1"\nensure CRDs are installed first\n$/],
    ['a missing namespace', ['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: nope}\n', /^Error from server \(NotFound\): error when creating "STDIN": namespaces "nope" not found\n$/],
    ['the seeds\' containerPorts typo', ['create', '-f', join(FIXTURES, 'invalid/pod-containerPorts.yaml')], undefined, /^Error from server \(BadRequest\): error when creating ".*pod-containerPorts\.yaml": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec\.containers\[0\]\.ports\[0\]\.containerPorts"\n$/],
    ['an unknown resource type', ['get', 'podz'], undefined, /^error: the server doesn't have a resource type "podz"\n$/],
    ['an unknown flag', ['get', 'pods', '--bogus'], undefined, /^Error: unknown flag: --bogus\nSee 'tkctl get --help' for usage.\n$/],
    ['an invalid name', ['create', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n', /^The ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/],
  ];

  for (const [what, args, input, expected] of cases) {
    it(what, async () => {
      const state = await before();
      const r = await tkctl(sb, args, input);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(await before()).toBe(state);
    });
  }
});
