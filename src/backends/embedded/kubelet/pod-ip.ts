// Pod IPs from the node's pod CIDR (kind: 10.244.N.0/24), handed out in turn as a host-local IPAM
// does, never one a pod on the node still holds.
import type { KubeObject } from '../apiserver/objects.js';

type Obj = KubeObject & { spec?: any; status?: any };

/** The node's InternalIP. */
export function nodeIP(node: Obj): string {
  return (node.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address ?? '';
}

/** The next free address of the node's /24 after the highest one its pods hold (.1 is the gateway). */
export function allocatePodIP(node: Obj, held: Iterable<string>): string {
  const cidr: string = node.spec?.podCIDR ?? '10.244.0.0/24';
  const prefix = cidr.replace(/\.\d+\/\d+$/, '.');
  const used = new Set<number>();
  for (const ip of held) {
    if (ip.startsWith(prefix)) used.add(Number(ip.slice(prefix.length)));
  }
  const start = used.size ? Math.max(...used) + 1 : 2;
  for (let i = 0; i < 253; i++) {
    const host = 2 + ((start - 2 + i) % 253);
    if (!used.has(host)) return `${prefix}${host}`;
  }
  throw new Error(`no free pod IP in ${cidr}`);
}
