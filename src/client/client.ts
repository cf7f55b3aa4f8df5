// A Kubernetes API client over any Transport: JSON requests, metav1.Status errors, discovery.
import type { ApiRequest, HttpMethod, Transport } from '../backends/transport.js';
import { statusErrorFrom } from './errors.js';
import { apiVersionOf, resourcesFromAggregated, resourcesFromList, type ResourceInfo } from './discovery.js';

const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export interface RequestOptions {
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
  accept?: string;
}

export class KubeClient {
  private resources?: Promise<ResourceInfo[]>;

  constructor(
    readonly transport: Transport,
    /** The namespace commands use when -n is not given. */
    readonly namespace: string,
  ) {}

  /** Send a request; a non-2xx answer throws StatusError. */
  async request<T = any>(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<T> {
    const req: ApiRequest = { method, path, query: opts.query, headers: { accept: opts.accept ?? 'application/json' } };
    if (opts.body !== undefined) {
      req.body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      req.headers!['content-type'] = opts.contentType ?? 'application/json';
    }
    const res = await this.transport.request(req);
    if (res.status < 200 || res.status > 299) throw statusErrorFrom(res.status, res.body);
    return (res.body ? JSON.parse(res.body) : undefined) as T;
  }

  /** Every resource type the server serves (two requests, once per client). */
  discover(): Promise<ResourceInfo[]> {
    return (this.resources ??= this.fetchResources());
  }

  private async fetchResources(): Promise<ResourceInfo[]> {
    const fetch = async (path: string) => {
      const res = await this.transport.request({ method: 'GET', path, headers: { accept: AGGREGATED_ACCEPT } });
      if (res.status !== 200) throw statusErrorFrom(res.status, res.body);
      return { aggregated: /as=APIGroupDiscoveryList/.test(res.headers['content-type'] ?? ''), doc: JSON.parse(res.body) };
    };
    const [core, groups] = await Promise.all([fetch('/api'), fetch('/apis')]);
    if (core.aggregated && groups.aggregated) return [...resourcesFromAggregated(core.doc), ...resourcesFromAggregated(groups.doc)];
    // A server without aggregated discovery: one request per group version.
    const lists: Array<Promise<ResourceInfo[]>> = (core.doc.versions ?? []).map((v: string) =>
      this.request('GET', `/api/${v}`).then((d) => resourcesFromList('', v, d)));
    for (const g of groups.doc.groups ?? []) {
      for (const v of g.versions ?? []) {
        lists.push(this.request('GET', `/apis/${g.name}/${v.version}`).then((d) => resourcesFromList(g.name, v.version, d)));
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
