// What a stored CustomResourceDefinition serves: one resource type per served version, carrying
// the version's schema, printer columns and subresources, as apiextensions-apiserver's crdHandler
// builds its serving info.
import type { ResourceType } from '../resources.js';

/** An openAPIV3Schema node (apiextensions.k8s.io/v1 JSONSchemaProps), as stored. */
export interface JsonSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchemaProps>;
  additionalProperties?: JsonSchemaProps | boolean;
  items?: JsonSchemaProps;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  allOf?: JsonSchemaProps[];
  anyOf?: JsonSchemaProps[];
  oneOf?: JsonSchemaProps[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [key: string]: unknown;
}

export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** What serving a custom resource needs beyond a built-in ResourceType. */
export interface CustomResource {
  /** The CRD's metadata.name (PLURAL.GROUP). */
  definition: string;
  listKind: string;
  schema?: JsonSchemaProps;
  columns: PrinterColumn[];
  scale?: ScaleSubresource;
}

export const CRD_GROUP = 'apiextensions.k8s.io';
export const CRD_KIND = 'CustomResourceDefinition';
/** Where CRDs are stored; see objects.ts storagePrefix. */
export const CRD_PREFIX = `/registry/${CRD_GROUP}/customresourcedefinitions/`;

export const isCustomResourceDefinition = (r: Pick<ResourceType, 'group' | 'kind'>) => r.group === CRD_GROUP && r.kind === CRD_KIND;

type Obj = any;

/** kube's default columns when a version declares none: the age. */
const DEFAULT_COLUMNS: PrinterColumn[] = [{
  name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
}];

export function isConditionTrue(crd: Obj, type: string): boolean {
  return (crd?.status?.conditions ?? []).some((c: Obj) => c?.type === type && c?.status === 'True');
}

/**
 * The resource types an established CRD serves, one per served version (highest priority first);
 * none before it is established.
 */
export function customResourceTypes(crd: Obj): ResourceType[] {
  if (!isConditionTrue(crd, 'Established')) return [];
  const spec = crd.spec ?? {};
  const accepted = crd.status?.acceptedNames?.kind ? crd.status.acceptedNames : spec.names ?? {};
  const versions: Obj[] = (spec.versions ?? []).filter((v: Obj) => v?.served);
  return versions
    .sort((a, b) => compareKubeAwareVersions(a.name, b.name))
    .map((v) => {
      const sub = v.subresources ?? {};
      const subresources: ResourceType['subresources'] = [];
      if (sub.status) subresources.push('status');
      if (sub.scale) subresources.push('scale');
      const columns: PrinterColumn[] = v.additionalPrinterColumns?.length ? v.additionalPrinterColumns : DEFAULT_COLUMNS;
      return {
        group: spec.group,
        version: v.name,
        kind: accepted.kind,
        plural: accepted.plural,
        singular: accepted.singular || String(accepted.kind).toLowerCase(),
        namespaced: spec.scope === 'Namespaced',
        ...(accepted.shortNames?.length ? { shortNames: accepted.shortNames } : {}),
        ...(accepted.categories?.length ? { categories: accepted.categories } : {}),
        ...(subresources.length ? { subresources } : {}),
        custom: {
          definition: crd.metadata?.name,
          listKind: accepted.listKind || `${accepted.kind}List`,
          schema: v.schema?.openAPIV3Schema,
          columns,
          ...(sub.scale ? { scale: sub.scale } : {}),
        },
      };
    });
}

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/**
 * version.CompareKubeAwareVersionStrings as a sort order: GA before beta before alpha, higher
 * numbers first, and versions that do not look like Kubernetes versions last, alphabetically.
 */
export function compareKubeAwareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] | undefined => {
    const m = KUBE_VERSION.exec(v);
    if (!m) return undefined;
    const stability = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stability, Number(m[1]), Number(m[3] ?? 0)];
  };
  const ra = rank(a);
  const rb = rank(b);
  if (!ra || !rb) {
    if (ra) return -1;
    if (rb) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return rb[i] - ra[i];
  return 0;
}
