// Parse an API path into what it addresses, as kube-apiserver's RequestInfoFactory does.
import type { ResourceType } from './resources.js';

export interface ResourceRequest {
  resource: ResourceType;
  /** Namespace from the path; undefined for cluster-scoped paths and all-namespace lists. */
  namespace?: string;
  name?: string;
  subresource?: string;
}

export type PathTarget =
  | { type: 'resource'; request: ResourceRequest }
  | { type: 'group-version'; group: string; version: string }
  | { type: 'unknown-resource'; group: string; version: string; plural: string }
  | { type: 'other' };

export type FindResource = (group: string, version: string, plural: string) => ResourceType | undefined;

/** `/api/v1/...` or `/apis/GROUP/VERSION/...` into a resource request; `find` knows the served types. */
export function parsePath(path: string, find: FindResource): PathTarget {
  let parts: string[];
  try {
    parts = path.split('/').filter(Boolean);
    if (path.includes('%')) parts = parts.map(decodeURIComponent);
  } catch {
    return { type: 'other' }; // an invalid %-escape addresses nothing
  }
  let group: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1];
    rest = parts.slice(2);
  } else {
    return { type: 'other' };
  }
  const version = rest[0];
  const segs = rest.slice(1);
  if (segs.length === 0) return { type: 'group-version', group, version };

  let namespace: string | undefined;
  let plural = segs[0];
  let tail = segs.slice(1);
  let resource: ResourceType | undefined;
  // namespaces/NS/PLURAL/... addresses a namespaced resource; namespaces[/NAME[/status]] the namespace itself.
  if (segs[0] === 'namespaces' && segs.length >= 3) {
    const inNamespace = find(group, version, segs[2]);
    if (inNamespace?.namespaced) {
      namespace = segs[1];
      plural = segs[2];
      tail = segs.slice(3);
      resource = inNamespace;
    }
  }
  resource ??= find(group, version, plural);
  if (!resource) return { type: 'unknown-resource', group, version, plural };
  if (!resource.namespaced) namespace = undefined;
  return { type: 'resource', request: { resource, namespace, name: tail[0], subresource: tail[1] } };
}
