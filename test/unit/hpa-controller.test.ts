// The HorizontalPodAutoscaler in scenarios: a Deployment whose pods use what their
// sim.tkctl.dev/cpu annotation says, scaled up under load and back after the 300 s window; and
// the replica arithmetic on its own.
import { describe, expect, it } from 'vitest';
import { useScenario } from './lifecycle-harness.js';
import { HorizontalPodAutoscalerController } from '../../src/backends/embedded/controllers/hpa.js';
import { cpuReplicas, limitWithBehavior, limitWithoutBehavior, scaleDownLimit, scaleUpLimit, withinWindow } from '../../src/backends/embedded/controllers/hpa-util.js';
import { DeploymentController } from '../../src/backends/embedded/controllers/deployment.js';
import { ReplicaSetController } from '../../src/backends/embedded/controllers/replicaset.js';
import { SchedulerController } from '../../src/backends/embedded/scheduler/scheduler.js';
import { KubeletController } from '../../src/backends/embedded/kubelet/kubelet.js';

const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';
const HPA = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers';
const s = useScenario(() => [new HorizontalPodAutoscalerController(), new DeploymentController(), new ReplicaSetController(), new SchedulerController(), new KubeletController()]);

function deployment(cpu: string) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'php' },
    spec: {
      replicas: 1, selector: { matchLabels: { app: 'php' } },
      template: {
        metadata: { labels: { app: 'php' }, annotations: { 'sim.tkctl.dev/cpu': cpu } },
        spec: { containers: [{ name: 'php', image: 'php:8', resources: { requests: { cpu: '200m' } } }] },
      },
    },
  };
}

const hpa = {
  apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'php' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php' }, minReplicas: 1, maxReplicas: 6,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
  },
};

const replicas = async () => (await s.client.request('GET', `${DEPLOY}/php`)).spec.replicas;
const status = async () => (await s.client.request('GET', `${HPA}/php`)).status;
const step = async (seconds = 15) => {
  s.advance(seconds);
  await s.settle();
};
const condition = (st: any, type: string) => st.conditions.find((c: any) => c.type === type);

describe('HorizontalPodAutoscaler controller', () => {
  it('scales a deployment up under load and back down after the stabilisation window', async () => {
    await s.client.request('POST', DEPLOY, { body: deployment('300m') }); // 150% of the request
    await s.settle();
    await s.client.request('POST', HPA, { body: hpa });
    await s.settle();
    expect(await replicas()).toBe(3); // ceil(150 / 50 * 1)
    let st = await status();
    expect(st.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 150, averageValue: '300m' } } }]);
    expect(st).toMatchObject({ currentReplicas: 1, desiredReplicas: 3, lastScaleTime: s.now.toISOString().replace(/\.\d+Z$/, 'Z') });
    expect(condition(st, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 3' });
    expect(condition(st, 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' });
    expect(condition(st, 'ScalingLimited')).toMatchObject({ status: 'False', reason: 'DesiredWithinRange' });

    await step(); // 150% against 50% is a ratio of 3: ceil(3 * 3) = 9, held at maxReplicas
    expect(await replicas()).toBe(6);
    st = await status();
    expect(condition(st, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
    const rescales = ((await s.client.request('GET', '/api/v1/namespaces/default/events')).items as any[])
      .filter((e) => e.reason === 'SuccessfulRescale').sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion)).map((e) => e.message);
    expect(rescales).toEqual([
      'New size: 3; reason: cpu resource utilization (percentage of request) above target',
      'New size: 6; reason: cpu resource utilization (percentage of request) above target',
    ]);

    // The load goes away: 10m of 200m is 5%, which asks for 1 replica, but not before 300 s have passed.
    await s.client.request('PATCH', `${DEPLOY}/php`, {
      body: { spec: { template: { metadata: { annotations: { 'sim.tkctl.dev/cpu': '10m' } } } } }, contentType: 'application/merge-patch+json',
    });
    await s.settle();
    for (let i = 0; i < 4; i++) await step();
    expect(await replicas()).toBe(6);
    st = await status();
    expect(st.currentMetrics[0].resource.current.averageUtilization).toBe(5);
    expect(condition(st, 'AbleToScale')).toMatchObject({ reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' });
    await step(300 - 60);
    expect(await replicas()).toBe(1);
    st = await status();
    expect(st).toMatchObject({ currentReplicas: 6, desiredReplicas: 1 });
  });

  it('reports a container without a CPU request', async () => {
    const d = deployment('100m');
    d.spec.template.spec.containers[0]!.resources = { requests: {} } as any;
    await s.client.request('POST', DEPLOY, { body: d });
    await s.settle();
    await s.client.request('POST', HPA, { body: hpa });
    await s.settle();
    const st = await status();
    expect(condition(st, 'ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric' });
    expect(condition(st, 'ScalingActive').message).toMatch(/^the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container php of Pod php-[a-z0-9]+-[a-z0-9]{5}$/);
  });
});

describe('replica arithmetic', () => {
  const pod = (usage: number | undefined, unready = false) => ({ usage, request: 100, unready });

  it('scales by the usage ratio outside a 10% tolerance', () => {
    expect(cpuReplicas(2, [pod(54), pod(54)], 50)).toEqual({ replicas: 2, utilization: 54, averageMillis: 54 });
    expect(cpuReplicas(2, [pod(80), pod(80)], 50).replicas).toBe(4);
    expect(cpuReplicas(4, [pod(10), pod(10), pod(10), pod(10)], 50).replicas).toBe(1);
  });

  it('treats unready pods as idle when scaling up, and missing metrics cautiously', () => {
    // Ready pods at 100% would ask for 4; with the two starting pods counted idle, 50% of 4 pods.
    expect(cpuReplicas(4, [pod(100), pod(100), pod(undefined, true), pod(undefined, true)], 50).replicas).toBe(4);
    expect(cpuReplicas(3, [pod(150), pod(150), pod(undefined, true)], 50).replicas).toBe(6);
    expect(cpuReplicas(2, [pod(10), pod(undefined)], 50).replicas).toBe(2);
  });

  it('limits without behavior to doubling, min and max', () => {
    expect(limitWithoutBehavior(1, 10, 1, 10)).toMatchObject({ replicas: 4, reason: 'ScaleUpLimit' });
    expect(limitWithoutBehavior(5, 20, 1, 8)).toMatchObject({ replicas: 8, reason: 'TooManyReplicas' });
    expect(limitWithoutBehavior(3, 0, 2, 8)).toMatchObject({ replicas: 2, reason: 'TooFewReplicas' });
  });

  it('applies scaling policies over their periods', () => {
    const up = { selectPolicy: 'Max' as const, policies: [{ type: 'Pods' as const, value: 4, periodSeconds: 15 }, { type: 'Percent' as const, value: 100, periodSeconds: 15 }] };
    expect(scaleUpLimit(1, [], up, 100)).toBe(5);
    expect(scaleUpLimit(10, [], up, 100)).toBe(20);
    expect(scaleUpLimit(5, [[95, 4]], up, 100)).toBe(5);
    const down = { selectPolicy: 'Max' as const, policies: [{ type: 'Percent' as const, value: 50, periodSeconds: 60 }] };
    expect(scaleDownLimit(10, [], down, 100)).toBe(5);
    expect(limitWithBehavior(10, 1, 1, 20, { scaleDown: down }, [], [], 100)).toMatchObject({ replicas: 5, reason: 'ScaleDownLimit' });
  });

  it('keeps the recommendations in force during a window', () => {
    expect(withinWindow([[0, 5], [100, 2], [200, 3]], 350, 300)).toEqual([5, 2, 3]);
    expect(withinWindow([[0, 5], [100, 2], [200, 3]], 420, 300)).toEqual([2, 3]);
    expect(withinWindow([[0, 5]], 420, 0)).toEqual([]);
  });
});
