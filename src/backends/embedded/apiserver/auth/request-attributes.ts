// What a request asks to do, read from its method, path and query alone, as kube-apiserver's
// RequestInfoFactory does before any routing (so unknown resources are authorized too).
import type { RequestAttributes } from './rbac-rules.js';

const VERBS: Record<string, string> = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
// Subresources of a namespace itself: /api/v1/namespaces/NAME/status is not a resource "status".
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function requestAttributes(method: string, path: string, query: Record<string, string> = {}): RequestAttributes {
  const nonResource = (): RequestAttributes => ({ resourceRequest: false, verb: method.toLowerCase(), path });
  let parts = path.split('/').filter(Boolean);
  if (parts.length < 3 || (parts[0] !== 'api' && parts[0] !== 'apis')) return nonResource();
  let apiGroup = '';
  parts = parts.slice(1);
  if (path.startsWith('/apis/')) {
    if (parts.length < 3) return nonResource();
    apiGroup = parts[0];
    parts = parts.slice(1);
  }
  parts = parts.slice(1);
  let verb = VERBS[method] ?? '';
  // The legacy /watch/ prefix (and /proxy/) names the verb.
  if ((parts[0] === 'watch' || parts[0] === 'proxy') && parts.length >= 2) {
    verb = parts[0];
    parts = parts.slice(1);
  }
  let namespace = '';
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1];
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2])) parts = parts.slice(2);
  }
  const resource = parts[0] ?? '';
  let name = parts[1] ?? '';
  const subresource = parts.length >= 3 && verb !== 'proxy' ? parts[2] : '';
  if (name === '' && verb === 'get') {
    verb = query.watch === 'true' || query.watch === '1' ? 'watch' : 'list';
    name = exactName(query.fieldSelector) ?? '';
  }
  if (name === '' && verb === 'delete') verb = 'deletecollection';
  return { resourceRequest: true, verb, namespace, apiGroup, resource, subresource, name };
}

// A list or watch of one object by metadata.name is authorized as a request for that name, so
// rules with resourceNames can allow watching a single object.
function exactName(fieldSelector: string | undefined): string | undefined {
  const m = /^metadata\.name==?([^,]+)$/.exec(fieldSelector ?? '');
  return m && !/[/%]/.test(m[1]) && m[1] !== '.' && m[1] !== '..' ? m[1] : undefined;
}
