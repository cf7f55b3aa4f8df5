// From a manifest to where it lives on the server: its resource type, namespace and name.
import type { KubeClient } from './client/client.js';
import { resourceForKind, type ResourceInfo } from './client/discovery.js';
import { CliError } from './client/errors.js';
import type { Manifest } from './manifests.js';

export interface MappedManifest extends Manifest {
  resource: ResourceInfo;
  namespace?: string;
  name: string;
}

/**
 * Map every manifest before anything is sent, so a bad document stops the whole command with
 * nothing written. The object gets the namespace it will be written to, as kubectl sets it.
 */
export async function mapManifests(client: KubeClient, manifests: Manifest[], namespace: string, explicitNamespace: boolean): Promise<MappedManifest[]> {
  const resources = await client.discover();
  return manifests.map((m) => {
    const obj = structuredClone(m.object);
    const apiVersion = String(obj.apiVersion ?? '');
    const kind = String(obj.kind);
    const name = String(obj.metadata?.name ?? '');
    const resource = resourceForKind(resources, apiVersion, kind);
    if (!resource) {
      throw new CliError(`error: resource mapping not found for name: "${name}" namespace: "${obj.metadata?.namespace ?? ''}" from "${m.source}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`);
    }
    let ns: string | undefined;
    if (resource.namespaced) {
      const own = obj.metadata?.namespace;
      if (own && explicitNamespace && own !== namespace) {
        throw new CliError(`error: the namespace from the provided object "${own}" does not match the namespace "${namespace}". You must pass '--namespace=${own}' to perform this operation.`);
      }
      ns = own || namespace;
      obj.metadata = { ...obj.metadata, namespace: ns };
    }
    return { source: m.source, object: obj, resource, namespace: ns, name };
  });
}
