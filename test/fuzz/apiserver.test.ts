// Hostile request bodies, paths and queries to the embedded API server (ApiServer.handle, as both
// the in-process transport and `cluster serve` call it): every case gets an HTTP answer with a
// Status below 500, quickly; nothing escapes as an exception.
import { describe, it, expect } from 'vitest';
import { useApiServer } from '../unit/apiserver-harness.js';
import type { HttpMethod } from '../../src/backends/transport.js';
import { cases, int, mutateValue, pick, seededRng } from './generator.js';

const SEED = Number(process.env.FUZZ_SEED ?? 7);
const COUNT = Number(process.env.FUZZ_CASES ?? 600);
const LIMIT_MS = 2000;

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] } };
const deployment = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
};
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { k: 'v' } };

interface Target { method: HttpMethod; path: string; contentType: string; seeds: string[] }
const TARGETS: Target[] = [
  { method: 'POST', path: '/api/v1/namespaces/default/pods', contentType: 'application/json', seeds: [JSON.stringify(pod)] },
  { method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments', contentType: 'application/json', seeds: [JSON.stringify(deployment)] },
  { method: 'PUT', path: '/api/v1/namespaces/default/configmaps/cm', contentType: 'application/json', seeds: [JSON.stringify(configMap)] },
  { method: 'PATCH', path: '/api/v1/namespaces/default/pods/web', contentType: 'application/strategic-merge-patch+json', seeds: ['{"metadata":{"labels":{"x":"y"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}'] },
  { method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/cm', contentType: 'application/merge-patch+json', seeds: ['{"data":{"k":null,"n":"1"}}'] },
  { method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/cm', contentType: 'application/json-patch+json', seeds: ['[{"op":"add","path":"/data/x","value":"1"},{"op":"remove","path":"/data/k"}]'] },
  { method: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/d', contentType: 'application/apply-patch+yaml', seeds: ['apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 3\n'] },
  { method: 'POST', path: '/api/v1/namespaces/default/configmaps', contentType: 'application/yaml', seeds: ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\ndata: {a: b}\n'] },
];

describe('API request bodies, paths and queries', () => {
  const h = useApiServer();

  /** Every answer: an HTTP status below 500, and a Status object for an error. */
  async function expectAnswer(method: HttpMethod, path: string, query: Record<string, string>, headers: Record<string, string>, body: string | undefined): Promise<string[]> {
    const started = performance.now();
    const res = await h.server.handle({ method, path, query, headers, body });
    const ms = performance.now() - started;
    const problems: string[] = [];
    const where = `${method} ${path} ${JSON.stringify(query)} ${JSON.stringify(body ?? '').slice(0, 160)}`;
    res.stream?.close();
    if (ms > LIMIT_MS) problems.push(`${where}: took ${ms.toFixed(0)} ms`);
    // An exception the server did not turn into a Status of its own; kube's own 500s (a strategic
    // merge patch without its merge key) keep their message.
    if (res.status >= 500 && JSON.parse(res.body ?? '{}').message?.startsWith('Internal error occurred:')) problems.push(`${where}: ${res.status} ${res.body?.slice(0, 200)}`);
    if (res.status >= 400 && JSON.parse(res.body ?? '{}').kind !== 'Status') problems.push(`${where}: no Status`);
    return problems;
  }

  async function seedObjects(): Promise<void> {
    await h.create('/api/v1/namespaces/default/pods', pod);
    await h.create('/apis/apps/v1/namespaces/default/deployments', deployment);
    await h.create('/api/v1/namespaces/default/configmaps', configMap);
  }

  it('mutated bodies for create, update and every patch type', async () => {
    await seedObjects();
    const problems: string[] = [];
    let tried = 0;
    for (const [i, t] of TARGETS.entries()) {
      for (const body of cases(SEED + i, Math.ceil(COUNT / TARGETS.length), t.seeds)) {
        tried++;
        const query: Record<string, string> = t.contentType.includes('apply') ? { fieldManager: 'fuzz' } : {};
        problems.push(...await expectAnswer(t.method, t.path, query, { 'content-type': t.contentType }, body));
      }
    }
    expect(tried).toBeGreaterThanOrEqual(COUNT);
    expect(problems).toEqual([]);
  });

  it('bodies with a value of the wrong type somewhere', async () => {
    await seedObjects();
    const rng = seededRng(SEED);
    const problems: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const t = pick(rng, TARGETS.filter((x) => x.contentType.includes('json')));
      let value: unknown = JSON.parse(t.seeds[0]!);
      for (let edits = 1 + int(rng, 3); edits > 0; edits--) value = mutateValue(rng, value);
      problems.push(...await expectAnswer(t.method, t.path, {}, { 'content-type': t.contentType }, JSON.stringify(value)));
    }
    expect(problems).toEqual([]);
  });

  it('mutated paths and queries (selectors, limits, watches)', async () => {
    await seedObjects();
    const rng = seededRng(SEED);
    const paths = ['/api/v1/namespaces/default/pods', '/api/v1/pods', '/apis/apps/v1/namespaces/default/deployments/d/scale', '/api/v1/namespaces/default/pods/web/log', '/apis/apps/v1', '/api/v1/nodes'];
    const labelSelectors = [...cases(SEED, COUNT, ['app=web,tier!=db', 'x in (a,b),!y', 'a.b/c notin (x)'])];
    const fieldSelectors = [...cases(SEED + 1, COUNT, ['metadata.name=web,status.phase!=Running', 'spec.nodeName==n1'])];
    const mutatedPaths = [...cases(SEED + 2, COUNT, paths)];
    const problems: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const query: Record<string, string> = {};
      if (rng() < 0.5) query.labelSelector = labelSelectors[i]!;
      if (rng() < 0.5) query.fieldSelector = fieldSelectors[i]!;
      if (rng() < 0.2) query.limit = pick(rng, ['-1', '0', '1', 'abc', '99999999999999999999']);
      if (rng() < 0.2) query.continue = pick(rng, ['%%%', 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ', '']);
      if (rng() < 0.1) query.watch = 'true';
      if (rng() < 0.1) query.resourceVersion = pick(rng, ['abc', '-1', '0', '999999999']);
      const path = rng() < 0.5 ? mutatedPaths[i]! : pick(rng, paths);
      const method = pick(rng, ['GET', 'GET', 'DELETE'] as const);
      problems.push(...await expectAnswer(method, path, query, { accept: int(rng, 2) ? 'application/json;as=Table;v=v1;g=meta.k8s.io' : 'application/json' }, undefined));
    }
    expect(problems).toEqual([]);
  });

  it('refuses bodies nested past the decoder\'s depth with a 400', async () => {
    const deep = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const res = await h.post('/api/v1/namespaces/default/configmaps', deep);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("the object provided is unrecognized (invalid character '[' exceeded max depth)");
    // Brackets inside strings are text, not nesting.
    const inString = await h.post('/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'text' }, data: { k: '['.repeat(5000) } });
    expect(inString.status).toBe(201);
  });

  it('refuses a NUL in a name with kube\'s validation message', async () => {
    const res = await h.post('/api/v1/namespaces/default/configmaps', { ...configMap, metadata: { name: 'a\u0000b' } });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'ConfigMap "a\u0000b" is invalid: metadata.name: Invalid value: "a\\x00b": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    );
  });

  it('refuses metadata that is not an object with the decoder\'s message', async () => {
    const res = await h.post('/api/v1/namespaces/default/configmaps', { ...configMap, metadata: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.metadata of type v1.ObjectMeta');
  });

  it('refuses billion-laughs YAML in an apply patch without expanding it', async () => {
    const laughs = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol}', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`)].join('\n');
    const res = await h.call('PATCH', '/api/v1/namespaces/default/configmaps/lol', { body: laughs, query: { fieldManager: 'x' }, headers: { 'content-type': 'application/apply-patch+yaml' } });
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('BadRequest');
  });
});
