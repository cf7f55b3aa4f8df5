// The StatefulSet controller in scenarios: pods start 10 s after binding (a start delay), so the
// order in which they are created and removed is visible step by step.
import { describe, expect, it } from 'vitest';
import { useScenario } from './lifecycle-harness.js';
import { StatefulSetController } from '../../src/backends/embedded/controllers/statefulset.js';
import { SchedulerController } from '../../src/backends/embedded/scheduler/scheduler.js';
import { KubeletController } from '../../src/backends/embedded/kubelet/kubelet.js';

const STS = '/apis/apps/v1/namespaces/default/statefulsets';
const PODS = '/api/v1/namespaces/default/pods';
const s = useScenario(() => [new StatefulSetController(), new SchedulerController(), new KubeletController()]);

function web(extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
    spec: {
      replicas: 3, serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      ...extra,
      template: {
        metadata: { labels: { app: 'nginx' }, annotations: { 'sim.tkctl.dev/start-delay': '10s' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
}

const podNames = async () => ((await s.client.request('GET', PODS)).items as any[]).filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort();
const status = async () => (await s.client.request('GET', `${STS}/web`)).status;
const step = async (seconds = 10) => {
  s.advance(seconds);
  await s.settle();
};

describe('StatefulSet controller', () => {
  it('creates web-0, web-1, web-2 in order, each after the previous is Running and Ready', async () => {
    await s.client.request('POST', STS, { body: web() });
    await s.settle();
    expect(await podNames()).toEqual(['web-0']);
    await step();
    expect(await podNames()).toEqual(['web-0', 'web-1']);
    await step();
    expect(await podNames()).toEqual(['web-0', 'web-1', 'web-2']);
    await step();

    const pod = await s.client.request('GET', `${PODS}/web-1`);
    const st = await status();
    expect(pod.metadata.labels).toEqual({
      app: 'nginx', 'controller-revision-hash': st.updateRevision, 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1',
    });
    expect(pod.spec.hostname).toBe('web-1');
    expect(pod.spec.subdomain).toBe('nginx');
    expect(pod.spec.volumes[0]).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } });
    expect(st).toEqual({
      observedGeneration: 1, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3,
      currentRevision: st.updateRevision, updateRevision: expect.stringMatching(/^web-[a-z0-9]+$/), collisionCount: 0, availableReplicas: 3,
    });
    const claims = (await s.client.request('GET', '/api/v1/namespaces/default/persistentvolumeclaims')).items;
    expect(claims.map((c: any) => [c.metadata.name, c.metadata.labels, c.status.phase, c.status.capacity])).toEqual([
      ['www-web-0', { app: 'nginx' }, 'Bound', { storage: '1Gi' }],
      ['www-web-1', { app: 'nginx' }, 'Bound', { storage: '1Gi' }],
      ['www-web-2', { app: 'nginx' }, 'Bound', { storage: '1Gi' }],
    ]);
    const events = (await s.client.request('GET', '/api/v1/namespaces/default/events')).items
      .filter((e: any) => e.involvedObject.kind === 'StatefulSet').map((e: any) => e.message);
    expect(events).toContain('create Claim www-web-0 Pod web-0 in StatefulSet web success');
    expect(events).toContain('create Pod web-2 in StatefulSet web successful');
  });

  it('scales down from the highest ordinal, keeping the claims', async () => {
    await s.client.request('POST', STS, { body: web({ podManagementPolicy: 'Parallel' }) });
    await s.settle();
    expect(await podNames()).toEqual(['web-0', 'web-1', 'web-2']);
    await step();
    await s.client.request('PATCH', `${STS}/web`, { body: { spec: { replicas: 1, podManagementPolicy: 'Parallel' } }, contentType: 'application/merge-patch+json' });
    await s.settle();
    expect(await podNames()).toEqual(['web-0']);
    const claims = (await s.client.request('GET', '/api/v1/namespaces/default/persistentvolumeclaims')).items;
    expect(claims).toHaveLength(3);
  });

  it('scales down one pod at a time in reverse order under OrderedReady', async () => {
    const set = web();
    (set.spec.template.metadata.annotations as Record<string, string>)['sim.tkctl.dev/stop-delay'] = '5s';
    await s.client.request('POST', STS, { body: set });
    await s.settle();
    for (let i = 0; i < 3; i++) await step();
    await s.client.request('PATCH', `${STS}/web`, { body: { spec: { replicas: 1 } }, contentType: 'application/merge-patch+json' });
    await s.settle();
    expect(await podNames()).toEqual(['web-0', 'web-1']); // web-2 terminating
    await step(5);
    expect(await podNames()).toEqual(['web-0']); // web-2 gone, web-1 terminating
    expect(((await s.client.request('GET', PODS)).items as any[]).map((p) => p.metadata.name).sort()).toEqual(['web-0', 'web-1']);
    await step(5);
    expect((await status()).replicas).toBe(1);
  });

  it('rolls out a new template from the highest ordinal down to the partition', async () => {
    await s.client.request('POST', STS, { body: web({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }) });
    await s.settle();
    for (let i = 0; i < 3; i++) await step();
    const before = (await status()).currentRevision;
    await s.client.request('PATCH', `${STS}/web`, {
      body: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } } } },
      contentType: 'application/merge-patch+json',
    });
    await s.settle();
    const image = async (n: string) => (await s.client.request('GET', `${PODS}/${n}`)).spec.containers[0].image;
    expect([await image('web-1'), await image('web-2')]).toEqual(['nginx:1.27', 'nginx:1.28']); // web-2 replaced first
    for (let i = 0; i < 4; i++) await step();
    expect(await Promise.all(['web-0', 'web-1', 'web-2'].map(image))).toEqual(['nginx:1.27', 'nginx:1.28', 'nginx:1.28']);
    const st = await status();
    expect(st).toMatchObject({ currentRevision: before, currentReplicas: 1, updatedReplicas: 2, readyReplicas: 3 });
    expect(st.updateRevision).not.toBe(before);
  });
});
