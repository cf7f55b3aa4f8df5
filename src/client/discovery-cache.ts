// Discovery kept on disk between commands, as kubectl keeps ~/.kube/cache/discovery: one directory
// per server (kubectl's naming), servergroups.json (an APIGroupList) and one
// GROUP/VERSION/serverresources.json (an APIResourceList) per group version, each trusted for six
// hours from when it was written. tkctl keeps its own tree so that it never rewrites kubectl's.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { apiVersionOf, resourcesFromList, type ResourceInfo } from './discovery.js';

/** kubectl's discovery cache TTL. */
export const DISCOVERY_TTL_MS = 6 * 60 * 60 * 1000;

/** Where tkctl keeps discovery caches: $TKCTL_HOME/cache/discovery ($TKCTL_HOME defaults to ~/.tkctl). */
export function discoveryCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.TKCTL_HOME || join(env.HOME || homedir(), '.tkctl'), 'cache', 'discovery');
}

/** kubectl's per-server directory: the scheme dropped, then every character outside [\w/.()] made "_". */
export function serverCacheDir(root: string, server: string): string {
  const schemeless = server.replace('https://', '').replace('http://', '');
  return join(root, schemeless.replace(/[^(\w/.)]/g, '_'));
}

export class DiscoveryCache {
  constructor(
    /** The server's directory, from serverCacheDir. */
    readonly dir: string,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = DISCOVERY_TTL_MS,
  ) {}

  /** Every cached resource in discovery order, or undefined when any file is missing or stale. */
  read(): ResourceInfo[] | undefined {
    const groups = this.readFresh('servergroups.json');
    if (groups?.kind !== 'APIGroupList') return undefined;
    const out: ResourceInfo[] = [];
    for (const g of groups.groups ?? []) {
      for (const v of g.versions ?? []) {
        const list = this.readFresh(join(gvPath(g.name, v.version), 'serverresources.json'));
        if (list?.kind !== 'APIResourceList') return undefined;
        out.push(...resourcesFromList(g.name, v.version, list));
      }
    }
    return out;
  }

  /** Replace the cache with these resources; a cache that cannot be written is only a lost shortcut. */
  write(resources: ResourceInfo[]): void {
    try {
      rmSync(this.dir, { recursive: true, force: true });
      for (const [gv, list] of groupVersions(resources)) {
        writeAtomically(join(this.dir, gv, 'serverresources.json'), JSON.stringify(list));
      }
      writeAtomically(join(this.dir, 'servergroups.json'), JSON.stringify(groupList(resources)));
    } catch {
      // Read-only home, full disk: the next command asks the server again.
    }
  }

  invalidate(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private readFresh(file: string): any {
    const path = join(this.dir, file);
    try {
      if (this.now() - statSync(path).mtimeMs > this.ttlMs) return undefined;
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      return undefined;
    }
  }
}

/**
 * True for the 404 a server gives for a path it does not serve at all ("the server could not find
 * the requested resource", no object named), as opposed to one object that does not exist: the
 * cached discovery that led there is out of date.
 */
export function isUnknownTypeStatus(status: number, body: string): boolean {
  if (status !== 404) return false;
  try {
    const s = JSON.parse(body);
    return s?.kind === 'Status' && !s.details?.name;
  } catch {
    return true;
  }
}

function gvPath(group: string, version: string): string {
  return group ? join(group, version) : version;
}

function groupList(resources: ResourceInfo[]): object {
  const versions = new Map<string, string[]>();
  for (const r of resources) {
    const list = versions.get(r.group) ?? versions.set(r.group, []).get(r.group)!;
    if (!list.includes(r.version)) list.push(r.version);
  }
  const gv = (group: string, version: string) => ({ groupVersion: apiVersionOf({ group, version }), version });
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...versions].map(([name, vs]) => ({
      name, versions: vs.map((v) => gv(name, v)), preferredVersion: gv(name, vs[0]),
    })),
  };
}

interface ResourceList {
  kind: 'APIResourceList';
  apiVersion: 'v1';
  groupVersion: string;
  resources: object[];
}

function groupVersions(resources: ResourceInfo[]): Map<string, ResourceList> {
  const lists = new Map<string, ResourceList>();
  for (const r of resources) {
    const path = gvPath(r.group, r.version);
    const list = lists.get(path) ?? { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(r), resources: [] };
    lists.set(path, list);
    list.resources.push({
      name: r.plural, singularName: r.singular, namespaced: r.namespaced, ...(r.group ? { group: r.group } : {}),
      version: r.version, kind: r.kind, verbs: r.verbs,
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}), ...(r.categories.length ? { categories: r.categories } : {}),
    });
  }
  return lists;
}

// Another tkctl process may read while this one writes: it sees the old file or the new, never half.
function writeAtomically(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o750 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o660 });
  renameSync(tmp, path);
}
