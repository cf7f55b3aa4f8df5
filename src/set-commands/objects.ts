// The objects a workload command (set, scale, rollout, wait) names: TYPE NAME..., TYPE/NAME...,
// TYPE with -l or --all, or -f files, fetched from the server as kubectl's resource builder does.
import { resourcePath, type KubeClient } from '../client/client.js';
import { apiVersionOf, type ResourceInfo } from '../client/discovery.js';
import { CliError } from '../client/errors.js';
import { parseResourceArgs } from '../get.js';
import { readManifests } from '../manifests.js';
import { mapManifests } from '../mapping.js';

export interface Selection {
  filenames?: string[];
  recursive?: boolean;
  selector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  explicitNamespace?: boolean;
}

export interface Found {
  resource: ResourceInfo;
  namespace?: string;
  object: Record<string, any>;
}

export const RESOURCE_REQUIRED = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/** Objects keep their type meta (lists drop it from items) so printers can name them. */
export function withTypeMeta(resource: ResourceInfo, object: Record<string, any>): Record<string, any> {
  return { apiVersion: apiVersionOf(resource), kind: resource.kind, ...object };
}

/** Fetch what the arguments name, in the order named. */
export async function findObjects(client: KubeClient, args: string[], sel: Selection): Promise<Found[]> {
  if (sel.filenames?.length) {
    if (args.length) throw new CliError('error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form');
    const mapped = await mapManifests(client, await readManifests(sel.filenames, { recursive: sel.recursive }), client.namespace, !!sel.explicitNamespace);
    const found: Found[] = [];
    for (const m of mapped) {
      const object = await client.getObject(m.resource, m.namespace, m.name);
      found.push({ resource: m.resource, namespace: m.namespace, object: withTypeMeta(m.resource, object) });
    }
    return found;
  }
  if (args.length === 0) throw new CliError(RESOURCE_REQUIRED);
  const requests = await parseResourceArgs(client, args);
  const byName = requests.some((r) => r.names.length);
  if (byName && (sel.selector || sel.all)) throw new CliError('error: name cannot be provided when a selector is specified');
  if (!byName && !sel.selector && !sel.all) throw new CliError('error: resource(s) were provided, but no name was specified');
  const found: Found[] = [];
  for (const { resource, names } of requests) {
    const namespace = resource.namespaced ? client.namespace : undefined;
    if (names.length) {
      for (const name of names) {
        const object = await client.getObject(resource, namespace, name);
        found.push({ resource, namespace, object: withTypeMeta(resource, object) });
      }
      continue;
    }
    const query: Record<string, string> = sel.selector ? { labelSelector: sel.selector } : {};
    const list = await client.request('GET', resourcePath(resource, sel.allNamespaces ? undefined : namespace), { query });
    for (const item of list.items ?? []) found.push({ resource, namespace: item.metadata?.namespace, object: withTypeMeta(resource, item) });
  }
  return found;
}
