// The simulated kubelets in scenarios: pods bound by the scheduler start, become Ready with IPs
// from their node's pod CIDR, crash-loop with kubelet's back-off, complete, and are stopped when
// deleted; nodes keep their heartbeat Lease. The clock only moves when the test moves it.
import { describe, expect, it } from 'vitest';
import { START, useScenario } from './lifecycle-harness.js';
import { SchedulerController } from '../../src/backends/embedded/scheduler/scheduler.js';
import { KubeletController } from '../../src/backends/embedded/kubelet/kubelet.js';
import { NodeHeartbeatController } from '../../src/backends/embedded/kubelet/node-heartbeat.js';
import { logsOf } from '../../src/backends/embedded/kubelet/logs.js';
import { parseArgv } from '../../src/backends/embedded/kubelet/shell.js';
import { backOffDelay, goDuration } from '../../src/backends/embedded/kubelet/container.js';
import { normalizeImage } from '../../src/backends/embedded/kubelet/images.js';
import { containerUsage } from '../../src/backends/embedded/kubelet/usage.js';

const PODS = '/api/v1/namespaces/default/pods';
const s = useScenario(() => [new NodeHeartbeatController(), new SchedulerController(), new KubeletController()]);

function pod(name: string, opts: { annotations?: Record<string, string>; restartPolicy?: string; container?: Record<string, unknown> } = {}) {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, labels: { app: 'web' }, ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: { ...(opts.restartPolicy ? { restartPolicy: opts.restartPolicy } : {}), containers: [{ name: 'app', image: 'nginx:1.14.2', ...opts.container }] },
  };
}

const get = (name: string) => s.find(`${PODS}/${name}`);
const at = (seconds: number) => new Date(START.getTime() + seconds * 1000).toISOString().replace('.000Z', 'Z');

async function eventsFor(name: string): Promise<Array<[string, string]>> {
  const list = (await s.client.request('GET', '/api/v1/namespaces/default/events')).items;
  return list.filter((e: any) => e.involvedObject.name === name && e.source.component === 'kubelet').map((e: any) => [e.reason, e.message]);
}

describe('kubelet', () => {
  it('writes as the kubelet: its status writes and events are managed by "kubelet", the scheduler\'s event by "kube-scheduler"', async () => {
    await s.client.request('POST', PODS, { body: pod('web-m') });
    await s.settle();
    const p = await get('web-m');
    const managers = p.metadata.managedFields.map((e: any) => [e.manager, e.subresource ?? '']);
    expect(managers).toContainEqual(['kubelet', 'status']);
    expect(managers.filter(([, sub]: string[]) => sub === 'status')).toEqual([['kubelet', 'status']]);
    const list = (await s.client.request('GET', '/api/v1/namespaces/default/events')).items;
    const mine = list.filter((e: any) => e.involvedObject.name === 'web-m');
    expect(new Set(mine.filter((e: any) => e.source.component === 'kubelet').map((e: any) => e.metadata.managedFields[0].manager))).toEqual(new Set(['kubelet']));
    expect(mine.filter((e: any) => e.reason === 'Scheduled').map((e: any) => e.metadata.managedFields[0].manager)).toEqual(['kube-scheduler']);
  });

  it('runs pods on the workers: Running, Ready, distinct IPs from each node\'s pod CIDR', async () => {
    for (const name of ['web-1', 'web-2', 'web-3']) await s.client.request('POST', PODS, { body: pod(name) });
    await s.settle();
    const pods = await Promise.all(['web-1', 'web-2', 'web-3'].map(get));
    const ips = pods.map((p) => p.status.podIP);
    expect(new Set(ips).size).toBe(3);
    for (const p of pods) {
      expect(p.status.phase).toBe('Running');
      const subnet = p.spec.nodeName === 'kind-worker' ? '10.244.1.' : '10.244.2.';
      expect(p.status.podIP.startsWith(subnet)).toBe(true);
      expect(p.status.hostIP).toBe(p.spec.nodeName === 'kind-worker' ? '172.18.0.3' : '172.18.0.4');
      expect(p.status.conditions.map((c: any) => [c.type, c.status])).toEqual([
        ['PodReadyToStartContainers', 'True'], ['Initialized', 'True'], ['Ready', 'True'], ['ContainersReady', 'True'], ['PodScheduled', 'True'],
      ]);
      const [cs] = p.status.containerStatuses;
      expect(cs).toMatchObject({
        name: 'app', image: 'docker.io/library/nginx:1.14.2', ready: true, started: true, restartCount: 0, lastState: {},
        state: { running: { startedAt: at(0) } },
      });
      expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
      expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    }
    expect((await eventsFor('web-1')).sort()).toEqual([
      ['Created', 'Created container: app'],
      ['Pulled', 'Container image "nginx:1.14.2" already present on machine'],
      ['Started', 'Started container app'],
    ]);
  });

  it('hands out each node\'s pod IPs in turn, never one a pod there holds, across settles and as pods go', async () => {
    const ipsByNode = async () => {
      const list = (await s.client.request('GET', PODS)).items;
      const out: Record<string, number[]> = {};
      for (const p of list) (out[p.spec.nodeName] ??= []).push(Number(p.status.podIP.split('.')[3]));
      for (const ips of Object.values(out)) ips.sort((a, b) => a - b);
      return out;
    };
    for (const name of ['a', 'b', 'c', 'd']) await s.client.request('POST', PODS, { body: pod(name) });
    await s.settle();
    expect(await ipsByNode()).toEqual({ 'kind-worker': [2, 3], 'kind-worker2': [2, 3] });
    // A later settle lists the cluster afresh.
    for (const name of ['e', 'f']) await s.client.request('POST', PODS, { body: pod(name) });
    await s.settle();
    expect(await ipsByNode()).toEqual({ 'kind-worker': [2, 3, 4], 'kind-worker2': [2, 3, 4] });
    // A pod that goes gives its address back: the next pod on that node takes the one after the highest held.
    const list = (await s.client.request('GET', PODS)).items;
    const last = list.find((p: any) => p.spec.nodeName === 'kind-worker' && p.status.podIP.endsWith('.4'));
    await s.client.request('DELETE', `${PODS}/${last.metadata.name}`);
    await s.settle();
    await s.client.request('POST', PODS, { body: pod('g') });
    await s.settle();
    expect((await get('g')).spec.nodeName).toBe('kind-worker');
    expect(await ipsByNode()).toEqual({ 'kind-worker': [2, 3, 4], 'kind-worker2': [2, 3, 4] });
    // The same within one settle: the pod going and the next one coming.
    await s.client.request('DELETE', `${PODS}/g`);
    await s.client.request('POST', PODS, { body: pod('h') });
    await s.settle();
    expect((await get('h')).spec.nodeName).toBe('kind-worker');
    expect(await ipsByNode()).toEqual({ 'kind-worker': [2, 3, 4], 'kind-worker2': [2, 3, 4] });
  });

  it('shows ContainerCreating during a start delay and Ready only after a readiness delay', async () => {
    await s.client.request('POST', PODS, { body: pod('slow', { annotations: { 'sim.tkctl.dev/start-delay': '5s', 'sim.tkctl.dev/ready-delay': '10s' } }) });
    await s.settle();
    let p = await get('slow');
    expect(p.status.phase).toBe('Pending');
    expect(p.status.containerStatuses[0].state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    s.advance(5);
    await s.settle();
    p = await get('slow');
    expect(p.status.phase).toBe('Running');
    expect(p.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
    // Ready 10s after the container started at 5s.
    s.advance(10);
    await s.settle();
    p = await get('slow');
    expect(p.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: at(15) });
  });

  it('restarts a container that exits 1 with CrashLoopBackOff, the back-off doubling as the clock moves', async () => {
    await s.client.request('POST', PODS, { body: pod('crash', { annotations: { 'sim.tkctl.dev/exit-code': '1' } }) });
    await s.settle();
    // First exit: restarted at once; second exit: 10s back-off.
    let cs = (await get('crash')).status.containerStatuses[0];
    expect(cs.restartCount).toBe(1);
    expect(cs.state.waiting).toEqual({ reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=app pod=crash_default(${(await get('crash')).metadata.uid})` });
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect((await get('crash')).status.phase).toBe('Running');
    s.advance(10);
    await s.settle();
    cs = (await get('crash')).status.containerStatuses[0];
    expect(cs.restartCount).toBe(2);
    expect(cs.state.waiting.message).toMatch(/^back-off 20s /);
    s.advance(20 + 40 + 80);
    await s.settle();
    cs = (await get('crash')).status.containerStatuses[0];
    expect(cs.restartCount).toBe(5);
    expect(cs.state.waiting.message).toMatch(/^back-off 2m40s /);
    const reasons = (await eventsFor('crash')).map(([r]) => r);
    expect(reasons).toContain('BackOff');
  });

  it('runs a Job-like pod\'s script: echo hello, sleep 5, then Succeeded', async () => {
    await s.client.request('POST', PODS, { body: pod('job', { restartPolicy: 'Never', container: { image: 'busybox', command: ['sh', '-c', 'echo hello; sleep 5'] } }) });
    await s.settle();
    let p = await get('job');
    expect(p.status.phase).toBe('Running');
    expect(logsOf(p, 'app', { now: s.now })?.map((l) => l.text)).toEqual(['hello']);
    s.advance(5);
    await s.settle();
    p = await get('job');
    expect(p.status.phase).toBe('Succeeded');
    expect(p.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed', startedAt: at(0), finishedAt: at(5) });
    expect(p.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(logsOf(p, 'app', { now: s.now })?.map((l) => l.text)).toEqual(['hello']);
  });

  it('fails a pod whose container exits non-zero under restartPolicy Never', async () => {
    await s.client.request('POST', PODS, { body: pod('oops', { restartPolicy: 'Never', container: { image: 'busybox', command: ['sh', '-c', 'echo bad; exit 3'] } }) });
    await s.settle();
    const p = await get('oops');
    expect(p.status.phase).toBe('Failed');
    expect(p.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
  });

  it('stops a deleted pod: Terminating with Killing until its process exits, then gone', async () => {
    await s.client.request('POST', PODS, { body: pod('bye', { annotations: { 'sim.tkctl.dev/stop-delay': '3s' } }) });
    await s.settle();
    await s.client.request('DELETE', `${PODS}/bye`);
    await s.settle();
    expect((await get('bye')).metadata.deletionTimestamp).toBe(at(30));
    expect(await eventsFor('bye')).toContainEqual(['Killing', 'Stopping container app']);
    s.advance(3);
    await s.settle();
    expect(await get('bye')).toBeUndefined();

    // The default process exits on SIGTERM at once.
    await s.client.request('POST', PODS, { body: pod('quick') });
    await s.settle();
    await s.client.request('DELETE', `${PODS}/quick`);
    await s.settle();
    expect(await get('quick')).toBeUndefined();
  });

  it('marks a container with a failing readiness probe unready and reports it', async () => {
    await s.client.request('POST', PODS, {
      body: pod('sick', {
        annotations: { 'sim.tkctl.dev/failing-probes': 'readiness' },
        container: { readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 2 } },
      }),
    });
    await s.settle();
    s.advance(2);
    await s.settle();
    const p = await get('sick');
    expect(p.status.containerStatuses[0]).toMatchObject({ ready: false, started: true });
    expect(await eventsFor('sick')).toContainEqual(['Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 500']);
  });

  it('restarts a container whose liveness probe fails', async () => {
    await s.client.request('POST', PODS, {
      body: pod('dead', {
        annotations: { 'sim.tkctl.dev/failing-probes': 'liveness' },
        container: { livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5, failureThreshold: 3 } },
      }),
    });
    await s.settle();
    s.advance(15);
    await s.settle();
    const cs = (await get('dead')).status.containerStatuses[0];
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 137, finishedAt: at(15) });
    expect(await eventsFor('dead')).toContainEqual(['Killing', 'Container app failed liveness probe, will be restarted']);
  });

  it('keeps each node\'s Lease in kube-node-lease, renewed every 10s and not more often', async () => {
    await s.settle();
    const lease = await s.find('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/kind-worker');
    expect(lease.spec).toEqual({ holderIdentity: 'kind-worker', leaseDurationSeconds: 40, renewTime: '2025-03-04T05:06:07.000000Z' });
    s.advance(5);
    await s.settle();
    const same = await s.find('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/kind-worker');
    expect(same.metadata.resourceVersion).toBe(lease.metadata.resourceVersion);
    s.advance(5);
    await s.settle();
    const renewed = await s.find('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/kind-worker');
    expect(renewed.spec.renewTime).toBe('2025-03-04T05:06:17.000000Z');
  });
});

describe('simulated runtime', () => {
  it('follows the documented shell subset and nothing else', () => {
    expect(parseArgv(['sh', '-c', 'echo "hi $HOSTNAME"; sleep 2; exit 4'], { HOSTNAME: 'p' })).toEqual([
      { kind: 'echo', text: 'hi p' }, { kind: 'sleep', ms: 2000 }, { kind: 'exit', code: 4 },
    ]);
    expect(parseArgv(['/bin/sh', '-c', 'while true; do echo tick; sleep 1; done'], {})).toEqual([
      { kind: 'loop', body: [{ kind: 'echo', text: 'tick' }, { kind: 'sleep', ms: 1000 }] },
    ]);
    expect(parseArgv(['sleep', '3600'], {})).toEqual([{ kind: 'sleep', ms: 3_600_000 }]);
    expect(parseArgv(['python', 'server.py'], {})).toEqual([{ kind: 'block' }]);
  });

  it('counts kubelet\'s back-off and names images as containerd does', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => goDuration(backOffDelay(n, 1000)))).toEqual(['0s', '10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '5m0s']);
    expect(backOffDelay(4, 11 * 60_000)).toBe(0);
    expect(normalizeImage('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normalizeImage('bitnami/redis:7')).toBe('docker.io/bitnami/redis:7');
    expect(normalizeImage('registry.k8s.io/pause:3.10')).toBe('registry.k8s.io/pause:3.10');
  });

  it('reports simulated usage from the annotations, else the requests', () => {
    const p = { metadata: { annotations: { 'sim.tkctl.dev/cpu': '250m', 'sim.tkctl.dev/memory.side': '64Mi' } } };
    expect(containerUsage(p, { name: 'main', resources: { requests: { memory: '1Gi' } } })).toEqual({ cpuMillis: 250, memoryBytes: 2 ** 30 });
    expect(containerUsage(p, { name: 'side' })).toEqual({ cpuMillis: 250, memoryBytes: 64 * 2 ** 20 });
  });

  it('logs a loop\'s lines as they are written', () => {
    const p = {
      metadata: { name: 'ticker' },
      spec: { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'while true; do echo tick; sleep 10; done'] }] },
      status: { containerStatuses: [{ name: 'c', state: { running: { startedAt: '2025-03-04T05:06:07Z' } } }] },
    };
    const lines = logsOf(p, 'c', { now: new Date(START.getTime() + 25_000) });
    expect(lines?.map((l) => l.at - START.getTime())).toEqual([0, 10_000, 20_000]);
  });
});
