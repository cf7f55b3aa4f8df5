// The scheduler in scenarios on kind's three nodes (one control plane with its NoSchedule taint,
// two workers): where pods go, and the FailedScheduling message when they cannot go anywhere.
import { describe, expect, it } from 'vitest';
import { useScenario } from './lifecycle-harness.js';
import { ReplicaSetController } from '../../src/backends/embedded/controllers/replicaset.js';
import { SchedulerController } from '../../src/backends/embedded/scheduler/scheduler.js';
import { fitErrorMessage } from '../../src/backends/embedded/scheduler/fit-error.js';
import { parseQuantity, podRequests } from '../../src/backends/embedded/scheduler/resources.js';

const PODS = '/api/v1/namespaces/default/pods';
const s = useScenario(() => [new ReplicaSetController(), new SchedulerController()]);

function pod(name: string, spec: Record<string, unknown> = {}, container: Record<string, unknown> = {}) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', ...container }], ...spec } };
}

const cpu = (n: string) => ({ resources: { requests: { cpu: n } } });

async function listPods(): Promise<any[]> {
  return (await s.client.request('GET', PODS)).items;
}

async function events(reason: string): Promise<any[]> {
  return (await s.client.request('GET', '/api/v1/namespaces/default/events')).items.filter((e: any) => e.reason === reason);
}

describe('scheduler', () => {
  it('spreads a ReplicaSet over the workers, never the tainted control plane', async () => {
    await s.client.request('POST', '/apis/apps/v1/namespaces/default/replicasets', {
      body: {
        apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' },
        spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
      },
    });
    await s.settle();
    const pods = await listPods();
    expect(pods).toHaveLength(4);
    const nodes = pods.map((p) => p.spec.nodeName).sort();
    expect(nodes).toEqual(['kind-worker', 'kind-worker', 'kind-worker2', 'kind-worker2']);
    for (const p of pods) {
      expect(p.status.conditions.find((c: any) => c.type === 'PodScheduled')).toMatchObject({ status: 'True' });
    }
    const scheduled = await events('Scheduled');
    expect(scheduled.map((e) => e.message)).toContain(`Successfully assigned default/${pods[0].metadata.name} to ${pods[0].spec.nodeName}`);
    expect(scheduled[0].source).toEqual({ component: 'default-scheduler' });
  });

  it('leaves a pod asking for 100 CPUs Pending with kube-scheduler\'s message, and retries when a node changes', async () => {
    await s.client.request('POST', PODS, { body: pod('big', {}, cpu('100')) });
    await s.settle();
    const big = await s.find(`${PODS}/big`);
    expect(big.spec.nodeName).toBeUndefined();
    expect(big.status.phase).toBe('Pending');
    const message = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. '
      + 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    expect(big.status.conditions).toEqual([{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: '2025-03-04T05:06:07Z', reason: 'Unschedulable', message }]);
    const failed = await events('FailedScheduling');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ type: 'Warning', message });

    // A worker grows: the pod is tried again and fits.
    const worker = await s.client.request('GET', '/api/v1/nodes/kind-worker2');
    worker.status.allocatable.cpu = '128';
    worker.status.capacity.cpu = '128';
    await s.client.request('PUT', '/api/v1/nodes/kind-worker2/status', { body: worker });
    await s.settle();
    expect((await s.find(`${PODS}/big`)).spec.nodeName).toBe('kind-worker2');
  });

  it('counts what bound pods request: a third 3-CPU pod has no room left on two 4-CPU workers', async () => {
    for (const name of ['a', 'b', 'c']) await s.client.request('POST', PODS, { body: pod(name, {}, cpu('3')) });
    await s.settle();
    const pods = await listPods();
    const bound = pods.filter((p) => p.spec.nodeName).map((p) => p.spec.nodeName).sort();
    expect(bound).toEqual(['kind-worker', 'kind-worker2']);
    const pending = pods.find((p) => !p.spec.nodeName);
    expect(pending.status.conditions[0].message).toMatch(/^0\/3 nodes are available: 1 node\(s\) had untolerated taint \{node-role.kubernetes.io\/control-plane: \}, 2 Insufficient cpu\./);

    // Deleting a bound pod frees its CPUs for the waiting one.
    const freed = pods.find((p) => p.spec.nodeName === 'kind-worker');
    await s.client.request('DELETE', `${PODS}/${freed.metadata.name}`, { query: { gracePeriodSeconds: '0' } });
    await s.settle();
    expect((await s.find(`${PODS}/${pending.metadata.name}`)).spec.nodeName).toBe('kind-worker');
  });

  it('honours nodeSelector, required node affinity, tolerations and unschedulable nodes', async () => {
    await s.client.request('POST', PODS, { body: pod('pinned', { nodeSelector: { 'kubernetes.io/hostname': 'kind-worker2' } }) });
    await s.client.request('POST', PODS, {
      body: pod('affine', {
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['kind-worker'] }] }] } } },
      }),
    });
    await s.client.request('POST', PODS, {
      body: pod('cp', {
        nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
        tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
      }),
    });
    await s.client.request('POST', PODS, { body: pod('nowhere', { nodeSelector: { disk: 'ssd' } }) });
    await s.settle();
    expect((await s.find(`${PODS}/pinned`)).spec.nodeName).toBe('kind-worker2');
    expect((await s.find(`${PODS}/affine`)).spec.nodeName).toBe('kind-worker');
    expect((await s.find(`${PODS}/cp`)).spec.nodeName).toBe('kind-control-plane');
    expect((await s.find(`${PODS}/nowhere`)).status.conditions[0].message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. "
      + 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');

    // Cordon both workers: new pods have nowhere to go.
    for (const name of ['kind-worker', 'kind-worker2']) {
      await s.client.request('PATCH', `/api/v1/nodes/${name}`, { body: { spec: { unschedulable: true } }, contentType: 'application/merge-patch+json' });
    }
    await s.client.request('POST', PODS, { body: pod('late') });
    await s.settle();
    expect((await s.find(`${PODS}/late`)).status.conditions[0].message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable. '
      + 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  });

  it('keeps pods with required anti-affinity on hostname apart', async () => {
    const antiAffinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { tier: 'db' } } }] } };
    for (const name of ['db-0', 'db-1', 'db-2']) {
      const p = pod(name, { affinity: antiAffinity });
      (p.metadata.labels as Record<string, string>).tier = 'db';
      await s.client.request('POST', PODS, { body: p });
    }
    await s.settle();
    const pods = await listPods();
    expect(pods.filter((p) => p.spec.nodeName).map((p) => p.spec.nodeName).sort()).toEqual(['kind-worker', 'kind-worker2']);
    expect(pods.find((p) => !p.spec.nodeName).status.conditions[0].message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match pod anti-affinity rules. "
      + 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
  });
});

describe('scheduler pieces', () => {
  it('parses quantities and adds up a pod\'s requests as kube does', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('1Gi')).toBe(2 ** 30);
    expect(parseQuantity('2e3')).toBe(2000);
    expect(podRequests({
      spec: {
        containers: [{ resources: { requests: { cpu: '250m', memory: '64Mi' } } }, { resources: { limits: { cpu: '1' } } }],
        initContainers: [{ resources: { requests: { cpu: '2' } } }],
      },
    })).toEqual({ cpu: 2000, memory: 64 * 2 ** 20 });
  });

  it('words the message for an empty cluster and for preemptionPolicy Never', () => {
    expect(fitErrorMessage([])).toBe('no nodes available to schedule pods');
    expect(fitErrorMessage([{ reasons: ['Insufficient memory'], unresolvable: false }], 'Never'))
      .toBe('0/1 nodes are available: 1 Insufficient memory. preemption: not eligible due to preemptionPolicy=Never.');
  });
});
