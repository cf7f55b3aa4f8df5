// A Kubernetes API client over any Transport: JSON requests, metav1.Status errors, discovery.
import type { ApiRequest, HttpMethod, Transport } from '../backends/transport.js';
import { StatusError, statusErrorFrom } from './errors.js';
import { apiVersionOf, resourcesFromAggregated, resourcesFromList, type ResourceInfo } from './discovery.js';
import { isUnknownTypeStatus, type DiscoveryCache } from './discovery-cache.js';

const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const DISCOVERY_QUERY = { timeout: '32s' };
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export interface RequestOptions {
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  /** The body is the request's from now on (built for it, never looked at again): an in-process server need not copy it. */
  handOff?: boolean;
}

export class KubeClient {
  private resources?: Promise<ResourceInfo[]>;

  constructor(
    readonly transport: Transport,
    /** The namespace commands use when -n is not given. */
    readonly namespace: string,
    /** Discovery kept on disk between commands (remote servers only: in-process discovery is free). */
    private readonly discoveryCache?: DiscoveryCache,
  ) {}

  /** Send a request; a non-2xx answer throws StatusError. */
  async request<T = any>(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<T> {
    const req: ApiRequest = { method, path, query: opts.query, headers: { accept: opts.accept ?? 'application/json' } };
    if (opts.body !== undefined) {
      // Objects kubectl encodes with Go's JSON encoder end with a newline; the patches it computes
      // (merge, strategic, JSON patch) are bare bytes. Ours are the same.
      if (this.transport.decodedBodies && typeof opts.body !== 'string') {
        req.object = opts.body;
        if (opts.handOff) req.objectHandedOff = true;
      }
      else req.body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) + (method === 'PATCH' ? '' : '\n');
      req.headers!['content-type'] = opts.contentType ?? 'application/json';
    }
    const res = await this.transport.request(req);
    // A type the cached discovery promised is gone: the next command asks the server again. (The
    // body is read for a 404 only: an in-process answer made as a value writes its text when read.)
    if (res.status === 404 && isUnknownTypeStatus(res.status, res.body)) this.discoveryCache?.invalidate();
    if (res.status < 200 || res.status > 299) throw statusErrorFrom(res.status, res.body);
    if (res.value !== undefined) return res.value as T;
    return (res.body ? JSON.parse(res.body) : undefined) as T;
  }

  /**
   * One named object, fetched as kubectl's resource builder fetches it (Info.Get): not found in a
   * namespace other than default, it asks whether the namespace exists, and a missing namespace
   * is the error reported.
   */
  async getObject<T = any>(resource: ResourceInfo, namespace: string | undefined, name: string, opts: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    try {
      return await this.request<T>('GET', resourcePath(resource, namespace, name), opts);
    } catch (e) {
      if (e instanceof StatusError && e.code === 404 && resource.namespaced && namespace && namespace !== 'default') {
        await this.request('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}`).catch((missing: unknown) => {
          if (missing instanceof StatusError && missing.code === 404) throw missing;
        });
      }
      throw e;
    }
  }

  /** Every resource type the server serves (two requests, once per client). */
  discover(): Promise<ResourceInfo[]> {
    return (this.resources ??= this.cachedResources());
  }

  private async cachedResources(): Promise<ResourceInfo[]> {
    const cached = this.discoveryCache?.read();
    if (cached) return cached;
    const fresh = await this.fetchResources();
    this.discoveryCache?.write(fresh);
    return fresh;
  }

  /** Discovery asked afresh, the cache replaced (kubectl api-resources without --cached). */
  async rediscover(): Promise<ResourceInfo[]> {
    this.resources = this.fetchResources();
    const fresh = await this.resources;
    this.discoveryCache?.write(fresh);
    return fresh;
  }

  /** Every group version the server serves, asked afresh as kubectl api-versions does. */
  async groupVersions(): Promise<string[]> {
    const { core, groups } = await this.fetchDiscoveryRoots();
    if (core.aggregated && groups.aggregated) {
      return [
        ...(core.doc.items ?? []).flatMap((g: any) => (g.versions ?? []).map((v: any) => v.version)),
        ...(groups.doc.items ?? []).flatMap((g: any) => (g.versions ?? []).map((v: any) => `${g.metadata.name}/${v.version}`)),
      ];
    }
    return [...(core.doc.versions ?? []), ...(groups.doc.groups ?? []).flatMap((g: any) => (g.versions ?? []).map((v: any) => v.groupVersion))];
  }

  /** /api and /apis, aggregated where the server offers it. */
  private async fetchDiscoveryRoots() {
    const fetch = async (path: string) => {
      // kubectl's discovery client asks the server to give up after 32s, as its own timeout does.
      const res = await this.transport.request({ method: 'GET', path, query: DISCOVERY_QUERY, headers: { accept: AGGREGATED_ACCEPT } });
      if (res.status !== 200) throw statusErrorFrom(res.status, res.body);
      return { aggregated: /as=APIGroupDiscoveryList/.test(res.headers['content-type'] ?? ''), doc: res.value ?? JSON.parse(res.body) };
    };
    // One after the other, as kubectl asks, so that traces of both read alike.
    const core = await fetch('/api');
    const groups = await fetch('/apis');
    return { core, groups };
  }

  private async fetchResources(): Promise<ResourceInfo[]> {
    const { core, groups } = await this.fetchDiscoveryRoots();
    if (core.aggregated && groups.aggregated) return [...resourcesFromAggregated(core.doc), ...resourcesFromAggregated(groups.doc)];
    // A server without aggregated discovery: one request per group version.
    const lists: Array<Promise<ResourceInfo[]>> = (core.doc.versions ?? []).map((v: string) =>
      this.request('GET', `/api/${v}`, { query: DISCOVERY_QUERY }).then((d) => resourcesFromList('', v, d)));
    for (const g of groups.doc.groups ?? []) {
      for (const v of g.versions ?? []) {
        lists.push(this.request('GET', `/apis/${g.name}/${v.version}`, { query: DISCOVERY_QUERY }).then((d) => resourcesFromList(g.name, v.version, d)));
      }
    }
    return (await Promise.all(lists)).flat();
  }
}

/** The REST path of a resource collection or object. */
export function resourcePath(r: ResourceInfo, namespace?: string, name?: string, subresource?: string): string {
  let p = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  if (r.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.plural}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}

export { apiVersionOf };
