import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getContexts, setContext, deleteContext, renameContext } from '../../src/config-commands/contexts.js';
import { setCluster, setCredentials } from '../../src/config-commands/entries.js';
import { setProperty, unsetProperty } from '../../src/config-commands/property.js';
import { openConfig } from '../../src/config-commands/session.js';
import { minify, viewConfig } from '../../src/config-commands/view.js';
import { cobraBooleans } from '../../src/config-commands/command.js';
import { planModification, serializeKubeconfig, type KubeConfig } from '../../src/kubeconfig/index.js';

const A = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster: {server: "https://prod", certificate-authority-data: aGVsbG8gd29ybGQ=}
contexts:
- name: prod
  context: {cluster: prod, user: admin, namespace: kube-system}
current-context: prod
users:
- name: admin
  user: {token: secret}
`;
const B = `contexts:
- name: other
  context: {cluster: prod, user: admin}
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'config-commands-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function files(contents: Record<string, string>): NodeJS.ProcessEnv {
  for (const [name, text] of Object.entries(contents)) writeFileSync(join(dir, name), text);
  return { KUBECONFIG: Object.keys(contents).map((n) => join(dir, n)).join(':') };
}
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('view', () => {
  it('redacts secrets the way kubectl prints them', () => {
    const out = viewConfig(openConfig(files({ a: A })), {});
    expect(out).toContain('    certificate-authority-data: DATA+OMITTED\n');
    expect(out).toContain('    token: REDACTED\n');
    expect(viewConfig(openConfig(files({ a: A })), { raw: true })).toContain('    token: secret\n');
  });

  it('prints JSON in Go struct order with four-space indentation', () => {
    const out = viewConfig(openConfig(files({ a: A })), { output: 'json', minify: true });
    expect(out.split('\n').slice(0, 5)).toEqual(['{', '    "kind": "Config",', '    "apiVersion": "v1",', '    "preferences": {},', '    "clusters": [']);
  });

  it('minify fails as client-go does', () => {
    const config: KubeConfig = { clusters: [], users: [], contexts: [{ name: 'c', context: { cluster: 'x', user: '' } }] };
    expect(() => minify(config)).toThrow('error: current-context must exist in order to minify');
    expect(() => minify(config, 'nope')).toThrow('error: cannot locate context nope');
    expect(() => minify(config, 'c')).toThrow('error: cannot locate cluster x');
  });
});

describe('get-contexts', () => {
  it('prints the table with the current marker and names sorted', () => {
    const env = files({ a: A, b: B });
    expect(getContexts(openConfig(env), { names: [] }).stdout).toBe(
      'CURRENT   NAME    CLUSTER   AUTHINFO   NAMESPACE\n' +
        '          other   prod      admin      \n' +
        '*         prod    prod      admin      kube-system\n',
    );
    expect(getContexts(openConfig(env), { names: ['nope', 'x'], output: 'name' })).toEqual({
      stdout: '',
      stderr: 'error: [context nope not found, context x not found]\n',
      exitCode: 1,
    });
  });
});

describe('writing back', () => {
  it('set-context writes the context into the file that defines it, keeping its mode', () => {
    const env = files({ a: A, b: B });
    chmodSync(join(dir, 'b'), 0o640);
    expect(setContext(openConfig(env), { args: ['other'], namespace: 'team' }).stdout).toBe('Context "other" modified.\n');
    expect(read('a')).toBe(A);
    expect(read('b')).toBe(`apiVersion: v1
clusters: null
contexts:
- context:
    cluster: prod
    namespace: team
    user: admin
  name: other
current-context: ""
kind: Config
preferences: {}
users: null
`);
    expect(statSync(join(dir, 'b')).mode & 0o777).toBe(0o640);
  });

  it('leaves files alone when nothing changes', () => {
    const env = files({ a: A });
    setContext(openConfig(env), { args: [], current: true, namespace: 'kube-system' });
    expect(read('a')).toBe(A);
  });

  it('puts a new current-context into the file that already sets one', () => {
    const session = openConfig(files({ b: B, a: A }));
    const next = { ...structuredClone(session.starting.config), 'current-context': 'other' };
    const plan = planModification(session.access, session.starting, next, { relativizePaths: true });
    expect([...plan.keys()]).toEqual([join(dir, 'a')]);
  });

  it('rename keeps the context in its file; delete warns about the active context and keeps current-context', () => {
    const env = files({ a: A, b: B });
    expect(renameContext(openConfig(env), ['other', 'renamed']).stdout).toBe('Context "other" renamed to "renamed".\n');
    expect(read('b')).toContain('  name: renamed\n');
    const deleted = deleteContext(openConfig(env), ['prod']);
    expect(deleted).toEqual({
      stdout: `deleted context prod from ${join(dir, 'a')}\n`,
      stderr: 'warning: this removed your active context, use "kubectl config use-context" to select a different one\n',
    });
    expect(read('a')).toContain('current-context: prod\n');
  });

  it('set-cluster stores paths inside the kubeconfig directory relative to it', () => {
    const env = files({ a: A });
    setCluster(openConfig(env), { args: ['prod'], certificateAuthority: join(dir, 'ca.crt') });
    expect(read('a')).toContain('    certificate-authority: ca.crt\n');
    expect(read('a')).not.toContain('certificate-authority-data');
  });

  it('set-credentials: one authentication method replaces the other', () => {
    const env = files({ a: A });
    setCredentials(openConfig(env), { args: ['admin'], username: 'u', password: 'p' });
    expect(read('a')).toContain('- name: admin\n  user:\n    password: p\n    username: u\n');
    expect(() => setCredentials(openConfig(env), { args: ['admin'], token: 'a', username: 'b' })).toThrow(
      'error: you cannot specify more than one authentication method at the same time: --token, --username/--password',
    );
  });
});

describe('set and unset', () => {
  it('finds map keys with dots and decodes base64', () => {
    const env = files({ a: A });
    expect(setProperty(openConfig(env), ['clusters.10.0.0.1.server', 'https://10.0.0.1']).stdout).toBe(
      'Property "clusters.10.0.0.1.server" set.\n',
    );
    setProperty(openConfig(env), ['users.admin.client-key-data', 'Zm9v']);
    expect(read('a')).toContain('- cluster:\n    server: https://10.0.0.1\n  name: 10.0.0.1\n');
    expect(read('a')).toContain('    client-key-data: Zm9v\n');
    expect(() => setProperty(openConfig(env), ['users.admin.client-key-data', 'bad!'])).toThrow(
      'error: error decoding input value: illegal base64 data at input byte 3',
    );
    expect(() => setProperty(openConfig(env), ['foo.bar', 'x'])).toThrow('error: unable to parse foo.bar after [] at api.Config');
  });

  it('unsets fields and entries', () => {
    const env = files({ a: A });
    unsetProperty(openConfig(env), ['contexts.prod.namespace']);
    unsetProperty(openConfig(env), ['users.admin']);
    const config = openConfig(env).starting.config;
    expect(config.contexts[0]!.context).toEqual({ cluster: 'prod', user: 'admin' });
    expect(config.users).toEqual([]);
    expect(() => unsetProperty(openConfig(env), ['clusters.nope.server'])).toThrow('error: current map key `nope` is invalid');
  });
});

describe('encoding', () => {
  it('drops unknown fields and empty optional ones, as client-go does', () => {
    const config = { clusters: [{ name: 'c', cluster: { server: 's', 'proxy-url': '', unknown: 1 } }], users: [], contexts: [] };
    expect(serializeKubeconfig(config as KubeConfig)).toContain('- cluster:\n    server: s\n  name: c\n');
  });

  it("rewrites cobra's --flag=false for oclif", () => {
    expect(cobraBooleans(['--embed-certs=false', '--x=true', '--current=true'], new Set(['embed-certs', 'current']))).toEqual([
      '--no-embed-certs',
      '--x=true',
      '--current',
    ]);
  });
});
