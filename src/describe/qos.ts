// A pod's QoS class (qos.GetPodQOS): status.qosClass when set, else computed from its containers.
import type { Obj } from './format.js';
import { parseQuantity } from './quantity.js';

const SUPPORTED = ['cpu', 'memory'];

export function podQOS(pod: Obj): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const containers: Obj[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let allLimited = true;
  for (const c of containers) {
    for (const [name, v] of Object.entries(c.resources?.requests ?? {})) {
      const q = parseQuantity(v).value;
      if (SUPPORTED.includes(name) && q !== 0) requests.set(name, (requests.get(name) ?? 0) + q);
    }
    const limited = new Set<string>();
    for (const [name, v] of Object.entries(c.resources?.limits ?? {})) {
      const q = parseQuantity(v).value;
      if (SUPPORTED.includes(name) && q !== 0) {
        limited.add(name);
        limits.set(name, (limits.get(name) ?? 0) + q);
      }
    }
    if (limited.size !== SUPPORTED.length) allLimited = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  const matching = [...requests].every(([n, v]) => limits.get(n) === v);
  return allLimited && matching && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
