// kube-scheduler's FailedScheduling message (framework.FitError), including what preemption
// concluded: "0/3 nodes are available: 1 node(s) had untolerated taint {…}, 2 Insufficient cpu.
// preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No
// preemption victims found for incoming pod."
import type { Rejection } from './filters.js';

/** "N reason" for every reason, counted over nodes and sorted as Go's sort.Strings does. */
function histogram(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(', ');
}

/**
 * The message for a pod no node could take. Preemption finds no victims here: the simulated
 * cluster's pods share one priority, so it only tells which nodes it could not help on.
 */
export function fitErrorMessage(rejections: Rejection[], preemptionPolicy?: string): string {
  const total = rejections.length;
  if (total === 0) return 'no nodes available to schedule pods';
  let message = `0/${total} nodes are available`;
  const reasons = histogram(rejections.flatMap((r) => r.reasons));
  message += reasons ? `: ${reasons}.` : '.';
  if (preemptionPolicy === 'Never') return `${message} preemption: not eligible due to preemptionPolicy=Never.`;
  const preemption = histogram(rejections.map((r) => (r.unresolvable ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod')));
  return `${message} preemption: 0/${total} nodes are available${preemption ? `: ${preemption}` : ''}.`;
}
