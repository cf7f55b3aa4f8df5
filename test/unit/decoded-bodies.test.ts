// The control plane's in-process client sends bodies as JSON values and gets writes answered in
// kind (Transport.decodedBodies), and its cache copies this process's writes from the writer's
// decoded object (StoreEvent.decoded): both must give exactly what the JSON text gives.
import { describe, expect, it } from 'vitest';
import { useApiServer } from './apiserver-harness.js';
import { inProcessTransport } from '../../src/backends/embedded/in-process-transport.js';
import { KubeClient } from '../../src/client/client.js';
import { StatusError } from '../../src/client/errors.js';
import { Cache } from '../../src/backends/embedded/controllers/cache.js';
import { readAs } from '../../src/backends/embedded/apiserver/conversions.js';
import { withoutManagedFields } from '../../src/backends/embedded/apiserver/managed-fields.js';
import { resourceOf } from '../../src/backends/embedded/controllers/cache.js';
import { deepClone } from '../../src/patch/json-value.js';
import type { StoreEvent } from '../../src/backends/embedded/store/store.js';
import type { HttpMethod } from '../../src/backends/transport.js';

const POD = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web' }, annotations: { note: 'x' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
};

describe('writes with decoded bodies', () => {
  const h = useApiServer();

  /** One request sent with a decoded body: its value and its text must say the same, key for key. */
  async function sameAnswer(method: HttpMethod, path: string, object: unknown, contentType = 'application/json') {
    const res = await h.server.handle({ method, path, headers: { 'content-type': contentType }, object });
    expect(res.status).toBeLessThan(300);
    expect(res.value).toBeDefined();
    expect(JSON.stringify(res.value)).toBe(JSON.stringify(JSON.parse(res.body!)));
    return res.value as any;
  }

  it('answers a create, a status update, a patch and a binding with the value its JSON text decodes to', async () => {
    const created = await sameAnswer('POST', '/api/v1/namespaces/default/pods', POD);
    expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
    const status = { ...created, status: { ...created.status, phase: 'Running', podIP: '10.244.1.5', conditions: undefined } };
    const updated = await sameAnswer('PUT', '/api/v1/namespaces/default/pods/web/status', status);
    expect(updated.status.phase).toBe('Running');
    expect('conditions' in updated.status).toBe(false);
    const patched = await sameAnswer('PATCH', '/api/v1/namespaces/default/pods/web', { metadata: { labels: { tier: 'front' } } }, 'application/merge-patch+json');
    expect(patched.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    await h.server.handle({ method: 'POST', path: '/api/v1/namespaces/default/pods/web/binding', headers: {}, object: { target: { name: 'worker' } } });
    const bound = await h.get('/api/v1/namespaces/default/pods/web');
    expect(bound.body.spec.nodeName).toBe('worker');
    expect(bound.body.status.conditions.find((c: any) => c.type === 'PodScheduled').status).toBe('True');
  });

  it('answers a text body with text only, as before', async () => {
    const res = await h.server.handle({ method: 'POST', path: '/api/v1/namespaces/default/pods', headers: {}, body: JSON.stringify(POD) });
    expect(res.status).toBe(201);
    expect(res.value).toBeUndefined();
  });

  it('leaves the caller its body as it was, and refuses a bad one with the API error', async () => {
    const client = new KubeClient(inProcessTransport(h.server, undefined, undefined, true), 'default');
    const body = deepClone(POD);
    const created = await client.request('POST', '/api/v1/namespaces/default/pods', { body });
    expect(body).toEqual(POD);
    expect(created.metadata.uid).toBeTruthy();
    const again = await client.request('POST', '/api/v1/namespaces/default/pods', { body }).catch((e) => e);
    expect(again).toBeInstanceOf(StatusError);
    expect(again.code).toBe(409);
    expect(again.message).toBe('pods "web" already exists');
  });

  it('takes a handed-off body as its own instead of copying it: the answer is that object, completed', async () => {
    const client = new KubeClient(inProcessTransport(h.server, undefined, undefined, true), 'default');
    const body = deepClone(POD);
    const created = await client.request('POST', '/api/v1/namespaces/default/pods', { body, handOff: true });
    expect(created).toBe(body);
    expect(body.metadata).toHaveProperty('uid');
    const stored = await h.get('/api/v1/namespaces/default/pods/web');
    expect(stored.body.metadata.uid).toBe(created.metadata.uid);
  });

  it('fills the controllers\' cache from the decoded object exactly as from the stored JSON', async () => {
    const cache = new Cache(h.server.registry, ['pods']);
    cache.load();
    const events: StoreEvent[] = [];
    const stop = h.store.subscribe((batch) => events.push(...batch));
    const client = new KubeClient(inProcessTransport(h.server, undefined, undefined, true), 'default');
    const pod = await client.request('POST', '/api/v1/namespaces/default/pods', { body: POD });
    await client.request('PUT', '/api/v1/namespaces/default/pods/web/status', { body: { ...pod, status: { phase: 'Running' } } });
    await new Promise((r) => setImmediate(r));
    stop();
    const own = events.filter((e) => e.decoded);
    expect(own.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
    const r = resourceOf('pods');
    for (const e of own) {
      const fromCopy = cache.apply(e)!.object;
      expect(JSON.stringify(fromCopy)).toBe(JSON.stringify(withoutManagedFields(readAs(r, e.value, e.revision))));
    }
  });
});

describe('deepClone', () => {
  it('copies as a JSON round trip does', () => {
    const value = { a: 1, b: undefined, c: [1, undefined, { d: null, e: undefined }], f: { g: 'x' } };
    const copy = deepClone(value);
    expect(copy).toEqual(JSON.parse(JSON.stringify(value)));
    expect(Object.keys(copy)).toEqual(['a', 'c', 'f']);
    expect(copy.f).not.toBe(value.f);
  });

  it('keeps a "__proto__" key as a member', () => {
    const value = JSON.parse('{"data":{"__proto__":"v"}}');
    const copy = deepClone(value);
    expect(Object.keys(copy.data)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(copy.data)).toBe(Object.prototype);
  });
});
