// The DaemonSet controller in scenarios on kind's three nodes (a tainted control plane and two
// workers), with the scheduler binding its pods and the kubelets running them.
import { describe, expect, it } from 'vitest';
import { useScenario } from './lifecycle-harness.js';
import { DaemonSetController } from '../../src/backends/embedded/controllers/daemonset.js';
import { placement, surgeAndUnavailable } from '../../src/backends/embedded/controllers/daemonset-util.js';
import { SchedulerController } from '../../src/backends/embedded/scheduler/scheduler.js';
import { KubeletController } from '../../src/backends/embedded/kubelet/kubelet.js';

const DS = '/apis/apps/v1/namespaces/default/daemonsets';
const PODS = '/api/v1/namespaces/default/pods';
const s = useScenario(() => [new DaemonSetController(), new SchedulerController(), new KubeletController()]);

function daemonSet(extra: { tolerations?: unknown[]; nodeSelector?: Record<string, string>; image?: string; rollingUpdate?: unknown } = {}) {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      ...(extra.rollingUpdate ? { updateStrategy: { type: 'RollingUpdate', rollingUpdate: extra.rollingUpdate } } : {}),
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: {
          containers: [{ name: 'agent', image: extra.image ?? 'fluentd:1' }],
          ...(extra.tolerations ? { tolerations: extra.tolerations } : {}),
          ...(extra.nodeSelector ? { nodeSelector: extra.nodeSelector } : {}),
        },
      },
    },
  };
}

const pods = async () => ((await s.client.request('GET', PODS)).items as any[]).filter((p) => !p.metadata.deletionTimestamp);
const nodesOf = async () => (await pods()).map((p) => p.spec.nodeName).sort();
const status = async () => (await s.client.request('GET', `${DS}/agent`)).status;

describe('DaemonSet controller', () => {
  it('runs one pod on every worker, bound by the scheduler through a matchFields affinity', async () => {
    await s.client.request('POST', DS, { body: daemonSet() });
    await s.settle();
    const all = await pods();
    expect(all.map((p) => p.spec.nodeName).sort()).toEqual(['kind-worker', 'kind-worker2']);
    const pod = all.find((p) => p.spec.nodeName === 'kind-worker')!;
    expect(pod.metadata.name).toMatch(/^agent-[a-z0-9]{5}$/);
    expect(pod.metadata.labels).toEqual({ app: 'agent', 'controller-revision-hash': expect.stringMatching(/^[a-z0-9]+$/), 'pod-template-generation': '1' });
    expect(pod.spec.affinity).toEqual({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['kind-worker'] }] }] } } });
    expect(pod.spec.tolerations.map((t: any) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    expect(await status()).toEqual({
      currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 2,
      observedGeneration: 1, updatedNumberScheduled: 2, numberAvailable: 2,
    });
    const revisions = (await s.client.request('GET', '/apis/apps/v1/namespaces/default/controllerrevisions')).items;
    expect(revisions.map((r: any) => [r.metadata.name, r.revision])).toEqual([[`agent-${pod.metadata.labels['controller-revision-hash']}`, 1]]);
  });

  it('includes the control plane when the pods tolerate its taint, and follows nodeSelector', async () => {
    await s.client.request('POST', DS, { body: daemonSet({ tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }) });
    await s.settle();
    expect(await nodesOf()).toEqual(['kind-control-plane', 'kind-worker', 'kind-worker2']);
    await s.client.request('PATCH', `${DS}/agent`, {
      body: { spec: { template: { spec: { nodeSelector: { 'kubernetes.io/hostname': 'kind-worker2' } } } } }, contentType: 'application/merge-patch+json',
    });
    await s.settle();
    expect(await nodesOf()).toEqual(['kind-worker2']);
    expect(await status()).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 0 });
  });

  it('rolls a new template out one node at a time (maxUnavailable 1)', async () => {
    await s.client.request('POST', DS, { body: daemonSet() });
    await s.settle();
    await s.client.request('PATCH', `${DS}/agent`, {
      body: { spec: { template: { spec: { containers: [{ name: 'agent', image: 'fluentd:2' }] } } } }, contentType: 'application/merge-patch+json',
    });
    await s.settle();
    const images = (await pods()).map((p) => p.spec.containers[0].image).sort();
    expect(images).toEqual(['fluentd:2', 'fluentd:2']);
    expect(await status()).toMatchObject({ updatedNumberScheduled: 2, numberAvailable: 2, observedGeneration: 2 });
    const revisions = (await s.client.request('GET', '/apis/apps/v1/namespaces/default/controllerrevisions')).items;
    expect(revisions.map((r: any) => r.revision).sort()).toEqual([1, 2]);
  });

  it('decides placement from selectors and taints, and scales surge limits', () => {
    const ds = daemonSet({ nodeSelector: { disk: 'ssd' } });
    const node = (labels: Record<string, string>, taints: unknown[] = []) => ({ metadata: { name: 'n', labels }, spec: { taints } });
    expect(placement(ds, node({ disk: 'ssd' }))).toEqual({ shouldRun: true, shouldContinueRunning: true });
    expect(placement(ds, node({}))).toEqual({ shouldRun: false, shouldContinueRunning: false });
    expect(placement(ds, node({ disk: 'ssd' }, [{ key: 'x', effect: 'NoSchedule' }]))).toEqual({ shouldRun: false, shouldContinueRunning: true });
    expect(placement(ds, node({ disk: 'ssd' }, [{ key: 'x', effect: 'NoExecute' }]))).toEqual({ shouldRun: false, shouldContinueRunning: false });
    expect(placement(ds, node({ disk: 'ssd' }, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]))).toEqual({ shouldRun: true, shouldContinueRunning: true });
    expect(surgeAndUnavailable(daemonSet({ rollingUpdate: { maxSurge: '10%', maxUnavailable: 0 } }), 15)).toEqual([2, 0]);
    expect(surgeAndUnavailable(daemonSet({ rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }), 15)).toEqual([0, 1]);
  });

  it('surges a new pod before removing the old one with maxSurge', async () => {
    await s.client.request('POST', DS, { body: daemonSet({ rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }) });
    await s.settle();
    s.advance(1); // so the surge pod is the younger one on its node
    await s.client.request('PATCH', `${DS}/agent`, {
      body: { spec: { template: { metadata: { annotations: { 'sim.tkctl.dev/start-delay': '10s' } } } } }, contentType: 'application/merge-patch+json',
    });
    await s.settle();
    // One new pod starting beside the two old ones, which both stay up.
    const during = await pods();
    expect(during).toHaveLength(3);
    expect((await status()).numberAvailable).toBe(2);
    for (let i = 0; i < 4; i++) {
      s.advance(10);
      await s.settle();
    }
    const after = await pods();
    expect(after).toHaveLength(2);
    expect(after.every((p) => p.metadata.annotations?.['sim.tkctl.dev/start-delay'] === '10s')).toBe(true);
  });
});
