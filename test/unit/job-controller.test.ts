// The Job and TTL-after-finished controllers in scenarios: the scheduler and simulated kubelets
// run the pods (their annotations decide how long they run and how they exit), the clock moves.
import { describe, expect, it } from 'vitest';
import { START, useScenario } from './lifecycle-harness.js';
import { JobController } from '../../src/backends/embedded/controllers/job.js';
import { TTLAfterFinishedController } from '../../src/backends/embedded/controllers/ttl-after-finished.js';
import { GarbageCollector } from '../../src/backends/embedded/controllers/garbage-collector.js';
import { podFailureBackoffRemaining } from '../../src/backends/embedded/controllers/job-util.js';
import { SchedulerController } from '../../src/backends/embedded/scheduler/scheduler.js';
import { KubeletController } from '../../src/backends/embedded/kubelet/kubelet.js';

const JOBS = '/apis/batch/v1/namespaces/default/jobs';
const PODS = '/api/v1/namespaces/default/pods';
const s = useScenario(() => [new JobController(), new TTLAfterFinishedController(), new GarbageCollector(), new SchedulerController(), new KubeletController()]);

function job(name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}) {
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
    spec: {
      ...spec,
      template: {
        metadata: { annotations },
        spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox', command: ['sh', '-c', 'echo hello; sleep 5'] }] },
      },
    },
  };
}

async function create(body: unknown): Promise<any> {
  return s.client.request('POST', JOBS, { body });
}

const get = (name: string) => s.client.request('GET', `${JOBS}/${name}`);
const podsOf = async (name: string) => ((await s.client.request('GET', PODS)).items as any[]).filter((p) => p.metadata.labels?.['job-name'] === name);
const events = async (reason?: string) => ((await s.client.request('GET', '/api/v1/namespaces/default/events')).items as any[])
  .filter((e) => e.involvedObject.kind === 'Job' && (!reason || e.reason === reason))
  .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion)).map((e) => `${e.type} ${e.reason} ${e.message}`);
const iso = (secondsAfterStart: number) => new Date(START.getTime() + secondsAfterStart * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

describe('Job controller', () => {
  it('runs a pod to completion and marks the Job Complete', async () => {
    const created = await create(job('hello', {}));
    await s.settle();
    const [pod] = await podsOf('hello');
    expect(pod.metadata.name).toMatch(/^hello-[a-z0-9]{5}$/);
    expect(pod.metadata.labels).toEqual({
      'batch.kubernetes.io/controller-uid': created.metadata.uid, 'batch.kubernetes.io/job-name': 'hello',
      'controller-uid': created.metadata.uid, 'job-name': 'hello',
    });
    expect(pod.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'hello', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    let j = await get('hello');
    expect(j.status).toMatchObject({ active: 1, ready: 1, terminating: 0, startTime: iso(0), uncountedTerminatedPods: {} });

    s.advance(5);
    await s.settle();
    j = await get('hello');
    expect(j.status).toEqual({
      startTime: iso(0), completionTime: iso(5), ready: 0, terminating: 0, succeeded: 1, uncountedTerminatedPods: {},
      conditions: [
        { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: iso(5), lastTransitionTime: iso(5) },
        { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: iso(5), lastTransitionTime: iso(5) },
      ],
    });
    const [done] = await podsOf('hello');
    expect(done.status.phase).toBe('Succeeded');
    expect(done.metadata.finalizers).toBeUndefined();
    expect(await events()).toEqual([`Normal SuccessfulCreate Created pod: ${pod.metadata.name}`, 'Normal Completed Job completed']);
  });

  it('runs completions with parallelism', async () => {
    await create(job('batch', { completions: 5, parallelism: 2 }));
    await s.settle();
    expect(await podsOf('batch')).toHaveLength(2);
    for (let i = 0; i < 3; i++) {
      s.advance(5);
      await s.settle();
    }
    const j = await get('batch');
    expect(j.status.succeeded).toBe(5);
    expect(j.status.conditions.map((c: any) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(await podsOf('batch')).toHaveLength(5);
  });

  it('retries with exponential back-off and fails after backoffLimit', async () => {
    await create(job('flaky', { backoffLimit: 2 }, { 'sim.tkctl.dev/run-time': '1s', 'sim.tkctl.dev/exit-code': '1' }));
    await s.settle();
    s.advance(1); // first pod fails
    await s.settle();
    expect((await podsOf('flaky')).map((p) => p.status.phase)).toEqual(['Failed']);
    s.advance(9); // 10 s back-off not yet over
    await s.settle();
    expect(await podsOf('flaky')).toHaveLength(1);
    s.advance(1);
    await s.settle();
    expect(await podsOf('flaky')).toHaveLength(2);
    s.advance(1); // second failure: 20 s back-off
    await s.settle();
    s.advance(19);
    await s.settle();
    expect(await podsOf('flaky')).toHaveLength(2);
    s.advance(1);
    await s.settle();
    expect(await podsOf('flaky')).toHaveLength(3);
    s.advance(1); // third failure > backoffLimit 2
    await s.settle();
    const j = await get('flaky');
    expect(j.status.failed).toBe(3);
    expect(j.status.active).toBeUndefined();
    expect(j.status.completionTime).toBeUndefined();
    expect(j.status.conditions).toEqual([
      expect.objectContaining({ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }),
      expect.objectContaining({ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }),
    ]);
    expect(await events('BackoffLimitExceeded')).toEqual(['Warning BackoffLimitExceeded Job has reached the specified backoff limit']);
    expect(await podsOf('flaky')).toHaveLength(3);
  });

  it('fails a Job that runs past activeDeadlineSeconds and deletes its pods', async () => {
    await create(job('slow', { activeDeadlineSeconds: 30 }, { 'sim.tkctl.dev/run-time': '10m' }));
    await s.settle();
    s.advance(30);
    await s.settle();
    const j = await get('slow');
    expect(j.status).toMatchObject({ failed: 1, terminating: 0, ready: 0 });
    expect(j.status.conditions.map((c: any) => `${c.type}/${c.reason}`)).toEqual(['FailureTarget/DeadlineExceeded', 'Failed/DeadlineExceeded']);
    expect(j.status.conditions[1].message).toBe('Job was active longer than specified deadline');
    expect(await podsOf('slow')).toEqual([]);
  });

  it('deletes a finished Job and its pods ttlSecondsAfterFinished later', async () => {
    await create(job('short', { ttlSecondsAfterFinished: 60 }));
    await s.settle();
    s.advance(5);
    await s.settle();
    expect((await get('short')).status.succeeded).toBe(1);
    s.advance(59);
    await s.settle();
    expect(await s.find(`${JOBS}/short`)).toBeDefined();
    s.advance(1);
    await s.settle();
    expect(await s.find(`${JOBS}/short`)).toBeUndefined();
    expect(await podsOf('short')).toEqual([]);
  });

  it('computes the pod failure back-off from finish times', () => {
    const failedAt = (t: number) => ({ status: { phase: 'Failed', containerStatuses: [{ state: { terminated: { finishedAt: new Date(t).toISOString() } } }] } });
    const j = { spec: {} };
    expect(podFailureBackoffRemaining([], j, 0)).toBe(0);
    expect(podFailureBackoffRemaining([failedAt(0)], j, 4000)).toBe(6000);
    expect(podFailureBackoffRemaining([failedAt(0), failedAt(1000), failedAt(2000)], j, 2000)).toBe(40_000);
    expect(podFailureBackoffRemaining(Array.from({ length: 10 }, () => failedAt(0)), j, 0)).toBe(600_000);
  });
});
