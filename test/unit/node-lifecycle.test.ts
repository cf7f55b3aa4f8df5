// Node failure as a scenario: a worker whose kubelet stops heartbeating becomes NotReady after the
// 40s grace period, is tainted unreachable, its pods are evicted 300s later (the default
// tolerationSeconds) and recreated on the other worker; when it comes back the taints go.
import { describe, expect, it } from 'vitest';
import { START, useScenario } from './lifecycle-harness.js';
import { NodeHeartbeatController } from '../../src/backends/embedded/kubelet/node-heartbeat.js';
import { KubeletController } from '../../src/backends/embedded/kubelet/kubelet.js';
import { SchedulerController } from '../../src/backends/embedded/scheduler/scheduler.js';
import { ReplicaSetController } from '../../src/backends/embedded/controllers/replicaset.js';
import { NodeLifecycleController, evictionTime } from '../../src/backends/embedded/controllers/node-lifecycle.js';

const s = useScenario(() => [new NodeHeartbeatController(), new NodeLifecycleController(), new ReplicaSetController(), new SchedulerController(), new KubeletController()]);

const at = (seconds: number) => new Date(START.getTime() + seconds * 1000).toISOString().replace('.000Z', 'Z');
const node = (name: string) => s.client.request('GET', `/api/v1/nodes/${name}`);
const pods = async () => (await s.client.request('GET', '/api/v1/namespaces/default/pods')).items as any[];
const condition = (obj: any, type: string) => obj.status.conditions.find((c: any) => c.type === type);

async function events(component: string): Promise<Array<[string, string, string, string]>> {
  const list = (await s.client.request('GET', '/api/v1/namespaces/default/events')).items as any[];
  return list.filter((e) => e.source.component === component).map((e) => [e.involvedObject.name, e.type, e.reason, e.message]);
}

async function setDown(name: string, down: boolean): Promise<void> {
  await s.client.request('PATCH', `/api/v1/nodes/${name}`, {
    body: { metadata: { annotations: { 'sim.tkctl.dev/node-down': down ? 'true' : null } } }, contentType: 'application/merge-patch+json',
  });
}

const replicaSet = {
  apiVersion: 'apps/v1', kind: 'ReplicaSet',
  metadata: { name: 'web' },
  spec: {
    replicas: 4, selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] } },
  },
};

describe('node lifecycle', () => {
  it('a worker that stops heartbeating: NotReady at 40s, tainted, pods evicted 300s later onto the other worker, back to Ready', async () => {
    await s.client.request('POST', '/apis/apps/v1/namespaces/default/replicasets', { body: replicaSet });
    await s.settle();
    const before = await pods();
    const onWorker = before.filter((p) => p.spec.nodeName === 'kind-worker').map((p) => p.metadata.name).sort();
    expect(onWorker).toHaveLength(2);
    expect(before.every((p) => condition(p, 'Ready').status === 'True')).toBe(true);

    await setDown('kind-worker', true);
    s.advance(39);
    await s.settle();
    expect(condition(await node('kind-worker'), 'Ready').status).toBe('True');

    s.advance(1);
    await s.settle();
    const down = await node('kind-worker');
    expect(down.status.conditions.map((c: any) => [c.type, c.status, c.reason, c.message, c.lastTransitionTime])).toEqual([
      ['MemoryPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', at(40)],
      ['DiskPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', at(40)],
      ['PIDPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', at(40)],
      ['Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', at(40)],
    ]);
    expect(down.spec.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: at(40) },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: at(40) },
    ]);
    expect((await node('kind-worker2')).spec.taints).toBeUndefined();
    const notReady = await pods();
    for (const p of notReady) expect(condition(p, 'Ready').status).toBe(p.spec.nodeName === 'kind-worker' ? 'False' : 'True');
    expect((await events('node-controller')).sort()).toEqual([
      ['kind-worker', 'Normal', 'NodeNotReady', 'Node kind-worker status is now: NodeNotReady'],
      ...onWorker.map((name) => [name, 'Warning', 'NodeNotReady', 'Node is not ready']),
    ]);

    // The default toleration (unreachable:NoExecute for 300s) holds until the last second.
    s.advance(299);
    await s.settle();
    expect((await pods()).filter((p) => p.metadata.deletionTimestamp)).toEqual([]);

    s.advance(1);
    await s.settle();
    const after = await pods();
    const evicted = after.filter((p) => p.metadata.deletionTimestamp);
    expect(evicted.map((p) => p.metadata.name).sort()).toEqual(onWorker);
    for (const p of evicted) {
      expect(condition(p, 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
    }
    const active = after.filter((p) => !p.metadata.deletionTimestamp);
    expect(active).toHaveLength(4);
    expect(active.every((p) => p.spec.nodeName === 'kind-worker2' && p.status.phase === 'Running')).toBe(true);
    expect((await events('taint-eviction-controller')).sort()).toEqual(
      onWorker.map((name) => [name, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod default/${name}`]));

    // Back: the kubelet posts Ready, the taints go, and it finishes the deletions it missed.
    await setDown('kind-worker', false);
    await s.settle();
    const back = await node('kind-worker');
    expect(condition(back, 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(back.spec.taints).toBeUndefined();
    const final = await pods();
    expect(final).toHaveLength(4);
    expect(final.every((p) => p.spec.nodeName === 'kind-worker2')).toBe(true);
  });

  it('a pod that tolerates unreachable forever stays; a node that comes back in time evicts nothing', async () => {
    await s.client.request('POST', '/api/v1/namespaces/default/pods', {
      body: {
        apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stays' },
        spec: { nodeName: 'kind-worker', tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }], containers: [{ name: 'c', image: 'nginx' }] },
      },
    });
    await s.client.request('POST', '/api/v1/namespaces/default/pods', {
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'goes' }, spec: { nodeName: 'kind-worker', containers: [{ name: 'c', image: 'nginx' }] } },
    });
    await s.settle();
    await setDown('kind-worker', true);
    s.advance(40);
    await s.settle();
    s.advance(200);
    await s.settle();
    await setDown('kind-worker', false);
    await s.settle();
    expect((await node('kind-worker')).spec.taints).toBeUndefined();
    s.advance(200);
    await s.settle();
    expect((await pods()).map((p) => [p.metadata.name, !!p.metadata.deletionTimestamp, condition(p, 'Ready').status]).sort()).toEqual([
      ['goes', false, 'True'], ['stays', false, 'True'],
    ]);

    await setDown('kind-worker', true);
    s.advance(40 + 300);
    await s.settle();
    expect((await pods()).map((p) => [p.metadata.name, !!p.metadata.deletionTimestamp]).sort()).toEqual([['goes', false], ['stays', false]]);
    s.advance(300);
    await s.settle();
    expect((await pods()).map((p) => [p.metadata.name, !!p.metadata.deletionTimestamp]).sort()).toEqual([['goes', true], ['stays', false]]);
  });
});

describe('evictionTime', () => {
  const now = Date.parse('2025-01-01T00:10:00Z');
  const taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2025-01-01T00:00:00Z' };
  const pod = (tolerations: unknown[]) => ({ spec: { tolerations } });

  it('is now for an untolerated taint, never without tolerationSeconds, else the shortest after the taint', () => {
    expect(evictionTime(pod([]), [taint], now)).toBe(now);
    expect(evictionTime(pod([{ key: 'other', operator: 'Exists' }]), [taint], now)).toBe(now);
    expect(evictionTime(pod([{ operator: 'Exists' }]), [taint], now)).toBeUndefined();
    expect(evictionTime(pod([{ key: taint.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]), [taint], now))
      .toBe(Date.parse('2025-01-01T00:00:30Z'));
    expect(evictionTime(pod([{ key: taint.key, operator: 'Exists', tolerationSeconds: -5 }]), [taint], now)).toBe(Date.parse(taint.timeAdded));
    expect(evictionTime(pod([{ key: taint.key, operator: 'Equal', value: 'x' }]), [taint], now)).toBe(now);
    expect(evictionTime(pod([]), [], now)).toBeUndefined();
  });
});
