// The embedded API server: one request in, one response (or a stream) out. The same code answers
// the in-process transport and the HTTPS listener of `tkctl cluster serve`.
import { parse as parseYaml } from 'yaml';
import type { ApiRequest } from '../../transport.js';
import type { Store } from '../store/store.js';
import { parseLabelSelector, parseFieldSelector, convertFieldSelector, SelectorError } from '../../../selectors/index.js';
import { applyPatch, type PatchType } from '../../../patch/index.js';
import {
  AGGREGATED_CONTENT_TYPE, SERVER_VERSION, aggregatedDiscovery, apiGroupDoc, apiGroupList, apiResourceList, apiVersions,
} from './discovery.js';
import { parsePath, type ResourceRequest } from './paths.js';
import { ResourceCatalog } from './catalog.js';
import type { ResourceType } from './resources.js';
import { Registry, type DeleteOptions, type FieldValidation, type ListOptions, type WriteOptions, type Written } from './registry.js';
import { deepClone } from '../../../patch/json-value.js';
import { ApiError, badRequest, qualifiedResource } from './status.js';
import { checkJsonNesting } from './nesting.js';
import { tableJson, toTable, wantsTable, type IncludeObject } from './table-response.js';
import { encodeEnvelope, encodeJson, listItem } from './encoded-json.js';
import { openWatch, type WatchStream } from './watch.js';
import { openApiV2, openApiV3, openApiV3Root } from './openapi.js';
import { customOpenApiV3, withCustomGroupVersions } from './crd/openapi.js';
import { scaleOf, applyScale, bindPod } from './subresources.js';
import { decodeKubernetesProtobuf, ProtobufError } from './protobuf.js';
import { timestamp, type KubeObject } from './objects.js';
import { requestManager } from './managed-fields.js';
import { checkApplyOptions, checkNonApplyOptions, serverSideApply } from './server-side-apply.js';
import { podLog } from './pod-log.js';
import { RBAC_GROUP, RbacAuthorizer, forbiddenError, registryPolicySource } from './auth/rbac-authorizer.js';
import { confirmNoEscalation } from './auth/escalation.js';
import { actingUser } from './auth/impersonation.js';
import { requestAttributes } from './auth/request-attributes.js';
import { REVIEW_PLURALS, review } from './auth/reviews.js';
import { requestToken } from './auth/service-account-tokens.js';
import { ADMIN_USER, isPrivileged, type UserInfo } from './auth/user.js';
import { METRICS_GROUP, metricsAggregatedGroup, metricsGroup, metricsResourceList, metricsResponse } from './metrics.js';
import { StorageError } from '../store/storage-error.js';

// In-process writers that name no manager and send no User-Agent: the control plane's own loops.
const IN_PROCESS_MANAGER = 'kube-controller-manager';

export interface HandlerResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
  /**
   * The body's value, for an answer made for this request alone (see jsonValue), or a write's
   * answer to a request that came with a decoded body (ApiRequest.object).
   */
  value?: unknown;
  /** The body in pieces, written one after the other (a LIST of many objects); `body` joins them. */
  pieces?: string[];
  /** A watch: one JSON document per chunk, until closed. */
  stream?: AsyncIterable<string> & { close(): void };
}

const JSON_TYPE = 'application/json';
// In kube-apiserver's order, which its 415 message lists.
const APPLY_TYPE = 'application/apply-patch+yaml';
const PATCH_TYPES: string[] = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', APPLY_TYPE];

export class ApiServer {
  readonly registry: Registry;
  /** The served types, built-in and custom. */
  readonly catalog: ResourceCatalog;
  readonly authorizer: RbacAuthorizer;

  constructor(
    store: Store,
    private readonly clock: () => Date = () => new Date(),
    private readonly serverAddress = '127.0.0.1:6443',
  ) {
    this.registry = new Registry(store, clock);
    this.catalog = new ResourceCatalog(store);
    this.authorizer = new RbacAuthorizer(registryPolicySource(this.registry));
  }

  /** `user` is who the served API authenticated; in-process callers are the cluster admin. */
  async handle(req: ApiRequest, authenticated: UserInfo = ADMIN_USER): Promise<HandlerResponse> {
    try {
      const user = actingUser(req.headers, authenticated, this.authorizer);
      this.authorize(req, user);
      if (req.body && !/yaml|protobuf/.test(req.headers?.['content-type'] ?? '')) checkJsonNesting(req.body);
      const res = this.route(req, user);
      // Nothing is answered from writes not yet committed (see Store.groupCommits).
      await this.registry.store.committed().catch((e) => {
        res.stream?.close();
        throw e;
      });
      return res;
    } catch (e) {
      return errorResponse(e);
    }
  }

  /** RBAC, before anything else looks at the request (kube-apiserver's WithAuthorization filter). */
  authorize(req: ApiRequest, user: UserInfo): void {
    if (isPrivileged(user)) return;
    const attrs = requestAttributes(req.method, req.path, req.query);
    const decision = this.authorizer.authorize(user, attrs);
    if (!decision.allowed) throw forbiddenError(user, attrs, decision.reason);
  }

  private route(req: ApiRequest, user: UserInfo): HandlerResponse {
    const path = req.path.replace(/\/+$/, '') || '/';
    const accept = req.headers?.accept ?? '';
    switch (path) {
      case '/version': return json(200, SERVER_VERSION);
      case '/healthz': case '/livez': case '/readyz': return text(200, 'ok');
      case '/openapi/v2': return { status: 200, headers: { 'content-type': JSON_TYPE }, body: openApiV2() };
      case '/openapi/v3': return { status: 200, headers: { 'content-type': JSON_TYPE }, body: withCustomGroupVersions(openApiV3Root(), this.catalog.types()) };
      case '/api':
        return accept.includes('as=APIGroupDiscoveryList')
          ? jsonValue(aggregatedDiscovery(true, this.catalog.types()), AGGREGATED_CONTENT_TYPE)
          : json(200, apiVersions(this.serverAddress));
      case '/apis':
        return accept.includes('as=APIGroupDiscoveryList')
          ? jsonValue(withMetrics(aggregatedDiscovery(false, this.catalog.types()), metricsAggregatedGroup()), AGGREGATED_CONTENT_TYPE)
          : json(200, withMetrics(apiGroupList(this.catalog.types()), metricsGroup()));
    }
    if (path === `/apis/${METRICS_GROUP}` || path.startsWith(`/apis/${METRICS_GROUP}/`)) return this.metrics(path, req.query ?? {});
    if (path.startsWith('/openapi/v3/')) {
      const gv = path.slice('/openapi/v3/'.length);
      const doc = openApiV3(gv) ?? customOpenApiV3(gv, this.catalog.types());
      return doc ? { status: 200, headers: { 'content-type': JSON_TYPE }, body: doc } : notFoundPath(path);
    }
    const groupDoc = /^\/apis\/([^/]+)$/.exec(path);
    if (groupDoc) return found(apiGroupDoc(groupDoc[1], this.catalog.types()), path);
    const target = parsePath(path, (g, v, p) => this.catalog.find(g, v, p));
    switch (target.type) {
      case 'group-version': return found(apiResourceList(target.group, target.version, this.catalog.types()), path);
      case 'unknown-resource': return notFoundPath(path);
      case 'other': return notFoundPath(path);
      case 'resource': return this.resource(req, target.request, user);
    }
  }

  private resource(req: ApiRequest, rr: ResourceRequest, user: UserInfo): HandlerResponse {
    const q = req.query ?? {};
    const { resource: r, namespace, name, subresource } = rr;
    if (subresource && !r.subresources?.includes(subresource as never)) return notFoundPath(req.path);
    if (r.namespaced && name && namespace === undefined) return notFoundPath(req.path);
    const write = writeOptions(q);
    write.fieldManager = requestManager(q.fieldManager, req.headers?.['user-agent']) || IN_PROCESS_MANAGER;
    if (r.group === RBAC_GROUP && !isPrivileged(user)) write.admit = (type, obj) => confirmNoEscalation(this.authorizer, user, type, obj);
    const withWarnings = (res: HandlerResponse): HandlerResponse => {
      if (write.warnings.length) res.headers.warning = write.warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ');
      return res;
    };
    const respond = (status: number, obj: unknown) => withWarnings(jsonText(status, JSON.stringify(obj)));
    // A request with a decoded body (the control plane's client) is answered in kind.
    const respondWritten = (status: number, written: Written) => withWarnings(writtenText(status, written, req.object !== undefined ? written.object : undefined));
    const reg = this.registry;

    switch (req.method) {
      case 'GET': {
        if (!name) {
          const list = listOptions(q, r);
          if (q.watch === 'true' || q.watch === '1') return this.watch(req, rr, list);
          const result = reg.list(r, namespace, list, { shared: true });
          if (wantsTable(req.headers?.accept)) {
            return tableAnswer(toTable(r, result.items, this.clock(), includeObject(q), result.resourceVersion, result.continueToken));
          }
          const metadata: Record<string, string> = { resourceVersion: result.resourceVersion };
          if (result.continueToken) metadata.continue = result.continueToken;
          // The envelope, its items array, then each item's JSON (shared objects': made once).
          return jsonPieces(encodeEnvelope(listOf(r, metadata, result.items), 2));
        }
        if (subresource === 'scale') return json(200, scaleOf(reg.get(r, namespace, name), r));
        if (subresource === 'log') return podLog(reg, namespace!, name, q, this.clock);
        if (subresource && subresource !== 'status') return methodNotSupported(req, rr);
        const obj = reg.get(r, namespace, name, { shared: true });
        if (wantsTable(req.headers?.accept)) return tableAnswer(toTable(r, [obj], this.clock(), includeObject(q), obj.metadata?.resourceVersion ?? ''));
        return jsonText(200, encodeJson(obj));
      }
      case 'POST': {
        if (name && subresource === 'binding') return respond(201, bindPod(reg, namespace!, name, parseBody(req), write));
        if (name && subresource === 'token') return respond(201, requestToken(reg, namespace!, name, parseBody(req), this.clock(), write.dryRun));
        if (!name && REVIEW_PLURALS.has(r.plural)) return respond(201, review(r.plural, parseBody(req), user, this.authorizer));
        if (name) return methodNotSupported(req, rr);
        return respondWritten(201, reg.createOwned(r, namespace, parseBody(req) as KubeObject, write));
      }
      case 'PUT': {
        if (!name) return methodNotSupported(req, rr);
        const body = parseBody(req) as KubeObject;
        if (subresource === 'scale') {
          return respond(200, scaleOf(reg.patch(r, namespace, name, 'application/merge-patch+json', applyScale(body, r), undefined, { ...write, managedSubresource: 'scale' }).object, r));
        }
        return respondWritten(200, reg.update(r, namespace, name, body, subresource, write));
      }
      case 'PATCH': {
        if (!name) return methodNotSupported(req, rr);
        const type = (req.headers?.['content-type'] ?? '').split(';')[0].trim() as PatchType;
        if (!PATCH_TYPES.includes(type)) {
          throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`);
        }
        if ((type as string) === APPLY_TYPE) {
          checkApplyOptions(q.fieldManager, q.force);
          if (subresource) return methodNotSupported(req, rr);
          const applied = serverSideApply(reg, r, namespace, name, parseBody(req) as KubeObject,
            { manager: q.fieldManager, force: q.force === 'true', time: timestamp(this.clock()) }, write);
          return respond(applied.created ? 201 : 200, applied.object);
        }
        checkNonApplyOptions(q.force);
        const patch = parseBody(req);
        if (subresource === 'scale') {
          const scale = scaleOf(reg.get(r, namespace, name), r);
          const patched = applyPatch(type, scale, patch, 'io.k8s.api.autoscaling.v1.Scale') as KubeObject;
          const viaScale = { ...write, managedSubresource: 'scale' };
          return respond(200, scaleOf(reg.patch(r, namespace, name, 'application/merge-patch+json', applyScale(patched, r), undefined, viaScale).object, r));
        }
        return respondWritten(200, reg.patch(r, namespace, name, type, patch, subresource, write));
      }
      case 'DELETE': {
        const options = deleteOptions(q, req.body || req.object !== undefined ? parseBody(req) : undefined);
        if (!name) {
          const result = reg.deleteCollection(r, namespace, listOptions(q, r), options, write);
          return respond(200, listOf(r, { resourceVersion: result.resourceVersion }, result.items));
        }
        return respond(200, reg.delete(r, namespace, name, options, write));
      }
    }
    return methodNotSupported(req, rr);
  }

  /** metrics.k8s.io, as metrics-server serves it through the aggregator. */
  private metrics(path: string, q: Record<string, string>): HandlerResponse {
    const rest = path.split('/').slice(3);
    if (rest.length === 0) return json(200, { kind: 'APIGroup', apiVersion: 'v1', ...metricsGroup() });
    if (rest[0] !== 'v1beta1') return notFoundPath(path);
    if (rest.length === 1) return json(200, metricsResourceList());
    const body = metricsResponse(this.registry, rest.slice(1), q, this.clock());
    return body ? json(200, body) : notFoundPath(path);
  }

  private watch(req: ApiRequest, rr: ResourceRequest, list: ListOptions): HandlerResponse {
    const q = req.query ?? {};
    let w: WatchStream;
    try {
      w = openWatch(this.registry, rr.resource, rr.namespace, {
        ...list,
        resourceVersion: q.resourceVersion,
        allowBookmarks: q.allowWatchBookmarks === 'true',
        sendInitialEvents: q.sendInitialEvents === 'true',
        timeoutSeconds: q.timeoutSeconds ? Number(q.timeoutSeconds) : undefined,
      });
    } catch (e) {
      // Once the request is accepted, kube-apiserver reports a compacted resourceVersion as the
      // watch's one ERROR event, so that informers re-list.
      if (e instanceof ApiError && e.code === 410) return watchResponse(errorEvent(e));
      throw e;
    }
    const table = wantsTable(req.headers?.accept);
    const include = includeObject(q);
    const clock = this.clock;
    const r = rr.resource;
    return watchResponse({
      close: () => w.close(),
      async *[Symbol.asyncIterator]() {
        // Only the first Table carries the column definitions.
        let headers = true;
        for await (const e of w) {
          let object: unknown = e.object;
          if (table && e.type !== 'BOOKMARK') {
            const t = toTable(r, [e.object], clock(), include, e.object.metadata?.resourceVersion ?? '');
            object = headers ? t : { ...t, columnDefinitions: null };
            headers = false;
          }
          yield JSON.stringify({ type: e.type, object }) + '\n';
        }
      },
    });
  }
}

function withMetrics<T extends { items?: unknown[]; groups?: unknown[] }>(doc: T, group: unknown): T {
  return doc.items ? { ...doc, items: [...doc.items, group] } : { ...doc, groups: [...(doc.groups ?? []), group] };
}

function watchResponse(stream: NonNullable<HandlerResponse['stream']>): HandlerResponse {
  return { status: 200, headers: { 'content-type': JSON_TYPE, 'transfer-encoding': 'chunked' }, stream };
}

function errorEvent(e: ApiError): NonNullable<HandlerResponse['stream']> {
  const line = JSON.stringify({ type: 'ERROR', object: e.toStatus() }) + '\n';
  return {
    close() {},
    async *[Symbol.asyncIterator]() {
      yield line;
    },
  };
}

function writeOptions(q: Record<string, string>): WriteOptions {
  const dryRun = q.dryRun;
  if (dryRun !== undefined && dryRun !== '' && dryRun !== 'All') {
    throw badRequest(`Invalid dry run value: ${dryRun}`);
  }
  const fv = q.fieldValidation ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore'].includes(fv)) {
    throw badRequest(`invalid fieldValidation directive: ${fv}, valid values are: Ignore, Warn, Strict`);
  }
  return { dryRun: dryRun === 'All', fieldValidation: fv as FieldValidation, warnings: [] };
}

function listOptions(q: Record<string, string>, r: ResourceType): ListOptions {
  try {
    const opts: ListOptions = {};
    if (q.labelSelector) opts.labelSelector = parseLabelSelector(q.labelSelector);
    if (q.fieldSelector) opts.fieldSelector = convertFieldSelector(r.group, r.version, r.kind, parseFieldSelector(q.fieldSelector));
    // A limit beyond any count of objects is no limit.
    if (q.limit && Number(q.limit) <= Number.MAX_SAFE_INTEGER) opts.limit = Number(q.limit);
    if (q.continue) opts.continueToken = q.continue;
    return opts;
  } catch (e) {
    if (e instanceof SelectorError) throw badRequest(e.message);
    throw e;
  }
}

function deleteOptions(q: Record<string, string>, body: unknown): DeleteOptions {
  const fromBody = (body ?? {}) as DeleteOptions & { kind?: string };
  const options: DeleteOptions = { ...fromBody };
  if (q.propagationPolicy) options.propagationPolicy = q.propagationPolicy as DeleteOptions['propagationPolicy'];
  if (q.gracePeriodSeconds) options.gracePeriodSeconds = Number(q.gracePeriodSeconds);
  if (options.propagationPolicy && !['Background', 'Foreground', 'Orphan'].includes(options.propagationPolicy)) {
    throw badRequest(`DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${options.propagationPolicy}": supported values: "Foreground", "Background", "Orphan", "nil"`);
  }
  return options;
}

function includeObject(q: Record<string, string>): IncludeObject {
  const v = q.includeObject ?? 'Metadata';
  if (v !== 'None' && v !== 'Metadata' && v !== 'Object') throw badRequest(`includeObject: Unsupported value: "${v}"`);
  return v;
}

function parseBody(req: ApiRequest): unknown {
  // A decoded body (in-process) is copied, unless handed off: the request changes what it decodes.
  if (req.object !== undefined) return req.objectHandedOff ? req.object : deepClone(req.object);
  const type = req.headers?.['content-type'] ?? JSON_TYPE;
  const body = req.body ?? '';
  if (/protobuf/.test(type)) return parseProtobuf(body);
  if (/cbor/.test(type)) {
    // kube-apiserver's answer to a media type it cannot decode.
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
  }
  if (/yaml/.test(type)) {
    try {
      return parseYaml(body);
    } catch (e) {
      throw badRequest(`error decoding YAML: ${(e as Error).message}`);
    }
  }
  return parseJson(body);
}

/** A protobuf body arrives as a binary (latin1) string: see serve.ts. */
function parseProtobuf(body: string): unknown {
  try {
    return decodeKubernetesProtobuf(Buffer.from(body, 'latin1'));
  } catch (e) {
    if (e instanceof ProtobufError) throw badRequest(`the object provided is unrecognized (${e.message})`);
    throw e;
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (e) {
    throw badRequest(`the object provided is unrecognized (${(e as Error).message})`);
  }
}

/** A typed list as kube-apiserver encodes it: the items carry no kind or apiVersion of their own. */
function listOf(r: ResourceType, metadata: Record<string, string>, items: KubeObject[]) {
  return {
    kind: r.custom?.listKind ?? `${r.kind}List`,
    apiVersion: r.group ? `${r.group}/${r.version}` : r.version,
    metadata,
    items: items.map(listItem),
  };
}

function json(status: number, obj: unknown): HandlerResponse {
  return jsonText(status, JSON.stringify(obj));
}

/**
 * A 200 answer whose value is made for this request alone (a Table: its rows and cells, though the
 * objects it shows stay the server's; aggregated discovery): an in-process caller takes the value,
 * and the text is made only when read (when served). The value holds only what JSON keeps (no
 * undefined, no Date), so both read the same.
 */
function jsonValue(value: unknown, contentType = JSON_TYPE): HandlerResponse {
  let body: string | undefined;
  return { status: 200, headers: { 'content-type': contentType }, value, get body() { return (body ??= JSON.stringify(value)); } };
}

/**
 * A Table made for this request alone: an in-process caller takes it as a value; served, it is
 * written in pieces (one per row), made only then.
 */
function tableAnswer(table: ReturnType<typeof toTable>): HandlerResponse {
  let pieces: string[] | undefined;
  let body: string | undefined;
  return {
    status: 200,
    headers: { 'content-type': JSON_TYPE },
    value: table,
    get pieces() {
      return (pieces ??= tableJson(table));
    },
    get body() {
      return (body ??= this.pieces!.join(''));
    },
  };
}

function jsonText(status: number, body: string): HandlerResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body };
}

/** A write's answer: its text made only if read (a caller answered with the value may never). */
function writtenText(status: number, written: Written, value: unknown): HandlerResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, value, get body() { return written.json; } };
}

/** A 200 whose JSON is in pieces: serve.ts writes them as they are, an in-process caller reads `body`. */
function jsonPieces(pieces: string[]): HandlerResponse {
  let body: string | undefined;
  return {
    status: 200,
    headers: { 'content-type': JSON_TYPE },
    pieces,
    get body() {
      return (body ??= pieces.join(''));
    },
  };
}

function text(status: number, body: string): HandlerResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

function found(doc: unknown, path: string): HandlerResponse {
  return doc ? json(200, doc) : notFoundPath(path);
}

function notFoundPath(_path: string): HandlerResponse {
  return json(404, new ApiError(404, 'NotFound', 'the server could not find the requested resource').toStatus());
}

function methodNotSupported(req: ApiRequest, rr: ResourceRequest): HandlerResponse {
  const what = qualifiedResource(rr.subresource ? `${rr.resource.plural}/${rr.subresource}` : rr.resource.plural, rr.resource.group);
  return json(405, new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${req.method.toLowerCase()} ${what})`).toStatus());
}

export function errorResponse(e: unknown): HandlerResponse {
  if (e instanceof ApiError) return json(e.code, e.toStatus());
  const message = e instanceof StorageError ? e.detail : e instanceof Error ? e.message : String(e);
  return json(500, new ApiError(500, 'InternalError', `Internal error occurred: ${message}`).toStatus());
}
