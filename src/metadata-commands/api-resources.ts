// `kubectl api-resources` and `kubectl api-versions` from discovery.
import type { KubeClient } from '../client/client.js';
import { CliError } from '../client/errors.js';
import { apiVersionOf, preferred, type ResourceInfo } from '../client/discovery.js';
import { alignColumns } from '../printers/index.js';

export interface ApiResourcesFlags {
  output?: string;
  namespaced?: boolean;
  'api-group'?: string;
  verbs?: string[];
  'sort-by'?: string;
  'no-headers': boolean;
  cached?: boolean;
}

/** strconv.ParseBool, for --namespaced=VALUE. */
export function parseGoBool(value: string, flag: string, command: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw new CliError(`error: invalid argument "${value}" for "--${flag}" flag: strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax\nSee 'tkctl ${command} --help' for usage.`);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The rows kubectl prints: filtered, then sorted by group (or --sort-by) and name, stably. */
export function selectResources(all: ResourceInfo[], f: ApiResourcesFlags): ResourceInfo[] {
  const verbs = f.verbs ?? [];
  const rows = preferred(all).filter((r) => r.verbs.length > 0
    && (f['api-group'] === undefined || r.group === f['api-group'])
    && (f.namespaced === undefined || r.namespaced === f.namespaced)
    && verbs.every((v) => r.verbs.includes(v)));
  const key = (r: ResourceInfo) => (f['sort-by'] === 'name' ? r.plural : f['sort-by'] === 'kind' ? r.kind : r.group);
  return rows.sort((a, b) => compare(key(a), key(b)) || compare(a.plural, b.plural));
}

export function printApiResources(rows: ResourceInfo[], f: ApiResourcesFlags): string {
  if (f.output === 'name') return rows.map((r) => (r.group ? `${r.plural}.${r.group}` : r.plural) + '\n').join('');
  const wide = f.output === 'wide';
  const lines: string[] = [];
  if (!f['no-headers']) lines.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])].join('\t'));
  for (const r of rows) {
    const cells = [r.plural, r.shortNames.join(','), apiVersionOf(r), String(r.namespaced), r.kind];
    if (wide) cells.push([...new Set(r.verbs)].sort().join(','), r.categories.join(','));
    lines.push(cells.join('\t'));
  }
  return alignColumns(lines.map((l) => l + '\n').join(''));
}

export async function runApiResources(client: KubeClient, args: string[], f: ApiResourcesFlags): Promise<string> {
  if (args.length) throw new CliError(`error: unexpected arguments: [${args.join(' ')}]\nSee 'tkctl api-resources -h' for help and examples`);
  if (f.output && !['wide', 'name'].includes(f.output)) throw new CliError(`error: --output ${f.output} is not available`);
  if (f['sort-by'] && !['name', 'kind'].includes(f['sort-by'])) throw new CliError('error: --sort-by accepts only name or kind');
  // kubectl asks the server afresh unless told --cached.
  return printApiResources(selectResources(await (f.cached ? client.discover() : client.rediscover()), f), f);
}

/** Every group version the server serves, sorted (kubectl api-versions). */
export async function runApiVersions(client: KubeClient): Promise<string> {
  return (await client.groupVersions()).sort(compare).map((v) => v + '\n').join('');
}
