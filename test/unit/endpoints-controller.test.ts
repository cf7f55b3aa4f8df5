import { describe, expect, it } from 'vitest';
import { useScenario } from './lifecycle-harness.js';
import { EndpointsController } from '../../src/backends/embedded/controllers/endpoints.js';
import { GarbageCollector } from '../../src/backends/embedded/controllers/garbage-collector.js';

const PODS = '/api/v1/namespaces/default/pods';
const SLICES = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';

describe('endpoints and endpointslice controllers', () => {
  const s = useScenario(() => [new EndpointsController(), new GarbageCollector()]);

  async function service(name: string, ports: unknown[], extra: Record<string, unknown> = {}) {
    return s.client.request('POST', '/api/v1/namespaces/default/services', {
      body: { metadata: { name, labels: { tier: 'web' } }, spec: { selector: { app: 'nginx' }, ports, ...extra } },
    });
  }

  async function pod(name: string, ip: string | undefined, ready: boolean, node = 'kind-worker') {
    const created = await s.client.request('POST', PODS, {
      body: {
        metadata: { name, labels: { app: 'nginx' } },
        spec: { nodeName: node, containers: [{ name: 'nginx', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] },
      },
    });
    if (ip) await setStatus(created, ip, ready);
    return s.client.request('GET', `${PODS}/${name}`);
  }

  async function setStatus(p: any, ip: string, ready: boolean) {
    const current = await s.client.request('GET', `${PODS}/${p.metadata.name}`);
    await s.client.request('PUT', `${PODS}/${p.metadata.name}/status`, {
      body: {
        ...current,
        status: {
          ...current.status, phase: 'Running', podIP: ip, podIPs: [{ ip }],
          conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: s.now.toISOString().replace('.000', '') }],
        },
      },
    });
  }

  const ref = (p: any) => ({ kind: 'Pod', namespace: 'default', name: p.metadata.name, uid: p.metadata.uid });

  async function slicesOf(svc: string) {
    return (await s.client.request('GET', SLICES, { query: { labelSelector: `kubernetes.io/service-name=${svc}` } })).items as any[];
  }

  it('lists ready and not-ready pods with the ports their targetPorts resolve to', async () => {
    const svc = await service('nginx', [{ port: 80, targetPort: 'http' }]);
    const a = await pod('nginx-a', '10.244.1.2', true);
    const b = await pod('nginx-b', '10.244.2.2', false, 'kind-worker2');
    await pod('nginx-c', undefined, false);
    s.advance(5);
    await s.settle();
    const ep = await s.client.request('GET', '/api/v1/namespaces/default/endpoints/nginx');
    expect(ep.metadata.labels).toEqual({ tier: 'web' });
    expect(ep.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': '2025-03-04T05:06:07Z' });
    expect(ep.subsets).toEqual([{
      addresses: [{ ip: '10.244.1.2', nodeName: 'kind-worker', targetRef: ref(a) }],
      notReadyAddresses: [{ ip: '10.244.2.2', nodeName: 'kind-worker2', targetRef: ref(b) }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);

    const slices = await slicesOf('nginx');
    expect(slices).toHaveLength(1);
    const slice = slices[0];
    expect(slice.metadata.name).toMatch(/^nginx-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice.metadata.generateName).toBe('nginx-');
    expect(slice.metadata.labels).toEqual({
      tier: 'web', 'kubernetes.io/service-name': 'nginx', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(slice.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'nginx', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }]);
    expect(slice.endpoints).toEqual([
      { addresses: ['10.244.1.2'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'kind-worker', targetRef: ref(a) },
      { addresses: ['10.244.2.2'], conditions: { ready: false, serving: false, terminating: false }, nodeName: 'kind-worker2', targetRef: ref(b) },
    ]);
  });

  it('follows pod readiness, and keeps terminating pods in the slice only', async () => {
    await service('nginx', [{ name: 'web', port: 80, targetPort: 8080 }]);
    const a = await pod('nginx-a', '10.244.1.2', false);
    await s.settle();
    let ep = await s.client.request('GET', '/api/v1/namespaces/default/endpoints/nginx');
    expect(ep.subsets[0].addresses).toBeUndefined();
    expect(ep.subsets[0].notReadyAddresses).toHaveLength(1);

    s.advance(10);
    await setStatus(a, '10.244.1.2', true);
    await s.settle();
    ep = await s.client.request('GET', '/api/v1/namespaces/default/endpoints/nginx');
    expect(ep.subsets).toEqual([{ addresses: [{ ip: '10.244.1.2', nodeName: 'kind-worker', targetRef: ref(a) }], ports: [{ name: 'web', port: 8080, protocol: 'TCP' }] }]);
    expect(ep.metadata.annotations['endpoints.kubernetes.io/last-change-trigger-time']).toBe('2025-03-04T05:06:17Z');
    expect((await slicesOf('nginx'))[0].endpoints[0].conditions).toEqual({ ready: true, serving: true, terminating: false });

    // A pod on a node shuts down gracefully: gone from Endpoints, terminating in the slice.
    await s.client.request('DELETE', `${PODS}/nginx-a`);
    await s.settle();
    ep = await s.client.request('GET', '/api/v1/namespaces/default/endpoints/nginx');
    expect(ep.subsets).toBeUndefined();
    const [slice] = await slicesOf('nginx');
    expect(slice.ports).toEqual([{ name: 'web', port: 8080, protocol: 'TCP' }]);
    expect(slice.endpoints[0].conditions).toEqual({ ready: false, serving: true, terminating: true });

    await s.client.request('DELETE', `${PODS}/nginx-a`, { query: { gracePeriodSeconds: '0' } });
    await s.settle();
    const slices = await slicesOf('nginx');
    expect(slices).toHaveLength(1);
    expect(slices[0].endpoints).toBeNull();
    expect(slices[0].ports).toBeNull();
  });

  it('keeps one placeholder slice for a service without pods, and cleans up when the service goes', async () => {
    await service('nginx', [{ port: 80 }]);
    await s.settle();
    const [placeholder] = await slicesOf('nginx');
    expect(placeholder).toMatchObject({ addressType: 'IPv4', endpoints: null, ports: null });
    const ep = await s.client.request('GET', '/api/v1/namespaces/default/endpoints/nginx');
    expect(ep.subsets).toBeUndefined();

    await pod('nginx-a', '10.244.1.2', true);
    await s.settle();
    const slices = await slicesOf('nginx');
    expect(slices.map((x) => x.metadata.name)).toEqual([placeholder.metadata.name]);
    expect(slices[0].ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);

    await s.client.request('DELETE', '/api/v1/namespaces/default/services/nginx');
    await s.settle();
    expect(await s.find('/api/v1/namespaces/default/endpoints/nginx')).toBeUndefined();
    expect(await slicesOf('nginx')).toEqual([]);
  });

  it('spreads more than 100 endpoints over slices, and leaves services without a selector alone', async () => {
    await service('nginx', [{ port: 80 }]);
    await s.client.request('POST', '/api/v1/namespaces/default/services', { body: { metadata: { name: 'external' }, spec: { ports: [{ port: 80 }] } } });
    for (let i = 0; i < 130; i++) await pod(`nginx-${i}`, `10.244.1.${i + 2}`, true);
    await s.settle();
    const sizes = (await slicesOf('nginx')).map((x) => x.endpoints.length).sort((a, b) => a - b);
    expect(sizes).toEqual([30, 100]);
    const ep = await s.client.request('GET', '/api/v1/namespaces/default/endpoints/nginx');
    expect(ep.subsets[0].addresses).toHaveLength(130);
    expect(await s.find('/api/v1/namespaces/default/endpoints/external')).toBeUndefined();
    expect(await slicesOf('external')).toEqual([]);
  });

  it('points the kubernetes service at the API server on the control-plane node', async () => {
    await s.settle();
    const ep = await s.client.request('GET', '/api/v1/namespaces/default/endpoints/kubernetes');
    expect(ep.metadata.labels).toEqual({ 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    expect(ep.subsets).toEqual([{ addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]);
    const slice = await s.client.request('GET', `${SLICES}/kubernetes`);
    expect(slice.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'kubernetes' });
    expect(slice.endpoints).toEqual([{ addresses: ['172.18.0.2'], conditions: { ready: true } }]);
    expect(slice.ports).toEqual([{ name: 'https', port: 6443, protocol: 'TCP' }]);
  });
});
