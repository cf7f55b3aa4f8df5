import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, existsSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscoveryCache, DISCOVERY_TTL_MS, discoveryCacheRoot, isUnknownTypeStatus, serverCacheDir } from '../../src/client/discovery-cache.js';
import { KubeClient } from '../../src/client/client.js';
import type { ResourceInfo } from '../../src/client/discovery.js';
import type { ApiRequest, Transport } from '../../src/backends/transport.js';

const pods: ResourceInfo = {
  group: '', version: 'v1', kind: 'Pod', plural: 'pods', singular: 'pod', namespaced: true,
  shortNames: ['po'], categories: ['all'], verbs: ['get', 'list'],
};
const hpaV2: ResourceInfo = {
  group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler', namespaced: true, shortNames: ['hpa'], categories: ['all'], verbs: ['get'],
};
const hpaV1: ResourceInfo = { ...hpaV2, version: 'v1' };
const nodes: ResourceInfo = { ...pods, kind: 'Node', plural: 'nodes', singular: 'node', namespaced: false, shortNames: [], categories: [] };

let dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'discovery-cache-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('where the cache lives', () => {
  it('follows kubectl\'s per-server directory names', () => {
    expect(serverCacheDir('/c', 'https://127.0.0.1:38763')).toBe('/c/127.0.0.1_38763');
    expect(serverCacheDir('/c', 'https://my-cluster.example.com:443/k8s/clusters/c-1')).toBe('/c/my_cluster.example.com_443/k8s/clusters/c_1');
  });

  it('is tkctl\'s own, never kubectl\'s ~/.kube/cache', () => {
    expect(discoveryCacheRoot({ TKCTL_HOME: '/t' })).toBe('/t/cache/discovery');
    expect(discoveryCacheRoot({ HOME: '/h' })).toBe('/h/.tkctl/cache/discovery');
  });
});

describe('DiscoveryCache', () => {
  it('writes kubectl\'s files and reads back the resources in discovery order', () => {
    const dir = join(tmp(), '127.0.0.1_6443');
    const cache = new DiscoveryCache(dir);
    cache.write([pods, nodes, hpaV2, hpaV1]);
    expect(JSON.parse(readFileSync(join(dir, 'servergroups.json'), 'utf8'))).toEqual({
      kind: 'APIGroupList', apiVersion: 'v1', groups: [
        { name: '', versions: [{ groupVersion: 'v1', version: 'v1' }], preferredVersion: { groupVersion: 'v1', version: 'v1' } },
        {
          name: 'autoscaling',
          versions: [{ groupVersion: 'autoscaling/v2', version: 'v2' }, { groupVersion: 'autoscaling/v1', version: 'v1' }],
          preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' },
        },
      ],
    });
    expect(JSON.parse(readFileSync(join(dir, 'v1', 'serverresources.json'), 'utf8')).resources[0]).toEqual({
      name: 'pods', singularName: 'pod', namespaced: true, version: 'v1', kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'], categories: ['all'],
    });
    expect(existsSync(join(dir, 'autoscaling', 'v1', 'serverresources.json'))).toBe(true);
    expect(cache.read()).toEqual([pods, nodes, hpaV2, hpaV1]);
  });

  it('trusts files for six hours, then not', () => {
    const dir = join(tmp(), 's');
    let now = Date.now();
    const cache = new DiscoveryCache(dir, () => now);
    cache.write([pods]);
    now += DISCOVERY_TTL_MS - 60_000;
    expect(cache.read()).toEqual([pods]);
    now += 120_000;
    expect(cache.read()).toBeUndefined();
  });

  it('misses when one group version file is stale or gone', () => {
    const dir = join(tmp(), 's');
    const cache = new DiscoveryCache(dir);
    cache.write([pods, hpaV2]);
    const old = (Date.now() - DISCOVERY_TTL_MS - 1000) / 1000;
    utimesSync(join(dir, 'autoscaling', 'v2', 'serverresources.json'), old, old);
    expect(cache.read()).toBeUndefined();
    cache.write([pods, hpaV2]);
    rmSync(join(dir, 'v1'), { recursive: true });
    expect(cache.read()).toBeUndefined();
  });

  it('tells a type the server no longer serves from an object that does not exist', () => {
    const gone = '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}';
    const missing = '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \\"x\\" not found","reason":"NotFound","details":{"name":"x","kind":"configmaps"},"code":404}';
    expect(isUnknownTypeStatus(404, gone)).toBe(true);
    expect(isUnknownTypeStatus(404, '404 page not found')).toBe(true);
    expect(isUnknownTypeStatus(404, missing)).toBe(false);
    expect(isUnknownTypeStatus(200, gone)).toBe(false);
  });
});

describe('KubeClient with a discovery cache', () => {
  const aggregated = (items: unknown[]) => JSON.stringify({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', items });
  const server = (seen: ApiRequest[]): Transport => ({
    server: 'https://127.0.0.1:6443',
    async request(req) {
      seen.push(req);
      const discovery = { 'content-type': 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' };
      if (req.path === '/api') {
        return { status: 200, headers: discovery, body: aggregated([{ metadata: {}, versions: [{ version: 'v1', resources: [
          { resource: 'pods', responseKind: { kind: 'Pod' }, scope: 'Namespaced', singularResource: 'pod', verbs: ['get', 'list'], shortNames: ['po'], categories: ['all'] },
        ] }] }]) };
      }
      if (req.path === '/apis') return { status: 200, headers: discovery, body: aggregated([]) };
      return { status: 404, headers: {}, body: '{"kind":"Status","status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","code":404}' };
    },
    async stream() { throw new Error('unused'); },
    async channel() { throw new Error('unused'); },
    async close() {},
  });

  it('asks the server once across commands, and again after a 404 for a type', async () => {
    const dir = join(tmp(), '127.0.0.1_6443');
    const seen: ApiRequest[] = [];
    const first = new KubeClient(server(seen), 'default', new DiscoveryCache(dir));
    expect((await first.discover()).map((r) => r.plural)).toEqual(['pods']);
    expect(seen.map((r) => r.path + '?' + new URLSearchParams(r.query).toString())).toEqual(['/api?timeout=32s', '/apis?timeout=32s']);

    const second = new KubeClient(server(seen), 'default', new DiscoveryCache(dir));
    expect(await second.discover()).toEqual([pods]);
    expect(seen).toHaveLength(2);

    await expect(second.request('GET', '/apis/example.com/v1/widgets')).rejects.toThrow();
    expect(existsSync(dir)).toBe(false);
    await new KubeClient(server(seen), 'default', new DiscoveryCache(dir)).discover();
    expect(seen.map((r) => r.path).slice(3)).toEqual(['/api', '/apis']);
  });
});
