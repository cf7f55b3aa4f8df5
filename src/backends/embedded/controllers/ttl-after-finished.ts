// The TTL-after-finished controller (pkg/controller/ttlafterfinished): a finished Job with
// ttlSecondsAfterFinished is deleted, with its pods (foreground), that long after it finished.
import { StatusError } from '../../../client/errors.js';
import { objectKey, type CacheChange } from './cache.js';
import type { Controller, ControllerContext } from './controller.js';
import { finishedCondition, type Obj } from './job-util.js';

export class TTLAfterFinishedController implements Controller {
  readonly name = 'ttl-after-finished';
  readonly types = ['batch/jobs'];

  keysFor(change: CacheChange): string[] {
    const job = change.object as Obj;
    return !change.deleted && job.spec?.ttlSecondsAfterFinished != null ? [objectKey(job)] : [];
  }

  async sync(key: string, ctx: ControllerContext): Promise<Date | undefined> {
    const job = ctx.cache.get('batch/jobs', key) as Obj | undefined;
    const ttl = job?.spec?.ttlSecondsAfterFinished;
    if (!job || ttl == null || job.metadata?.deletionTimestamp) return undefined;
    const finished = Date.parse(finishedCondition(job)?.lastTransitionTime ?? '');
    if (!Number.isFinite(finished)) return undefined;
    const expires = finished + ttl * 1000;
    if (expires > ctx.now().getTime()) return new Date(expires);
    try {
      await ctx.client.request('DELETE', `/apis/batch/v1/namespaces/${job.metadata!.namespace}/jobs/${job.metadata!.name}`, {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground', preconditions: { uid: job.metadata!.uid, resourceVersion: job.metadata!.resourceVersion } },
      });
    } catch (e) {
      if (!(e instanceof StatusError && (e.code === 404 || e.code === 409))) throw e;
    }
    return undefined;
  }
}
