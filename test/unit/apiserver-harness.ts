// Shared set-up for the embedded API server's conformance tests: a real Store in a temp dir, an
// injected clock, and small request helpers that speak ApiServer.handle's plain objects.
import { afterEach, beforeEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/backends/embedded/store/store.js';
import { ApiServer } from '../../src/backends/embedded/apiserver/server.js';
import { bootstrap } from '../../src/backends/embedded/apiserver/bootstrap.js';
import type { HttpMethod } from '../../src/backends/transport.js';

export const START = new Date('2025-03-04T05:06:07Z');

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: any;
}

export interface Harness {
  store: Store;
  server: ApiServer;
  /** The injected clock reads this. */
  now: Date;
  call(method: HttpMethod, path: string, opts?: { query?: Record<string, string>; body?: unknown; headers?: Record<string, string> }): Promise<Reply>;
  get(path: string, query?: Record<string, string>, headers?: Record<string, string>): Promise<Reply>;
  post(path: string, body: unknown, query?: Record<string, string>): Promise<Reply>;
  put(path: string, body: unknown, query?: Record<string, string>): Promise<Reply>;
  patch(path: string, contentType: string, body: unknown, query?: Record<string, string>): Promise<Reply>;
  del(path: string, query?: Record<string, string>, body?: unknown): Promise<Reply>;
  /** POST that must succeed; returns the created object. */
  create(path: string, body: unknown): Promise<any>;
}

/** Registers before/after hooks and returns a harness whose fields are fresh for every test. */
export function useApiServer(): Harness {
  let dir = '';
  const h = { now: START } as Harness;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tkctl-apiserver-'));
    h.now = START;
    h.store = new Store(join(dir, 'state.db'));
    h.server = new ApiServer(h.store, () => h.now);
    bootstrap(h.server);
  });
  afterEach(() => {
    h.store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  h.call = async (method, path, opts = {}) => {
    const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const res = await h.server.handle({ method, path, query: opts.query, headers: opts.headers, body });
    if (res.stream) throw new Error(`${method} ${path} answered a stream`);
    const text = res.body ?? '';
    return { status: res.status, headers: res.headers, body: /json/.test(res.headers['content-type'] ?? '') && text ? JSON.parse(text) : text };
  };
  h.get = (path, query, headers) => h.call('GET', path, { query, headers });
  h.post = (path, body, query) => h.call('POST', path, { body, query });
  h.put = (path, body, query) => h.call('PUT', path, { body, query });
  h.patch = (path, contentType, body, query) => h.call('PATCH', path, { body, query, headers: { 'content-type': contentType } });
  h.del = (path, query, body) => h.call('DELETE', path, { query, body });
  h.create = async (path, body) => {
    const res = await h.post(path, body);
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return h;
}

/** metav1.Status as kube-apiserver answers an error. */
export function failure(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason, message, code };
}

export const NS = '/api/v1/namespaces';
export const PODS = '/api/v1/namespaces/default/pods';
export const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
export const SERVICES = '/api/v1/namespaces/default/services';
export const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

export function pod(name: string, extra: { labels?: Record<string, string>; nodeName?: string; containers?: unknown[] } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}) },
    spec: { ...(extra.nodeName ? { nodeName: extra.nodeName } : {}), containers: extra.containers ?? [{ name: 'app', image: 'nginx' }] },
  };
}

export function deployment(name: string, replicas = 1) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
    },
  };
}

export function configMap(name: string, labels?: Record<string, string>, data: Record<string, string> = { k: 'v' }) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data };
}

/** Reads watch events off a stream, one JSON document per chunk, failing after `ms` without one. */
export function eventReader(stream: AsyncIterable<string> & { close(): void }) {
  const it = stream[Symbol.asyncIterator]();
  return {
    async next(ms = 2000): Promise<{ type: string; object: any }> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no watch event within ${ms}ms`)), ms);
      });
      try {
        const r = await Promise.race([it.next(), timeout]);
        if (r.done) throw new Error('watch ended');
        return JSON.parse(r.value);
      } finally {
        clearTimeout(timer);
      }
    },
    async take(n: number, ms = 2000) {
      const events = [];
      for (let i = 0; i < n; i++) events.push(await this.next(ms));
      return events;
    },
    close: () => stream.close(),
  };
}
