// Discovery documents: /api, /apis, /apis/G, /api/v1, /apis/G/V, and the aggregated (v2) form,
// of the resource types served (see catalog.ts).
import { STANDARD_VERBS, apiVersionOf, type ResourceType } from './resources.js';

export const SERVER_VERSION = {
  major: '1',
  minor: '36',
  emulationMajor: '1',
  emulationMinor: '36',
  minCompatibilityMajor: '1',
  minCompatibilityMinor: '35',
  gitVersion: 'v1.36.0+tkctl',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-01T00:00:00Z',
  goVersion: 'go1.25.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

interface Subresource { name: string; kind: string; group?: string; version?: string; verbs: string[] }

function subresourcesOf(r: ResourceType): Subresource[] {
  return (r.subresources ?? []).map((s) => {
    switch (s) {
      case 'status': return { name: 'status', kind: r.kind, verbs: ['get', 'patch', 'update'] };
      case 'scale': return { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };
      case 'binding': return { name: 'binding', kind: 'Binding', verbs: ['create'] };
      case 'log': return { name: 'log', kind: 'Pod', verbs: ['get'] };
      case 'exec': return { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] };
      case 'finalize': return { name: 'finalize', kind: r.kind, verbs: ['update'] };
      case 'token': return { name: 'token', kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] };
    }
  });
}

type Types = readonly ResourceType[];

function groupVersions(types: Types): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of types) {
    const versions = groups.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    groups.set(r.group, versions);
  }
  return groups;
}

export function apiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(name: string, versions: string[]) {
  const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: list, preferredVersion: list[0] };
}

export function apiGroupList(types: Types) {
  const groups = [...groupVersions(types)].filter(([g]) => g !== '').map(([g, v]) => apiGroup(g, v));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroupDoc(group: string, types: Types) {
  const versions = groupVersions(types).get(group);
  return versions && { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) };
}

export function apiResourceList(group: string, version: string, all: Types) {
  const types = all.filter((r) => r.group === group && r.version === version);
  if (types.length === 0) return undefined;
  const resources = types.flatMap((r) => [
    {
      name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs ?? STANDARD_VERBS,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
    },
    ...subresourcesOf(r).map((s) => ({
      name: `${r.plural}/${s.name}`, singularName: '', namespaced: r.namespaced, kind: s.kind, verbs: s.verbs,
      ...(s.group ? { group: s.group, version: s.version } : {}),
    })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources };
}

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** The aggregated discovery document (apidiscovery.k8s.io/v2) for /api (core) or /apis (the rest). */
export function aggregatedDiscovery(core: boolean, types: Types) {
  const items = [...groupVersions(types)]
    .filter(([g]) => (g === '') === core)
    .map(([group, versions]) => ({
      // The core group's name is empty, which Go's omitempty leaves out.
      metadata: { ...(group ? { name: group } : {}), creationTimestamp: null },
      versions: versions.map((version) => ({
        version,
        freshness: 'Current',
        resources: types.filter((r) => r.group === group && r.version === version).map((r) => ({
          resource: r.plural,
          responseKind: { group, version, kind: r.kind },
          scope: r.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: r.singular,
          // Copies: an in-process client keeps this answer as it is (see jsonValue in server.ts).
          verbs: [...(r.verbs ?? STANDARD_VERBS)],
          ...(r.shortNames ? { shortNames: [...r.shortNames] } : {}),
          ...(r.categories ? { categories: [...r.categories] } : {}),
          ...(r.subresources ? {
            subresources: subresourcesOf(r).map((s) => ({
              subresource: s.name,
              responseKind: { group: s.group ?? group, version: s.version ?? version, kind: s.kind },
              verbs: s.verbs,
            })),
          } : {}),
        })),
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
