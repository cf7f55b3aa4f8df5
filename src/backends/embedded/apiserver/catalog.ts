// The resource types the API server serves right now: the built-in ones and those of the
// established CustomResourceDefinitions in the store. Other processes write CRDs too, so the
// catalog looks at the store on every use; it re-reads the definitions only when one changed
// (the keys and revisions under the CRD prefix are the cache key).
import type { Store } from '../store/store.js';
import { CRD_PREFIX, customResourceTypes } from './crd/definition.js';
import { RESOURCE_TYPES, type ResourceType } from './resources.js';

export class ResourceCatalog {
  private signature = '';
  private cached: ResourceType[] = RESOURCE_TYPES;

  constructor(private readonly store: Store) {}

  /** Every served type: the built-in ones first, then custom ones by group. */
  types(): ResourceType[] {
    const { items } = this.store.list(CRD_PREFIX);
    const signature = items.map((kv) => `${kv.key}@${kv.revision}`).join('\n');
    if (signature !== this.signature) {
      const custom = items.flatMap((kv) => customResourceTypes(JSON.parse(kv.value)));
      this.cached = [...RESOURCE_TYPES, ...custom.filter((r) => !clashesWithBuiltIn(r))];
      this.signature = signature;
    }
    return this.cached;
  }

  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.types().find((r) => r.group === group && r.version === version && r.plural === plural);
  }

  /** The served custom types a CRD (by name) defines. */
  definedBy(crdName: string): ResourceType[] {
    return this.types().filter((r) => r.custom?.definition === crdName);
  }
}

// A CRD cannot take over a built-in resource's path (kube-apiserver's built-in handlers win).
function clashesWithBuiltIn(r: ResourceType): boolean {
  return RESOURCE_TYPES.some((b) => b.group === r.group && b.version === r.version && b.plural === r.plural);
}
