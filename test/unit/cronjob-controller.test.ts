// The CronJob controller in scenarios (with the Job controller, scheduler and kubelets running the
// Jobs it creates), and its cron schedule parser.
import { describe, expect, it } from 'vitest';
import { useScenario } from './lifecycle-harness.js';
import { CronJobController, rfc1123z, zonedRfc3339 } from '../../src/backends/embedded/controllers/cronjob.js';
import { JobController } from '../../src/backends/embedded/controllers/job.js';
import { GarbageCollector } from '../../src/backends/embedded/controllers/garbage-collector.js';
import { parseSchedule } from '../../src/backends/embedded/controllers/cron-schedule.js';
import { SchedulerController } from '../../src/backends/embedded/scheduler/scheduler.js';
import { KubeletController } from '../../src/backends/embedded/kubelet/kubelet.js';

const CRONJOBS = '/apis/batch/v1/namespaces/default/cronjobs';
const JOBS = '/apis/batch/v1/namespaces/default/jobs';
const s = useScenario(() => [new CronJobController(), new JobController(), new GarbageCollector(), new SchedulerController(), new KubeletController()]);

function cronJob(spec: Record<string, unknown>, runTime = '5s') {
  return {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'tick' },
    spec: {
      schedule: '* * * * *',
      ...spec,
      jobTemplate: {
        spec: {
          template: {
            metadata: { annotations: { 'sim.tkctl.dev/run-time': runTime } },
            spec: { restartPolicy: 'OnFailure', containers: [{ name: 'tick', image: 'busybox' }] },
          },
        },
      },
    },
  };
}

const at = (iso: string) => new Date(iso);
const minuteName = (iso: string) => `tick-${Date.parse(iso) / 60_000}`;
const jobNames = async () => ((await s.client.request('GET', JOBS)).items as any[]).map((j) => j.metadata.name).sort();
const cj = () => s.client.request('GET', `${CRONJOBS}/tick`);
const events = async (reason: string) => ((await s.client.request('GET', '/api/v1/namespaces/default/events')).items as any[])
  .filter((e) => e.reason === reason).map((e) => e.message);
const moveTo = (iso: string) => { s.now = at(iso); };

describe('cron schedules', () => {
  const next = (expr: string, from: string, tz?: string) => parseSchedule(expr, tz).next(at(from))?.toISOString();

  it('finds the next minute that matches every field', () => {
    expect(next('* * * * *', '2025-03-04T05:06:07Z')).toBe('2025-03-04T05:07:00.000Z');
    expect(next('* * * * *', '2025-03-04T05:07:00Z')).toBe('2025-03-04T05:08:00.000Z');
    expect(next('*/15 9-17 * * 1-5', '2025-03-07T17:50:00Z')).toBe('2025-03-10T09:00:00.000Z');
    expect(next('0 0 29 2 *', '2025-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('30 6 * jan,JUL sun', '2025-03-04T00:00:00Z')).toBe('2025-07-06T06:30:00.000Z');
    expect(next('5/20 * * * *', '2025-03-04T05:06:07Z')).toBe('2025-03-04T05:25:00.000Z');
  });

  it('matches day-of-month OR day-of-week when both are restricted', () => {
    expect(next('0 0 13 * 5', '2025-03-01T00:00:00Z')).toBe('2025-03-07T00:00:00.000Z');
    expect(next('0 0 13 * *', '2025-03-01T00:00:00Z')).toBe('2025-03-13T00:00:00.000Z');
  });

  it('understands descriptors and @every', () => {
    expect(next('@hourly', '2025-03-04T05:06:07Z')).toBe('2025-03-04T06:00:00.000Z');
    expect(next('@daily', '2025-03-04T05:06:07Z')).toBe('2025-03-05T00:00:00.000Z');
    expect(next('@weekly', '2025-03-04T05:06:07Z')).toBe('2025-03-09T00:00:00.000Z');
    expect(next('@yearly', '2025-03-04T05:06:07Z')).toBe('2026-01-01T00:00:00.000Z');
    expect(next('@every 90s', '2025-03-04T05:06:07Z')).toBe('2025-03-04T05:07:37.000Z');
  });

  it('reads the hours in the given time zone, across DST', () => {
    expect(next('0 9 * * *', '2025-03-04T05:06:07Z', 'Europe/Berlin')).toBe('2025-03-04T08:00:00.000Z');
    expect(next('0 9 * * *', '2025-04-01T00:00:00Z', 'Europe/Berlin')).toBe('2025-04-01T07:00:00.000Z');
    expect(next('0 9 * * *', '2025-03-04T05:06:07Z', 'America/New_York')).toBe('2025-03-04T14:00:00.000Z');
  });

  it('rejects what robfig/cron rejects, in its words', () => {
    expect(() => parseSchedule('* * * *')).toThrow('expected exactly 5 fields, found 4: [* * * *]');
    expect(() => parseSchedule('61 * * * *')).toThrow('end of range (61) above maximum (59): 61');
    expect(() => parseSchedule('* * * * *', 'Mars/Olympus')).toThrow();
  });

  it('formats times as the controller writes them', () => {
    expect(rfc1123z(at('2025-03-04T05:07:00Z'))).toBe('Tue, 04 Mar 2025 05:07:00 +0000');
    expect(zonedRfc3339(at('2025-03-04T05:07:00Z'))).toBe('2025-03-04T05:07:00Z');
    expect(zonedRfc3339(at('2025-03-04T05:07:00Z'), 'Asia/Kolkata')).toBe('2025-03-04T10:37:00+05:30');
  });
});

describe('CronJob controller', () => {
  it('creates a Job for each scheduled minute and records its completion', async () => {
    const created = await s.client.request('POST', CRONJOBS, { body: cronJob({}) });
    await s.settle();
    expect(await jobNames()).toEqual([]);
    moveTo('2025-03-04T05:07:00Z');
    await s.settle();
    const name = minuteName('2025-03-04T05:07:00Z');
    expect(await jobNames()).toEqual([name]);
    const job = await s.client.request('GET', `${JOBS}/${name}`);
    expect(job.metadata.annotations).toEqual({ 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2025-03-04T05:07:00Z' });
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    let status = (await cj()).status;
    expect(status.lastScheduleTime).toBe('2025-03-04T05:07:00Z');
    expect(status.active).toEqual([{ kind: 'Job', namespace: 'default', name, uid: job.metadata.uid, apiVersion: 'batch/v1', resourceVersion: expect.any(String) }]);

    moveTo('2025-03-04T05:07:05Z');
    await s.settle();
    status = (await cj()).status;
    expect(status).toEqual({ lastScheduleTime: '2025-03-04T05:07:00Z', lastSuccessfulTime: '2025-03-04T05:07:05Z' });
    expect(await events('SawCompletedJob')).toEqual([`Saw completed job: ${name}, status: Complete`]);
    expect(await events('SuccessfulCreate')).toContain(`Created job ${name}`);
  });

  it('keeps successfulJobsHistoryLimit finished Jobs', async () => {
    await s.client.request('POST', CRONJOBS, { body: cronJob({ successfulJobsHistoryLimit: 2 }) });
    for (const minute of ['07', '08', '09', '10']) {
      moveTo(`2025-03-04T05:${minute}:00Z`);
      await s.settle();
      moveTo(`2025-03-04T05:${minute}:10Z`);
      await s.settle();
    }
    expect(await jobNames()).toEqual([minuteName('2025-03-04T05:09:00Z'), minuteName('2025-03-04T05:10:00Z')]);
  });

  it('does not start a Job while one runs under Forbid, and starts the missed one after', async () => {
    await s.client.request('POST', CRONJOBS, { body: cronJob({ concurrencyPolicy: 'Forbid' }, '90s') });
    moveTo('2025-03-04T05:07:00Z');
    await s.settle();
    moveTo('2025-03-04T05:08:00Z');
    await s.settle();
    expect(await jobNames()).toEqual([minuteName('2025-03-04T05:07:00Z')]);
    expect(await events('JobAlreadyActive')).toEqual(['Not starting job because prior execution is running and concurrency policy is Forbid']);
    moveTo('2025-03-04T05:08:30Z');
    await s.settle();
    // The 05:08 run was missed but is still the most recent schedule: it starts late, as in kube.
    expect(await jobNames()).toEqual([minuteName('2025-03-04T05:07:00Z'), minuteName('2025-03-04T05:08:00Z')]);
  });

  it('replaces the running Job under Replace', async () => {
    await s.client.request('POST', CRONJOBS, { body: cronJob({ concurrencyPolicy: 'Replace' }, '10m') });
    moveTo('2025-03-04T05:07:00Z');
    await s.settle();
    moveTo('2025-03-04T05:08:00Z');
    await s.settle();
    expect(await jobNames()).toEqual([minuteName('2025-03-04T05:08:00Z')]);
    expect((await cj()).status.active.map((r: any) => r.name)).toEqual([minuteName('2025-03-04T05:08:00Z')]);
  });

  it('starts only the most recent of the runs missed while nothing reconciled', async () => {
    await s.client.request('POST', CRONJOBS, { body: cronJob({ schedule: '*/10 * * * *' }) });
    await s.settle();
    moveTo('2025-03-04T06:05:00Z');
    await s.settle();
    expect(await jobNames()).toEqual([minuteName('2025-03-04T06:00:00Z')]);
    expect(await events('TooManyMissedTimes')).toEqual([]);
  });

  it('warns when more than 100 runs were missed', async () => {
    await s.client.request('POST', CRONJOBS, { body: cronJob({}) });
    await s.settle();
    moveTo('2025-03-04T08:00:30Z');
    await s.settle();
    expect(await jobNames()).toEqual([minuteName('2025-03-04T08:00:00Z')]);
    expect(await events('TooManyMissedTimes')).toEqual(['too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew']);
  });

  it('skips a run later than startingDeadlineSeconds, and nothing while suspended', async () => {
    await s.client.request('POST', CRONJOBS, { body: cronJob({ schedule: '0 * * * *', startingDeadlineSeconds: 60 }) });
    moveTo('2025-03-04T06:00:30Z');
    await s.settle();
    expect(await jobNames()).toEqual([minuteName('2025-03-04T06:00:00Z')]);
    await s.client.request('PATCH', `${CRONJOBS}/tick`, { body: { spec: { suspend: true } }, contentType: 'application/merge-patch+json' });
    moveTo('2025-03-04T07:00:30Z');
    await s.settle();
    expect(await jobNames()).toEqual([minuteName('2025-03-04T06:00:00Z')]);
    // Resumed two minutes late: the 07:00 run is past its deadline and never starts.
    await s.client.request('PATCH', `${CRONJOBS}/tick`, { body: { spec: { suspend: false } }, contentType: 'application/merge-patch+json' });
    moveTo('2025-03-04T07:02:00Z');
    await s.settle();
    expect(await jobNames()).toEqual([minuteName('2025-03-04T06:00:00Z')]);
  });
});
