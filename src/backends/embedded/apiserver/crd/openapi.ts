// /openapi/v3 documents for the group versions CRDs serve, as apiextensions-apiserver publishes
// them: the version's schema with apiVersion, kind and metadata filled in, its list type, and the
// paths kubectl reads to learn that the server validates fields (a PATCH with fieldValidation).
// kubectl explain reads the schemas.
import { createHash } from '../../../../lazy-crypto.js';
import { openApiV3 } from '../openapi.js';
import type { ResourceType } from '../resources.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** "apis/G/V" of every group version custom types serve. */
export function customGroupVersions(types: readonly ResourceType[]): string[] {
  return [...new Set(types.filter((r) => r.custom).map((r) => `apis/${r.group}/${r.version}`))].sort();
}

/** The /openapi/v3 root with the custom group versions added. */
export function withCustomGroupVersions(root: string, types: readonly ResourceType[]): string {
  const gvs = customGroupVersions(types);
  if (gvs.length === 0) return root;
  const doc = JSON.parse(root) as { paths: Record<string, { serverRelativeURL: string }> };
  for (const gv of gvs) {
    const hash = createHash('sha512').update(customOpenApiV3(gv, types)!).digest('hex').slice(0, 128).toUpperCase();
    doc.paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${hash}` };
  }
  return JSON.stringify(doc);
}

/** The document of one custom group version ("apis/G/V"), or undefined when none is served. */
export function customOpenApiV3(gv: string, types: readonly ResourceType[]): string | undefined {
  const served = types.filter((r) => r.custom && `apis/${r.group}/${r.version}` === gv);
  if (served.length === 0) return undefined;
  const schemas: Record<string, unknown> = { ...metaSchemas() };
  const paths: Record<string, unknown> = {};
  for (const r of served) {
    const name = schemaName(r, r.kind);
    schemas[name] = objectSchema(r);
    schemas[schemaName(r, r.custom!.listKind)] = listSchema(r, name);
    Object.assign(paths, pathsOf(r, name));
  }
  return JSON.stringify({ openapi: '3.0.0', info: { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' }, paths, components: { schemas } });
}

/** com.example.stable.v1.CronTab: the group reversed, as kube names CRD definitions. */
function schemaName(r: ResourceType, kind: string): string {
  return `${r.group.split('.').reverse().join('.')}.${r.version}.${kind}`;
}

const gvk = (r: ResourceType, kind: string) => [{ group: r.group, kind, version: r.version }];

function objectSchema(r: ResourceType): unknown {
  const schema = structuredClone(r.custom!.schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) as Record<string, any>;
  schema.properties = {
    ...schema.properties,
    apiVersion: { type: 'string', description: API_VERSION_DOC },
    kind: { type: 'string', description: KIND_DOC },
    metadata: { allOf: [ref(`${META}ObjectMeta`)], description: METADATA_DOC },
  };
  schema['x-kubernetes-group-version-kind'] = gvk(r, r.kind);
  return schema;
}

function listSchema(r: ResourceType, item: string): unknown {
  return {
    type: 'object',
    description: `${r.custom!.listKind} is a list of ${r.kind}`,
    required: ['items'],
    properties: {
      apiVersion: { type: 'string', description: API_VERSION_DOC },
      items: { type: 'array', description: `List of ${r.plural}. More info: https://git.k8s.io/community/contributors/devel/kubernetes-api-conventions.md`, items: ref(item) },
      kind: { type: 'string', description: KIND_DOC },
      metadata: { allOf: [ref(`${META}ListMeta`)], description: 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds' },
    },
    'x-kubernetes-group-version-kind': gvk(r, r.custom!.listKind),
  };
}

function pathsOf(r: ResourceType, name: string): Record<string, unknown> {
  const base = `/apis/${r.group}/${r.version}/${r.namespaced ? 'namespaces/{namespace}/' : ''}${r.plural}`;
  const op = (action: string, verb: string, responseSchema: string, extra: Record<string, unknown> = {}) => ({
    operationId: `${verb}${r.custom!.listKind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
    responses: { 200: { description: 'OK', content: { 'application/json': { schema: ref(responseSchema) } } } },
    ...extra,
  });
  const writeParams = { parameters: [query('dryRun'), query('fieldManager'), query('fieldValidation')] };
  const body = (types: string[], schema: string) => ({ requestBody: { content: Object.fromEntries(types.map((t) => [t, { schema: ref(schema) }])), required: true } });
  const patchTypes = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];
  return {
    [base]: {
      get: op('list', 'list', schemaName(r, r.custom!.listKind)),
      post: op('post', 'create', name, { ...writeParams, ...body(['application/json', 'application/yaml'], name) }),
      delete: op('deletecollection', 'deleteCollection', `${META}Status`),
    },
    [`${base}/{name}`]: {
      get: op('get', 'read', name),
      put: op('put', 'replace', name, { ...writeParams, ...body(['application/json', 'application/yaml'], name) }),
      patch: op('patch', 'patch', name, { ...writeParams, ...body(patchTypes, `${META}Patch`) }),
      delete: op('delete', 'delete', `${META}Status`),
    },
  };
}

const query = (name: string) => ({ name, in: 'query', uniqueItems: true, schema: { type: 'string' } });

let meta: Record<string, unknown> | undefined;

/** The meta.k8s.io definitions the documents refer to, taken from a built-in group's document. */
function metaSchemas(): Record<string, unknown> {
  if (meta) return meta;
  const schemas = (JSON.parse(openApiV3('apis/coordination.k8s.io/v1')!) as { components: { schemas: Record<string, unknown> } }).components.schemas;
  return (meta = Object.fromEntries(Object.entries(schemas).filter(([k]) => k.startsWith(META))));
}

const API_VERSION_DOC = 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DOC = 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const METADATA_DOC = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
