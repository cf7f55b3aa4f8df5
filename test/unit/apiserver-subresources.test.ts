// Conformance of the embedded API server's subresources (scale, binding, status) and of the service
// address allocation with kube-apiserver.
import { describe, expect, it } from 'vitest';
import { DEPLOYMENTS, PODS, SERVICES, deployment, failure, pod, useApiServer } from './apiserver-harness.js';

const h = useApiServer();
const MERGE = 'application/merge-patch+json';

describe('scale', () => {
  it('reads a deployment as an autoscaling/v1 Scale', async () => {
    const d = await h.create(DEPLOYMENTS, deployment('web', 2));
    const res = await h.get(`${DEPLOYMENTS}/web/scale`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web', namespace: 'default', uid: d.metadata.uid, resourceVersion: d.metadata.resourceVersion, creationTimestamp: '2025-03-04T05:06:07Z' },
      spec: { replicas: 2 },
      status: { replicas: 0, selector: 'app=web' },
    });
  });

  it('writes replicas with PUT and PATCH', async () => {
    await h.create(DEPLOYMENTS, deployment('web'));
    const scale = (await h.get(`${DEPLOYMENTS}/web/scale`)).body;
    const put = await h.put(`${DEPLOYMENTS}/web/scale`, { ...scale, spec: { replicas: 3 } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ kind: 'Scale', spec: { replicas: 3 } });
    const d = (await h.get(`${DEPLOYMENTS}/web`)).body;
    expect(d.spec.replicas).toBe(3);
    expect(d.metadata.generation).toBe(2);
    expect(put.body.metadata.resourceVersion).toBe(d.metadata.resourceVersion);

    const patched = await h.patch(`${DEPLOYMENTS}/web/scale`, MERGE, { spec: { replicas: 5 } });
    expect(patched.status).toBe(200);
    expect(patched.body.spec.replicas).toBe(5);
    expect((await h.get(`${DEPLOYMENTS}/web`)).body.spec.replicas).toBe(5);
  });

  it('refuses a stale Scale with 409 Conflict', async () => {
    await h.create(DEPLOYMENTS, deployment('web'));
    const scale = (await h.get(`${DEPLOYMENTS}/web/scale`)).body;
    await h.put(`${DEPLOYMENTS}/web/scale`, { ...scale, spec: { replicas: 2 } });
    const stale = await h.put(`${DEPLOYMENTS}/web/scale`, { ...scale, spec: { replicas: 4 } });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe('Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('refuses negative replicas', async () => {
    await h.create(DEPLOYMENTS, deployment('web'));
    const res = await h.patch(`${DEPLOYMENTS}/web/scale`, MERGE, { spec: { replicas: -1 } });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });

  it('is not served for kinds without it', async () => {
    await h.create(PODS, pod('p'));
    expect((await h.get(`${PODS}/p/scale`)).status).toBe(404);
  });
});

describe('binding', () => {
  const binding = (name: string, node: string, annotations?: Record<string, string>) => ({
    apiVersion: 'v1', kind: 'Binding', metadata: { name, ...(annotations ? { annotations } : {}) }, target: { apiVersion: 'v1', kind: 'Node', name: node },
  });

  it('assigns the pod to the node once', async () => {
    await h.create(PODS, pod('p'));
    h.now = new Date('2025-03-04T05:07:00Z');
    const res = await h.post(`${PODS}/p/binding`, binding('p', 'n', { 'scheduler.example/score': '7' }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    const bound = (await h.get(`${PODS}/p`)).body;
    expect(bound.spec.nodeName).toBe('n');
    expect(bound.metadata.annotations).toEqual({ 'scheduler.example/score': '7' });
    expect(bound.metadata.generation).toBe(1);
    expect(bound.status.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-03-04T05:07:00Z' }]);

    const again = await h.post(`${PODS}/p/binding`, binding('p', 'other'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject(failure(409, 'Conflict', 'Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "n"'));
  });

  it('answers 404 for a pod that does not exist', async () => {
    const res = await h.post(`${PODS}/ghost/binding`, binding('ghost', 'n'));
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('pods "ghost" not found');
  });
});

describe('status', () => {
  it('changes only the status through /status', async () => {
    const p = await h.create(PODS, pod('p'));
    const res = await h.patch(`${PODS}/p/status`, MERGE, { spec: { nodeName: 'sneaky' }, status: { phase: 'Running' } });
    expect(res.status).toBe(200);
    expect(res.body.status.phase).toBe('Running');
    expect(res.body.spec).toEqual(p.spec);
    expect(res.body.metadata.generation).toBe(1);
  });

  it('is read like the object itself', async () => {
    const p = await h.create(PODS, pod('p'));
    expect((await h.get(`${PODS}/p/status`)).body).toEqual(p);
  });
});

describe('service addresses', () => {
  const service = (name: string, spec: Record<string, unknown> = {}) => ({
    apiVersion: 'v1', kind: 'Service', metadata: { name },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }], ...spec },
  });
  const inServiceCidr = (ip: string) => {
    const [a, b] = ip.split('.').map(Number);
    return a === 10 && b >= 96 && b <= 111;
  };

  it('allocates a clusterIP from 10.96.0.0/12 and keeps it on update', async () => {
    const svc = await h.create(SERVICES, service('web'));
    expect(inServiceCidr(svc.spec.clusterIP)).toBe(true);
    expect(svc.spec.clusterIP).not.toBe('10.96.0.1');
    expect(svc.spec.clusterIPs).toEqual([svc.spec.clusterIP]);
    const { clusterIP: _ip, clusterIPs: _ips, ...specWithout } = svc.spec;
    const updated = await h.put(`${SERVICES}/web`, { ...svc, spec: { ...specWithout, selector: { app: 'other' } } });
    expect(updated.status).toBe(200);
    expect(updated.body.spec.clusterIP).toBe(svc.spec.clusterIP);
    expect(updated.body.spec.selector).toEqual({ app: 'other' });
  });

  it('allocates node ports in 30000-32767 and keeps them on update', async () => {
    const svc = await h.create(SERVICES, service('np', { type: 'NodePort' }));
    const port = svc.spec.ports[0].nodePort;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(32767);
    const updated = await h.put(`${SERVICES}/np`, { ...svc, spec: { ...svc.spec, ports: [{ name: 'http', port: 80, targetPort: 9090 }] } });
    expect(updated.status).toBe(200);
    expect(updated.body.spec.ports[0]).toMatchObject({ nodePort: port, targetPort: 9090 });
  });

  it('refuses a node port in use with 422, and frees ports on delete', async () => {
    await h.create(SERVICES, service('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    const clash = await h.post(SERVICES, service('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    expect(clash.status).toBe(422);
    expect(clash.body).toMatchObject(failure(422, 'Invalid', 'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated'));
    expect((await h.get(`${SERVICES}/b`)).status).toBe(404);

    const a = (await h.get(`${SERVICES}/a`)).body;
    expect((await h.del(`${SERVICES}/a`)).status).toBe(200);
    const again = await h.post(SERVICES, service('b', { type: 'NodePort', clusterIP: a.spec.clusterIP, ports: [{ port: 80, nodePort: 30080 }] }));
    expect(again.status).toBe(201);
    expect(again.body.spec.clusterIP).toBe(a.spec.clusterIP);
  });

  it('refuses a clusterIP in use', async () => {
    const res = await h.post(SERVICES, service('dup', { clusterIP: '10.96.0.1' }));
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('Service "dup" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated');
  });

  it('gives a headless service no address', async () => {
    const svc = await h.create(SERVICES, service('headless', { clusterIP: 'None' }));
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.clusterIPs).toEqual(['None']);
  });
});

describe('HorizontalPodAutoscaler across versions', () => {
  it('serves an autoscaling/v1 HPA as autoscaling/v2 and back', async () => {
    const v1 = {
      apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10, targetCPUUtilizationPercentage: 50 },
    };
    expect((await h.post('/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers', v1)).status).toBe(201);
    const v2 = (await h.get('/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web')).body;
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(v2.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]);
    expect(v2.spec.targetCPUUtilizationPercentage).toBeUndefined();
    const back = (await h.get('/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web')).body;
    expect(back.spec.targetCPUUtilizationPercentage).toBe(50);
    expect(back.spec.metrics).toBeUndefined();
  });
});
