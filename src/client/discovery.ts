// What kinds a server serves, from aggregated discovery (/api and /apis in one request each), and
// how kubectl turns what a user types ("po", "deploy", "deployments.apps", "Pod") into a resource.
import { CliError } from './errors.js';

export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
}

export function apiVersionOf(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** "pods" or "deployments.apps": how kubectl names a resource type in messages. */
export function qualifiedName(r: ResourceInfo): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** Resources of an aggregated discovery document (apidiscovery.k8s.io/v2 APIGroupDiscoveryList). */
export function resourcesFromAggregated(doc: any): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const item of doc?.items ?? []) {
    const group = item.metadata?.name ?? '';
    for (const v of item.versions ?? []) {
      for (const r of v.resources ?? []) {
        out.push({
          group, version: v.version, kind: r.responseKind?.kind ?? '', plural: r.resource, singular: r.singularResource ?? '',
          namespaced: r.scope === 'Namespaced', shortNames: r.shortNames ?? [], categories: r.categories ?? [], verbs: r.verbs ?? [],
        });
      }
    }
  }
  return out;
}

/** Resources of a legacy APIResourceList (/api/v1, /apis/G/V), subresources left out. */
export function resourcesFromList(group: string, version: string, doc: any): ResourceInfo[] {
  return (doc?.resources ?? [])
    .filter((r: any) => !String(r.name).includes('/'))
    .map((r: any) => ({
      group, version, kind: r.kind, plural: r.name, singular: r.singularName || String(r.kind).toLowerCase(), namespaced: !!r.namespaced,
      shortNames: r.shortNames ?? [], categories: r.categories ?? [], verbs: r.verbs ?? [],
    }));
}

/**
 * Keep one entry per group and resource: the version listed first is the group's preferred one,
 * and the core group wins over others for names both define (kubectl's priority RESTMapper).
 */
export function preferred(resources: ResourceInfo[]): ResourceInfo[] {
  const seen = new Set<string>();
  return resources.filter((r) => {
    const key = `${r.group}/${r.plural}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Resolve a resource argument as kubectl does: plural, singular, short name or kind, optionally
 * qualified with a group ("deployments.apps") or group and version ("deployments.v1.apps").
 */
export function resolveResource(resources: ResourceInfo[], arg: string): ResourceInfo {
  const wanted = arg.toLowerCase();
  const candidates = preferred(resources);
  const matchName = (r: ResourceInfo, name: string) =>
    r.plural === name || r.singular === name || r.kind.toLowerCase() === name || r.shortNames.includes(name);
  // Unqualified: the first group that has it, core first (discovery order).
  let found = candidates.find((r) => matchName(r, wanted));
  if (!found && wanted.includes('.')) {
    const [name, ...rest] = wanted.split('.');
    const tail = rest.join('.');
    found = candidates.find((r) => matchName(r, name) && r.group === tail)
      ?? resources.find((r) => matchName(r, name) && `${r.version}.${r.group}` === tail)
      ?? candidates.find((r) => matchName(r, name) && r.group.startsWith(tail + '.'));
  }
  if (!found) throw new CliError(`error: the server doesn't have a resource type "${arg}"`);
  return found;
}

/** The resource serving (apiVersion, kind); the error is kubectl's for a manifest of an unknown kind. */
export function resourceForKind(resources: ResourceInfo[], apiVersion: string, kind: string): ResourceInfo | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  return resources.find((r) => r.group === group && r.version === version && r.kind === kind);
}

/** Resources in a category, such as "all". */
export function resourcesInCategory(resources: ResourceInfo[], category: string): ResourceInfo[] {
  return preferred(resources).filter((r) => r.categories.includes(category));
}
