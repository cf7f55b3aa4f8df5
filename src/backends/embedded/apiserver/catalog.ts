// The resource types the API server serves right now: the built-in ones and those of the
// established CustomResourceDefinitions in the store. Other processes write CRDs too, so the
// catalog looks at the store on every use but a built-in path's; it re-reads the definitions only
// when one changed (the store's version of the CRD prefix is the cache key).
import type { Store } from '../store/store.js';
import { CRD_PREFIX, customResourceTypes } from './crd/definition.js';
import { RESOURCE_TYPES, type ResourceType } from './resources.js';

// The built-in types by group, version and plural (see pathKey); the first of a path wins, as with find().
const BUILT_IN_BY_PATH = indexByPath(RESOURCE_TYPES);

export class ResourceCatalog {
  private version = '';
  private cached: ResourceType[] = RESOURCE_TYPES;
  /** The cached types, indexed as BUILT_IN_BY_PATH. */
  private byPath = BUILT_IN_BY_PATH;

  constructor(private readonly store: Store) {}

  /** Every served type: the built-in ones first, then custom ones by group. */
  types(): ResourceType[] {
    // The cheap check first, the definitions only when one changed.
    const version = this.store.prefixVersion(CRD_PREFIX);
    if (version !== this.version) {
      const custom = this.store.list(CRD_PREFIX).items.flatMap((kv) => customResourceTypes(JSON.parse(kv.value)));
      this.cached = [...RESOURCE_TYPES, ...custom.filter((r) => !clashesWithBuiltIn(r))];
      this.byPath = indexByPath(this.cached);
      this.version = version;
    }
    return this.cached;
  }

  find(group: string, version: string, plural: string): ResourceType | undefined {
    const key = pathKey(group, version, plural);
    // A built-in path is never a custom resource's: no need to look at the store for it.
    const builtIn = BUILT_IN_BY_PATH.get(key);
    if (builtIn) return builtIn;
    this.types();
    return this.byPath.get(key);
  }
}

// Unambiguous whatever the (decoded) path segments hold.
function pathKey(group: string, version: string, plural: string): string {
  return JSON.stringify([group, version, plural]);
}

function indexByPath(types: ResourceType[]): Map<string, ResourceType> {
  const out = new Map<string, ResourceType>();
  for (const r of types) {
    const key = pathKey(r.group, r.version, r.plural);
    if (!out.has(key)) out.set(key, r);
  }
  return out;
}

// A CRD cannot take over a built-in resource's path (kube-apiserver's built-in handlers win).
function clashesWithBuiltIn(r: ResourceType): boolean {
  return RESOURCE_TYPES.some((b) => b.group === r.group && b.version === r.version && b.plural === r.plural);
}
