// /openapi/v2 (the bundled document) and /openapi/v3, derived from it one group version at a time
// as kube-apiserver serves them: kubectl reads v3 to learn that the server validates fields
// (the fieldValidation parameter on PATCH) and for the patch strategies of client-side apply.
import { createHash } from '../../../lazy-crypto.js';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The bundle (dist/cli.cjs) sits one level below the project root, this module four levels.
const DOCUMENT_PATHS = ['../schemas/', '../../../../schemas/']
  .map((dir) => fileURLToPath(new URL(`${dir}kubernetes-v1.36-swagger.json`, import.meta.url)));

let v2Text: string | undefined;
let v2: any;
const v3Cache = new Map<string, string>();
let v3Root: string | undefined;

export function openApiV2(): string {
  return (v2Text ??= readFileSync(DOCUMENT_PATHS.find((p) => existsSync(p)) ?? DOCUMENT_PATHS[0], 'utf8'));
}

function v2Doc(): any {
  return (v2 ??= JSON.parse(openApiV2()));
}

/** "api/v1", "apis/apps/v1": the group versions the document has paths for. */
function groupVersionOf(path: string): string | undefined {
  const m = /^\/(api\/v1|apis\/[^/]+\/[^/]+)\//.exec(path);
  return m?.[1];
}

export function openApiV3Root(): string {
  if (v3Root) return v3Root;
  const gvs = new Set<string>();
  for (const p of Object.keys(v2Doc().paths)) {
    const gv = groupVersionOf(p);
    if (gv) gvs.add(gv);
  }
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of [...gvs].sort()) {
    const hash = createHash('sha512').update(openApiV3(gv)!).digest('hex').slice(0, 128).toUpperCase();
    paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${hash}` };
  }
  return (v3Root = JSON.stringify({ paths }));
}

/** The OpenAPI 3 document of one group version, or undefined when the document has none. */
export function openApiV3(gv: string): string | undefined {
  const cached = v3Cache.get(gv);
  if (cached) return cached;
  const doc = v2Doc();
  const paths: Record<string, unknown> = {};
  for (const [p, item] of Object.entries<any>(doc.paths)) {
    if (groupVersionOf(p) === gv) paths[p] = convertPathItem(item);
  }
  if (Object.keys(paths).length === 0) return undefined;
  const schemas: Record<string, unknown> = {};
  for (const name of referencedDefinitions(paths)) schemas[name] = rewriteRefs(doc.definitions[name]);
  const parameters: Record<string, unknown> = {};
  for (const [name, param] of Object.entries<any>(doc.parameters ?? {})) {
    if (param.in !== 'body') parameters[name] = convertParameter(param);
  }
  const text = JSON.stringify({
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: doc.info?.version ?? 'v1.36.0' },
    paths,
    components: { schemas, parameters, securitySchemes: { BearerToken: { type: 'apiKey', name: 'authorization', in: 'header' } } },
  });
  v3Cache.set(gv, text);
  return text;
}

/** The definitions the paths use, directly or through other definitions. */
function referencedDefinitions(paths: unknown): string[] {
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        const name = refName(v);
        if (!seen.has(name)) {
          seen.add(name);
          visit(rewriteRefs(v2Doc().definitions[name]));
        }
      } else {
        visit(v);
      }
    }
  };
  visit(paths);
  return [...seen].sort();
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') {
      out[k] = v.replace('#/definitions/', '#/components/schemas/').replace('#/parameters/', '#/components/parameters/');
    } else {
      out[k] = rewriteRefs(v);
    }
  }
  return out;
}

const OPERATIONS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function convertPathItem(item: any): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries<any>(item)) {
    if (k === 'parameters') out.parameters = v.filter((p: any) => p.in !== 'body').map(convertParameter);
    else if (OPERATIONS.includes(k)) out[k] = convertOperation(v);
    else out[k] = v;
  }
  return out;
}

function convertOperation(op: any): unknown {
  const { consumes, produces, parameters = [], responses, schemes: _schemes, ...rest } = op;
  const out: Record<string, unknown> = { ...(rewriteRefs(rest) as object) };
  const body = parameters.find((p: any) => p.in === 'body' || (p.$ref && v2Doc().parameters?.[refName(p.$ref)]?.in === 'body'));
  const params = parameters.filter((p: any) => p !== body).map(convertParameter);
  if (params.length) out.parameters = params;
  if (body) {
    const resolved = body.$ref ? v2Doc().parameters[refName(body.$ref)] : body;
    out.requestBody = {
      content: Object.fromEntries((consumes ?? ['application/json']).map((c: string) => [c, { schema: rewriteRefs(resolved.schema) }])),
      required: !!resolved.required,
    };
  }
  if (responses) {
    out.responses = Object.fromEntries(Object.entries<any>(responses).map(([code, r]) => [code, {
      description: r.description ?? '',
      ...(r.schema ? { content: Object.fromEntries((produces ?? ['application/json']).map((c: string) => [c, { schema: rewriteRefs(r.schema) }])) } : {}),
    }]));
  }
  return out;
}

function convertParameter(p: any): unknown {
  if (p.$ref) return { $ref: `#/components/parameters/${refName(p.$ref)}` };
  const { type, format, items, enum: values, default: def, collectionFormat: _c, ...rest } = p;
  const schema: Record<string, unknown> = {};
  if (type) schema.type = type;
  if (format) schema.format = format;
  if (items) schema.items = items;
  if (values) schema.enum = values;
  if (def !== undefined) schema.default = def;
  return { ...rest, schema };
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}
