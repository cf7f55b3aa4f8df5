// The names a completion offers from the cluster or the kubeconfig: resource types as
// `api-resources -o name --verbs=get` lists them, object names of a type, namespaces, contexts.
import { resourcePath, type KubeClient } from '../client/client.js';
import type { ResourceInfo } from '../client/discovery.js';
import { resolveResource } from '../client/discovery.js';
import { printApiResources, selectResources } from '../metadata-commands/api-resources.js';
import type { CommandSpec } from './words.js';

/** Commands whose first argument is a type, and further ones names of it. */
const byTypeAndName = new Set(['get', 'describe', 'delete', 'label', 'annotate', 'edit', 'scale', 'explain', 'wait']);
/** Commands whose argument is a pod. */
const byPod = new Set(['logs', 'exec', 'port-forward', 'attach', 'top:pod']);
/** Commands whose argument is a context of the kubeconfig. */
const byContext = new Set(['config:use-context', 'config:delete-context', 'config:rename-context']);

export interface Sources {
  client(): Promise<KubeClient>;
  contexts(): string[];
}

export async function argumentCandidates(command: CommandSpec, position: number, positionals: string[], current: string, sources: Sources): Promise<string[]> {
  if (byContext.has(command.id)) return position === 0 ? sources.contexts() : [];
  if (byPod.has(command.id)) return position === 0 ? names(await sources.client(), 'pods') : [];
  if (!byTypeAndName.has(command.id)) return [];
  const client = await sources.client();
  const slash = current.indexOf('/');
  if (slash >= 0) {
    const type = current.slice(0, slash);
    return (await names(client, type)).map((name) => `${type}/${name}`);
  }
  if (position === 0) return types(await client.discover());
  if (command.id === 'explain' || positionals[0]!.includes('/')) return [];
  // `get deploy,po NAME`: the names of every type listed.
  const lists = await Promise.all(positionals[0]!.split(',').filter(Boolean).map((t) => names(client, t)));
  const given = new Set(positionals.slice(1));
  return [...new Set(lists.flat())].filter((name) => !given.has(name));
}

export async function flagValueCandidates(flag: string, sources: Sources): Promise<string[]> {
  if (flag === 'namespace') return names(await sources.client(), 'namespaces');
  if (flag === 'context') return sources.contexts();
  return [];
}

function types(resources: ResourceInfo[]): string[] {
  return printApiResources(selectResources(resources, { 'no-headers': true, verbs: ['get'] }), { output: 'name', 'no-headers': true }).split('\n').filter(Boolean);
}

async function names(client: KubeClient, type: string): Promise<string[]> {
  const resource = resolveResource(await client.discover(), type);
  const list = await client.request('GET', resourcePath(resource, client.namespace));
  return (list.items ?? []).map((item: { metadata: { name: string } }) => item.metadata.name);
}
