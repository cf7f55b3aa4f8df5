// The resource types the API server serves right now: the built-in ones and those of the
// established CustomResourceDefinitions in the store. Other processes write CRDs too, so the
// catalog looks at the store on every use; it re-reads the definitions only when one changed
// (the store's version of the CRD prefix is the cache key).
import type { Store } from '../store/store.js';
import { CRD_PREFIX, customResourceTypes } from './crd/definition.js';
import { RESOURCE_TYPES, type ResourceType } from './resources.js';

export class ResourceCatalog {
  private version = '';
  private cached: ResourceType[] = RESOURCE_TYPES;

  constructor(private readonly store: Store) {}

  /** Every served type: the built-in ones first, then custom ones by group. */
  types(): ResourceType[] {
    // Looked at twice a request: the cheap check first, the definitions only when one changed.
    const version = this.store.prefixVersion(CRD_PREFIX);
    if (version !== this.version) {
      const custom = this.store.list(CRD_PREFIX).items.flatMap((kv) => customResourceTypes(JSON.parse(kv.value)));
      this.cached = [...RESOURCE_TYPES, ...custom.filter((r) => !clashesWithBuiltIn(r))];
      this.version = version;
    }
    return this.cached;
  }

  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.types().find((r) => r.group === group && r.version === version && r.plural === plural);
  }
}

// A CRD cannot take over a built-in resource's path (kube-apiserver's built-in handlers win).
function clashesWithBuiltIn(r: ResourceType): boolean {
  return RESOURCE_TYPES.some((b) => b.group === r.group && b.version === r.version && b.plural === r.plural);
}
