// kind's cluster config (kind.x-k8s.io/v1alpha4): the nodes of an embedded cluster.
import { parse as parseYaml } from 'yaml';

export interface PortMapping { containerPort: number; hostPort?: number; listenAddress?: string; protocol?: 'TCP' | 'UDP' | 'SCTP' }
export interface NodeConfig { role: 'control-plane' | 'worker'; extraPortMappings?: PortMapping[]; labels?: Record<string, string> }
export interface ClusterConfig { nodes: NodeConfig[] }

export class ClusterConfigError extends Error {}

const TOP_FIELDS = new Set(['kind', 'apiVersion', 'name', 'nodes', 'networking', 'featureGates', 'runtimeConfig', 'kubeadmConfigPatches', 'kubeadmConfigPatchesJSON6902', 'containerdConfigPatches', 'containerdConfigPatchesJSON6902']);
const NODE_FIELDS = new Set(['role', 'image', 'labels', 'extraMounts', 'extraPortMappings', 'kubeadmConfigPatches', 'kubeadmConfigPatchesJSON6902']);
const PORT_FIELDS = new Set(['containerPort', 'hostPort', 'listenAddress', 'protocol']);

export const DEFAULT_CLUSTER_CONFIG: ClusterConfig = { nodes: [{ role: 'control-plane' }] };

/** Parse and check a kind config; every problem is a ClusterConfigError naming the field. */
export function parseClusterConfig(text: string, source: string): ClusterConfig {
  let doc: any;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ClusterConfigError(`error parsing ${source}: ${(e as Error).message.split('\n')[0]}`);
  }
  const fail = (msg: string): never => {
    throw new ClusterConfigError(`invalid cluster config ${JSON.stringify(source)}: ${msg}`);
  };
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) fail('expected a kind Cluster document');
  if (doc.kind !== 'Cluster') fail(`kind: Unsupported value: ${JSON.stringify(doc.kind ?? '')}: supported values: "Cluster"`);
  if (doc.apiVersion !== 'kind.x-k8s.io/v1alpha4') {
    fail(`apiVersion: Unsupported value: ${JSON.stringify(doc.apiVersion ?? '')}: supported values: "kind.x-k8s.io/v1alpha4"`);
  }
  for (const k of Object.keys(doc)) if (!TOP_FIELDS.has(k)) fail(`unknown field "${k}"`);
  const nodes: NodeConfig[] = [];
  const raw = doc.nodes ?? DEFAULT_CLUSTER_CONFIG.nodes;
  if (!Array.isArray(raw)) fail('nodes: Invalid value: expected a list of nodes');
  raw.forEach((n: any, i: number) => {
    const at = `nodes[${i}]`;
    if (!n || typeof n !== 'object') fail(`${at}: Invalid value: expected a node`);
    for (const k of Object.keys(n)) if (!NODE_FIELDS.has(k)) fail(`unknown field "${at}.${k}"`);
    const role = n.role ?? 'control-plane';
    if (role !== 'control-plane' && role !== 'worker') {
      fail(`${at}.role: Unsupported value: ${JSON.stringify(role)}: supported values: "control-plane", "worker"`);
    }
    const ports: PortMapping[] = [];
    (n.extraPortMappings ?? []).forEach((p: any, j: number) => {
      const pat = `${at}.extraPortMappings[${j}]`;
      for (const k of Object.keys(p ?? {})) if (!PORT_FIELDS.has(k)) fail(`unknown field "${pat}.${k}"`);
      if (!isPort(p?.containerPort)) fail(`${pat}.containerPort: Invalid value: ${JSON.stringify(p?.containerPort)}: must be between 1 and 65535, inclusive`);
      if (p.hostPort !== undefined && !isPort(p.hostPort)) fail(`${pat}.hostPort: Invalid value: ${JSON.stringify(p.hostPort)}: must be between 1 and 65535, inclusive`);
      ports.push({ ...p });
    });
    nodes.push({ role, ...(ports.length ? { extraPortMappings: ports } : {}), ...(n.labels ? { labels: n.labels } : {}) });
  });
  if (!nodes.some((n) => n.role === 'control-plane')) fail('nodes: Required value: must have at least one control-plane node');
  return { nodes };
}

function isPort(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;
}

/** kind's node names: NAME-control-plane, NAME-control-plane2, NAME-worker, NAME-worker2, ... */
export function nodeNames(cluster: string, config: ClusterConfig): string[] {
  const counts: Record<string, number> = {};
  return config.nodes.map((n) => {
    const c = (counts[n.role] = (counts[n.role] ?? 0) + 1);
    return `${cluster}-${n.role}${c > 1 ? c : ''}`;
  });
}
