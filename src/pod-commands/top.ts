// `top pods|nodes`: the resource metrics API (metrics.k8s.io) printed as kubectl's metrics printer
// does: CPU in millicores, memory in Mi (rounded down), node percentages of allocatable.
import type { KubeClient } from '../client/client.js';
import { CliError } from '../client/errors.js';
import { parseQuantity } from '../printers/sort.js';
import { alignColumns } from '../printers/tabwriter.js';

export interface TopOptions {
  namespace: string;
  allNamespaces?: boolean;
  name?: string;
  selector?: string;
  fieldSelector?: string;
  containers?: boolean;
  sortBy?: string;
  noHeaders?: boolean;
  sum?: boolean;
}

export interface TopResult {
  stdout: string;
  stderr: string;
}

const METRICS = '/apis/metrics.k8s.io/v1beta1';
/** kubectl reports "metrics not available yet" for pods younger than this. */
const METRICS_CREATION_DELAY_MS = 2 * 60_000;

interface Usage { cpu: number; memory: number }

/** Millicores (rounded up, as Quantity.MilliValue) and bytes. */
function usageOf(u: Record<string, string> | undefined): Usage {
  const cpu = parseQuantity(u?.cpu ?? '0') ?? 0;
  const memory = parseQuantity(u?.memory ?? '0') ?? 0;
  return { cpu: Math.ceil(cpu * 1000 - 1e-9), memory: Math.ceil(memory - 1e-9) };
}

const cells = (u: Usage) => [`${u.cpu}m`, `${Math.floor(u.memory / 2 ** 20)}Mi`];

export function validateSortBy(sortBy: string | undefined): void {
  if (sortBy && sortBy !== 'cpu' && sortBy !== 'memory') {
    throw new CliError(`error: --sort-by accepts only cpu or memory`);
  }
}

async function ensureMetricsApi(client: KubeClient): Promise<void> {
  const resources = await client.discover();
  if (!resources.some((r) => r.group === 'metrics.k8s.io' && r.version === 'v1beta1')) throw new CliError('error: Metrics API not available');
}

function sortUsages<T>(items: T[], usage: (t: T) => Usage, name: (t: T) => string, sortBy: string | undefined): T[] {
  return [...items].sort((a, b) => {
    if (sortBy === 'cpu') return usage(b).cpu - usage(a).cpu;
    if (sortBy === 'memory') return usage(b).memory - usage(a).memory;
    const x = name(a);
    const y = name(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** A pod list older than kubectl's grace period should have metrics by now: its message. */
function goDurationSince(ms: number): string {
  const s = ms / 1000;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Number((s % 60).toFixed(9));
  return h ? `${h}h${m}m${sec}s` : m ? `${m}m${sec}s` : `${sec}s`;
}

export async function topPods(client: KubeClient, o: TopOptions, now = new Date()): Promise<TopResult> {
  validateSortBy(o.sortBy);
  await ensureMetricsApi(client);
  const ns = o.allNamespaces ? undefined : o.namespace;
  const base = ns ? `${METRICS}/namespaces/${ns}/pods` : `${METRICS}/pods`;
  const query: Record<string, string> = {};
  if (o.selector) query.labelSelector = o.selector;
  if (o.fieldSelector) query.fieldSelector = o.fieldSelector;
  const items: any[] = o.name ? [await client.request('GET', `${base}/${o.name}`)] : (await client.request('GET', base, { query })).items ?? [];
  let stderr = '';
  if (items.length === 0) {
    const podsPath = `/api/v1/namespaces/${o.namespace}/pods`;
    const pods: any[] = o.name ? [await client.request('GET', `${podsPath}/${o.name}`)] : (await client.request('GET', podsPath, { query })).items;
    if (pods.length) {
      for (const p of pods) {
        const age = now.getTime() - Date.parse(p.metadata.creationTimestamp);
        if (age > METRICS_CREATION_DELAY_MS) throw new CliError(`error: Metrics not available for pod ${p.metadata.namespace}/${p.metadata.name}, age: ${goDurationSince(age)}`);
      }
      throw new CliError('error: metrics not available yet');
    }
    stderr = o.allNamespaces ? 'No resources found\n' : `No resources found in ${o.namespace} namespace.\n`;
    return { stdout: '', stderr };
  }
  const podUsage = (m: any): Usage => (m.containers ?? []).reduce((t: Usage, c: any) => {
    const u = usageOf(c.usage);
    return { cpu: t.cpu + u.cpu, memory: t.memory + u.memory };
  }, { cpu: 0, memory: 0 });
  const withNs = !!o.allNamespaces;
  const sorted = sortUsages(items, podUsage, (m) => (withNs ? `${m.metadata.namespace}\u0000${m.metadata.name}` : m.metadata.name), o.sortBy);
  const rows: string[][] = [];
  if (!o.noHeaders) rows.push([...(withNs ? ['NAMESPACE'] : []), ...(o.containers ? ['POD'] : []), 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
  for (const m of sorted) {
    if (o.containers) {
      const containers = sortUsages(m.containers ?? [], (c: any) => usageOf(c.usage), (c: any) => c.name, o.sortBy);
      for (const c of containers) rows.push([...(withNs ? [m.metadata.namespace] : []), m.metadata.name, c.name, ...cells(usageOf(c.usage))]);
    } else rows.push([...(withNs ? [m.metadata.namespace] : []), m.metadata.name, ...cells(podUsage(m))]);
  }
  if (o.sum) {
    const width = 3 + (withNs ? 1 : 0) + (o.containers ? 1 : 0);
    const total = items.map(podUsage).reduce((t, u) => ({ cpu: t.cpu + u.cpu, memory: t.memory + u.memory }), { cpu: 0, memory: 0 });
    rows.push([...Array(width - 2).fill(''), '________', '________']);
    rows.push([...Array(width - 3).fill(''), '', ...cells(total)]);
  }
  // Every value is tab-terminated, as kubectl's printValue writes them.
  return { stdout: alignColumns(rows.map((r) => r.map((c) => `${c}\t`).join('') + '\n').join('')), stderr };
}

export async function topNodes(client: KubeClient, o: Pick<TopOptions, 'name' | 'selector' | 'sortBy' | 'noHeaders'> & { showCapacity?: boolean }): Promise<TopResult> {
  validateSortBy(o.sortBy);
  await ensureMetricsApi(client);
  const query: Record<string, string> = o.selector ? { labelSelector: o.selector } : {};
  const items: any[] = o.name ? [await client.request('GET', `${METRICS}/nodes/${o.name}`)] : (await client.request('GET', `${METRICS}/nodes`, { query })).items ?? [];
  if (items.length === 0) throw new CliError('error: metrics not available yet');
  const nodes: any[] = o.name ? [await client.request('GET', `/api/v1/nodes/${o.name}`)] : (await client.request('GET', '/api/v1/nodes', { query })).items;
  const available = new Map<string, Usage>(nodes.map((n) => [n.metadata.name, usageOf(o.showCapacity ? n.status?.capacity : n.status?.allocatable)]));
  const rows: string[][] = [];
  if (!o.noHeaders) rows.push(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
  const pct = (used: number, of: number | undefined) => (of ? `${Math.trunc((used / of) * 100)}%` : undefined);
  for (const m of sortUsages(items, (x: any) => usageOf(x.usage), (x: any) => x.metadata.name, o.sortBy)) {
    const u = usageOf(m.usage);
    const a = available.get(m.metadata.name);
    const [cpu, memory] = cells(u);
    // Percentages are in MilliValue terms, so memory is compared in milli-bytes too (the same ratio).
    rows.push([m.metadata.name, cpu!, ...(a ? [pct(u.cpu, a.cpu)!] : []), memory!, ...(a ? [pct(u.memory, a.memory)!] : [])]);
    available.delete(m.metadata.name);
  }
  for (const name of available.keys()) rows.push([name, '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
  return { stdout: alignColumns(rows.map((r) => r.map((c) => `${c}\t`).join('') + '\n').join('')), stderr: '' };
}
