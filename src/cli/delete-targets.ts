// What `delete` arguments name: TYPE NAME..., TYPE/NAME..., -f files, or TYPE with -l/--all.
import { resourcePath, type KubeClient } from '../client/client.js';
import { CliError } from '../client/errors.js';
import type { DeleteTarget } from '../delete.js';
import { parseResourceArgs } from '../get.js';
import { readManifests } from '../manifests.js';
import { mapManifests } from '../mapping.js';

export interface TargetFlags {
  filenames?: string[];
  recursive: boolean;
  selector?: string;
  fieldSelector?: string;
  all: boolean;
  allNamespaces: boolean;
  explicitNamespace: boolean;
}

export async function resolveDeleteTargets(client: KubeClient, args: string[], f: TargetFlags): Promise<DeleteTarget[]> {
  if (f.filenames?.length) {
    if (args.length) throw new CliError('error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form');
    const mapped = await mapManifests(client, await readManifests(f.filenames, { recursive: f.recursive }), client.namespace, f.explicitNamespace);
    return mapped.map((m) => ({ resource: m.resource, namespace: m.namespace, name: m.name, source: m.source }));
  }
  if (args.length === 0) {
    throw new CliError('error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
  }
  const requests = await parseResourceArgs(client, args);
  const byName = requests.some((r) => r.names.length);
  if (!byName && !f.selector && !f.fieldSelector && !f.all) {
    throw new CliError(`error: resource(s) were provided, but no name was specified`);
  }
  if (byName && (f.selector || f.all)) throw new CliError('error: name cannot be provided when a selector is specified');
  const targets: DeleteTarget[] = [];
  for (const { resource, names } of requests) {
    const namespace = resource.namespaced ? client.namespace : undefined;
    if (names.length) {
      targets.push(...names.map((name) => ({ resource, namespace, name })));
      continue;
    }
    const query: Record<string, string> = {};
    if (f.selector) query.labelSelector = f.selector;
    if (f.fieldSelector) query.fieldSelector = f.fieldSelector;
    const list = await client.request('GET', resourcePath(resource, f.allNamespaces ? undefined : namespace), { query });
    for (const item of list.items ?? []) targets.push({ resource, namespace: item.metadata?.namespace, name: item.metadata.name });
  }
  return targets;
}
