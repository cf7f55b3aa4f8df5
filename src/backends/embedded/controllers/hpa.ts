// The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler, autoscaling/v2): every
// 15 s it reads the target's scale subresource, measures CPU (or memory) utilisation of the
// selected pods against their requests from the simulated kubelet's usage, proposes a replica
// count within a 10% tolerance, stabilises scale-downs over a 300 s window, limits the rate of
// change, and writes the scale, the status, its conditions and SuccessfulRescale events.
//
// kube keeps recent recommendations and scaling steps in the controller's memory; here no process
// lives that long, so they are kept on the HPA in the sim.tkctl.dev/hpa-history annotation.
import { deepClone } from '../../../patch/json-value.js';
import { StatusError } from '../../../client/errors.js';
import { matchesLabels, parseLabelSelector } from '../../../selectors/index.js';
import { timestamp, type KubeObject } from '../apiserver/objects.js';
import { RESOURCE_TYPES } from '../apiserver/resources.js';
import { containerUsage } from '../kubelet/usage.js';
import { amount } from '../scheduler/resources.js';
import { objectKey, splitKey, type CacheChange } from './cache.js';
import type { Controller, ControllerContext } from './controller.js';
import {
  DOWNSCALE_STABILIZATION_S, cpuReplicas, limitWithBehavior, limitWithoutBehavior, withinWindow, type Limited, type PodSample, type Sample,
} from './hpa-util.js';
import { isPodReady } from './pods.js';

type Obj = KubeObject & { spec?: any; status?: any };

const SOURCE = { component: 'horizontal-pod-autoscaler' };
export const HISTORY_ANNOTATION = 'sim.tkctl.dev/hpa-history';
/** --horizontal-pod-autoscaler-sync-period. */
const SYNC_PERIOD_MS = 15_000;
/** --horizontal-pod-autoscaler-cpu-initialization-period: a new pod's CPU is not trusted until Ready. */
const CPU_INITIALIZATION_MS = 300_000;
/** Scaling steps older than this never matter to a policy (the longest period allowed). */
const MAX_POLICY_PERIOD_S = 1800;

interface History { recommendations: Sample[]; scaleUp: Sample[]; scaleDown: Sample[] }

class MetricError extends Error {}

export class HorizontalPodAutoscalerController implements Controller {
  readonly name = 'horizontal-pod-autoscaler';
  readonly types = ['autoscaling/horizontalpodautoscalers'];

  keysFor(change: CacheChange): string[] {
    return change.deleted ? [] : [objectKey(change.object)];
  }

  async sync(key: string, ctx: ControllerContext): Promise<Date | undefined> {
    const hpa = ctx.cache.get('autoscaling/horizontalpodautoscalers', key) as Obj | undefined;
    if (!hpa || hpa.metadata?.deletionTimestamp) return undefined;
    return new AutoscalerSync(ctx, hpa).run();
  }
}

class AutoscalerSync {
  private readonly now: Date;
  private readonly status: any;
  private readonly history: History;

  constructor(private readonly ctx: ControllerContext, private hpa: Obj) {
    this.now = ctx.now();
    this.status = deepClone(hpa.status ?? {});
    this.history = readHistory(hpa);
  }

  async run(): Promise<Date> {
    const { hpa } = this;
    const nowMs = this.now.getTime();
    const next = new Date(nowMs + SYNC_PERIOD_MS);
    // Syncs are 15 s apart in kube; a wake-up sooner than that after a rescale (our own writes, or
    // another command at the same moment) waits for its turn.
    const lastScale = Date.parse(this.status.lastScaleTime ?? '');
    if (Number.isFinite(lastScale) && nowMs - lastScale < SYNC_PERIOD_MS) return new Date(lastScale + SYNC_PERIOD_MS);
    const target = hpa.spec?.scaleTargetRef ?? {};
    const scalePath = this.scalePath(target);
    let scale: any;
    try {
      if (!scalePath) throw new Error(`no matches for kind "${target.kind}" in group "${(target.apiVersion ?? '').split('/').slice(0, -1).join('/')}"`);
      scale = await this.ctx.client.request('GET', scalePath);
    } catch (e) {
      const message = (e as Error).message;
      this.condition('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${message}`);
      await this.ctx.events.record(hpa, 'Warning', 'FailedGetScale', message, SOURCE);
      await this.write();
      return next;
    }
    this.condition('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
    const current: number = scale.spec?.replicas ?? 0;
    const min: number = hpa.spec?.minReplicas ?? 1;
    const max: number = hpa.spec?.maxReplicas ?? min;
    if (!this.history.recommendations.length) this.history.recommendations.push([Math.floor(nowMs / 1000), current]);

    let desired = current;
    let reason = '';
    let metrics: unknown[] | undefined;
    if (current === 0 && min !== 0) {
      this.condition('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
    } else if (current > max) {
      [desired, reason] = [max, 'Current number of replicas above Spec.MaxReplicas'];
    } else if (current < min) {
      [desired, reason] = [min, 'Current number of replicas below Spec.MinReplicas'];
    } else {
      let proposal: { replicas: number; metricName: string; status: unknown };
      try {
        proposal = this.measure(scale, current);
      } catch (e) {
        if (!(e instanceof MetricError)) throw e;
        const message = `failed to get ${e.message}`;
        this.condition('ScalingActive', 'False', 'FailedGetResourceMetric', `the HPA was unable to compute the replica count: ${message}`);
        await this.ctx.events.record(hpa, 'Warning', 'FailedGetResourceMetric', message, SOURCE);
        await this.ctx.events.record(hpa, 'Warning', 'FailedComputeMetricsReplicas', `invalid metrics (1 invalid out of 1), first error is: failed to get ${e.message.split(' ')[0]} resource metric value: ${message}`, SOURCE);
        this.status.currentReplicas = current;
        delete this.status.currentMetrics;
        await this.write();
        return next;
      }
      metrics = [proposal.status];
      this.condition('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${proposal.metricName}`);
      if (proposal.replicas > current) reason = `${proposal.metricName} above target`;
      else if (proposal.replicas < current) reason = 'All metrics below target';
      desired = this.normalize(current, proposal.replicas, min, max);
    }

    const rescale = desired !== current;
    if (rescale) {
      await this.ctx.client.request('PATCH', scalePath!, { body: { spec: { replicas: desired } }, contentType: 'application/merge-patch+json' });
      this.condition('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
      await this.ctx.events.record(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`, SOURCE);
      if (hpa.spec?.behavior) (desired > current ? this.history.scaleUp : this.history.scaleDown).push([Math.floor(nowMs / 1000), Math.abs(desired - current)]);
      this.status.lastScaleTime = timestamp(this.now);
    }
    this.status.currentReplicas = current;
    this.status.desiredReplicas = rescale ? desired : current;
    if (metrics) this.status.currentMetrics = metrics;
    else delete this.status.currentMetrics;
    await this.saveHistory();
    await this.write();
    return next;
  }

  private scalePath(target: any): string | undefined {
    const [group, version] = String(target.apiVersion ?? '').includes('/') ? String(target.apiVersion).split('/') : ['', target.apiVersion];
    const r = RESOURCE_TYPES.find((t) => t.group === group && t.kind === target.kind && t.subresources?.includes('scale'));
    if (!r || !target.name) return undefined;
    const { namespace } = splitKey(objectKey(this.hpa));
    return `${group ? `/apis/${group}/${version ?? r.version}` : `/api/${version ?? 'v1'}`}/namespaces/${namespace}/${r.plural}/${target.name}/scale`;
  }

  /** The replica count the (single) resource metric asks for, with its name and current status. */
  private measure(scale: any, current: number): { replicas: number; metricName: string; status: unknown } {
    const metric = (this.hpa.spec?.metrics ?? [])[0];
    const resource = metric?.resource?.name;
    const targetUtilization = metric?.resource?.target?.averageUtilization;
    if (metric?.type !== 'Resource' || (resource !== 'cpu' && resource !== 'memory') || typeof targetUtilization !== 'number') {
      throw new MetricError(`${resource ?? metric?.type ?? 'metric'} utilization: only Resource metrics of cpu or memory with an averageUtilization target are simulated`);
    }
    const selector = parseLabelSelector(scale.status?.selector ?? '');
    const { namespace } = splitKey(objectKey(this.hpa));
    const pods = (this.ctx.cache.list('pods', namespace) as Obj[])
      .filter((p) => matchesLabels(selector, p.metadata?.labels) && !p.metadata?.deletionTimestamp && p.status?.phase !== 'Failed');
    if (!pods.length) throw new MetricError(`${resource} utilization: no pods returned by selector while calculating replica count`);
    const samples = pods.map((pod) => this.sample(pod, resource));
    let proposal;
    try {
      proposal = cpuReplicas(current, samples, targetUtilization);
    } catch (e) {
      throw new MetricError(`${resource} utilization: ${(e as Error).message}`);
    }
    const averageValue = resource === 'cpu' ? milliQuantity(proposal.averageMillis) : String(proposal.averageMillis);
    return {
      replicas: proposal.replicas,
      metricName: `${resource} resource utilization (percentage of request)`,
      status: { type: 'Resource', resource: { name: resource, current: { averageUtilization: proposal.utilization, averageValue } } },
    };
  }

  private sample(pod: Obj, resource: 'cpu' | 'memory'): PodSample {
    let request = 0;
    let usage = 0;
    for (const c of pod.spec?.containers ?? []) {
      const req = c.resources?.requests?.[resource];
      if (req === undefined) throw new MetricError(`${resource} utilization: missing request for ${resource} in container ${c.name} of Pod ${pod.metadata?.name}`);
      request += amount(resource, req);
      const used = containerUsage(pod, c);
      usage += resource === 'cpu' ? used.cpuMillis : used.memoryBytes;
    }
    if (pod.status?.phase !== 'Running') return { request, unready: true };
    const started = Date.parse(pod.status?.startTime ?? '');
    const initializing = resource === 'cpu' && (!Number.isFinite(started) || started + CPU_INITIALIZATION_MS > this.now.getTime());
    return { request, usage, unready: initializing && !isPodReady(pod) };
  }

  /** Stabilise, then limit: normalizeDesiredReplicas, or ...WithBehaviors when spec.behavior is set. */
  private normalize(current: number, proposed: number, min: number, max: number): number {
    const behavior = this.hpa.spec?.behavior;
    const nowS = Math.floor(this.now.getTime() / 1000);
    const recs = this.history.recommendations;
    let stabilized: number;
    let stabilizedWhy: [string, string] = ['ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation'];
    if (!behavior) {
      stabilized = Math.max(proposed, ...withinWindow(recs, nowS, DOWNSCALE_STABILIZATION_S));
    } else {
      const up = Math.min(proposed, ...withinWindow(recs, nowS, behavior.scaleUp?.stabilizationWindowSeconds ?? 0));
      const down = Math.max(proposed, ...withinWindow(recs, nowS, behavior.scaleDown?.stabilizationWindowSeconds ?? DOWNSCALE_STABILIZATION_S));
      stabilized = Math.min(Math.max(current, up), down);
      if (proposed >= current) stabilizedWhy = ['ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation'];
    }
    if (recs[recs.length - 1]?.[1] !== proposed) recs.push([nowS, proposed]);
    if (stabilized !== proposed) this.condition('AbleToScale', 'True', ...stabilizedWhy);
    else this.condition('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
    const limited: Limited = behavior
      ? limitWithBehavior(current, stabilized, min, max, behavior, this.history.scaleUp, this.history.scaleDown, nowS)
      : limitWithoutBehavior(current, stabilized, min, max);
    this.condition('ScalingLimited', limited.replicas === stabilized ? 'False' : 'True', limited.reason, limited.message);
    return limited.replicas;
  }

  /** Sets a condition, keeping its transition time unless its status changes (kube's setCondition). */
  private condition(type: string, status: string, reason: string, message: string): void {
    const conditions: any[] = (this.status.conditions ??= []);
    const existing = conditions.find((c) => c.type === type);
    const lastTransitionTime = existing?.status === status ? existing.lastTransitionTime : timestamp(this.now);
    const next = { type, status, lastTransitionTime, reason, message };
    if (existing) Object.assign(existing, next);
    else conditions.push(next);
  }

  private async saveHistory(): Promise<void> {
    const nowS = Math.floor(this.now.getTime() / 1000);
    const windows = [DOWNSCALE_STABILIZATION_S, this.hpa.spec?.behavior?.scaleUp?.stabilizationWindowSeconds ?? 0, this.hpa.spec?.behavior?.scaleDown?.stabilizationWindowSeconds ?? 0];
    const keepFrom = nowS - Math.max(...windows);
    const recs = this.history.recommendations;
    // A recommendation matters while the one after it started inside the longest window.
    const firstKept = Math.max(0, recs.findIndex((_, i) => (recs[i + 1]?.[0] ?? Infinity) > keepFrom));
    const history: History = {
      recommendations: recs.slice(firstKept),
      scaleUp: this.history.scaleUp.filter(([t]) => t > nowS - MAX_POLICY_PERIOD_S),
      scaleDown: this.history.scaleDown.filter(([t]) => t > nowS - MAX_POLICY_PERIOD_S),
    };
    const text = JSON.stringify(history);
    if (text === this.hpa.metadata?.annotations?.[HISTORY_ANNOTATION]) return;
    const { namespace, name } = this.hpa.metadata!;
    this.hpa = await this.ctx.client.request('PATCH', `/apis/autoscaling/v2/namespaces/${namespace}/horizontalpodautoscalers/${name}`, {
      body: { metadata: { annotations: { [HISTORY_ANNOTATION]: text } } }, contentType: 'application/merge-patch+json',
    });
  }

  private async write(): Promise<void> {
    this.status.observedGeneration = this.hpa.metadata?.generation;
    if (JSON.stringify(this.status) === JSON.stringify(this.hpa.status ?? {})) return;
    const { namespace, name } = this.hpa.metadata!;
    try {
      await this.ctx.client.request('PUT', `/apis/autoscaling/v2/namespaces/${namespace}/horizontalpodautoscalers/${name}/status`, { body: { ...this.hpa, status: this.status } });
    } catch (e) {
      // Changed meanwhile: the change wakes this controller again.
      if (!(e instanceof StatusError && e.code === 409)) throw e;
    }
  }
}

function readHistory(hpa: Obj): History {
  try {
    const h = JSON.parse(hpa.metadata?.annotations?.[HISTORY_ANNOTATION] ?? '');
    const samples = (v: unknown): Sample[] => (Array.isArray(v) ? v.filter((s) => Array.isArray(s) && s.length === 2 && s.every(Number.isFinite)) : []);
    return { recommendations: samples(h.recommendations), scaleUp: samples(h.scaleUp), scaleDown: samples(h.scaleDown) };
  } catch {
    return { recommendations: [], scaleUp: [], scaleDown: [] };
  }
}

/** resource.NewMilliQuantity(v, DecimalSI).String(): "250m", or whole cores as "2". */
function milliQuantity(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}
