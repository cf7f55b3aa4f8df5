// The simulated kubelets' node side: each live node renews its Lease in kube-node-lease every 10s
// and re-posts its Ready condition every 5 minutes (kubelet's nodeStatusReportFrequency) or at
// once when it is not Ready. Both only when due, so settling a command rarely writes.
import { timestamp, type KubeObject } from '../apiserver/objects.js';
import type { Cache, CacheChange } from '../controllers/cache.js';
import type { Controller, ControllerContext } from '../controllers/controller.js';
import { isNodeDown } from './annotations.js';

type Obj = KubeObject & { spec?: any; status?: any };

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const LEASE_DURATION_SECONDS = 40;
const RENEW_INTERVAL_MS = 10_000;
const STATUS_REPORT_MS = 5 * 60_000;
const LEASES = `/apis/coordination.k8s.io/v1/namespaces/${NODE_LEASE_NAMESPACE}/leases`;

function microTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

export class NodeHeartbeatController implements Controller {
  readonly name = 'node-heartbeat';
  readonly component = 'kubelet';
  readonly types = ['nodes', 'coordination.k8s.io/leases'];

  keysFor(change: CacheChange, _cache: Cache): string[] {
    if (change.type === 'nodes') return [change.object.metadata?.name ?? ''];
    return change.object.metadata?.namespace === NODE_LEASE_NAMESPACE ? [change.object.metadata?.name ?? ''] : [];
  }

  async sync(name: string, ctx: ControllerContext): Promise<Date | undefined> {
    const node = ctx.cache.get('nodes', name) as Obj | undefined;
    if (!node || isNodeDown(node)) return undefined;
    const now = ctx.now().getTime();
    const renewedAt = await renewLease(ctx, node, now);
    const reportedAt = await reportReady(ctx, node, now);
    return new Date(Math.min(renewedAt + RENEW_INTERVAL_MS, reportedAt + STATUS_REPORT_MS));
  }
}

/** Renew the node's lease if due; returns when it was last renewed. */
async function renewLease(ctx: ControllerContext, node: Obj, now: number): Promise<number> {
  const name = node.metadata!.name!;
  const lease = ctx.cache.get('coordination.k8s.io/leases', `${NODE_LEASE_NAMESPACE}/${name}`) as Obj | undefined;
  const renewed = lease?.spec?.renewTime ? Date.parse(lease.spec.renewTime) : undefined;
  if (renewed !== undefined && now - renewed < RENEW_INTERVAL_MS) return renewed;
  const spec = { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(now) };
  if (lease) {
    await ctx.client.request('PUT', `${LEASES}/${name}`, { body: { ...lease, spec: { ...lease.spec, ...spec } } });
  } else {
    await ctx.client.request('POST', LEASES, {
      body: {
        apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
        metadata: {
          name, namespace: NODE_LEASE_NAMESPACE,
          ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata!.uid }],
        },
        spec,
      },
    });
  }
  return now;
}

/** What a healthy kubelet reports for each node condition. */
const HEALTHY: Array<{ type: string; status: string; reason: string; message: string }> = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
];

/**
 * Post the node conditions' heartbeat if due, or at once when something (the node lifecycle
 * controller) marked them otherwise: the kubelet reports its own view of every condition.
 */
async function reportReady(ctx: ControllerContext, node: Obj, now: number): Promise<number> {
  const conditions: any[] = node.status?.conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready');
  const beat = ready?.lastHeartbeatTime ? Date.parse(ready.lastHeartbeatTime) : 0;
  const healthy = HEALTHY.every((h) => conditions.some((c) => c.type === h.type && c.status === h.status));
  if (healthy && now - beat < STATUS_REPORT_MS) return beat;
  const at = timestamp(new Date(now));
  const next = [
    ...conditions.filter((c) => !HEALTHY.some((h) => h.type === c.type)).map((c) => ({ ...c, lastHeartbeatTime: at })),
    ...HEALTHY.map((h) => {
      const old = conditions.find((c) => c.type === h.type);
      return { ...h, lastHeartbeatTime: at, lastTransitionTime: old?.status === h.status ? old.lastTransitionTime : at };
    }),
  ];
  await ctx.client.request('PUT', `/api/v1/nodes/${node.metadata!.name}/status`, { body: { ...node, status: { ...node.status, conditions: next } } });
  return now;
}
