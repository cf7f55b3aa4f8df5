// Objects are stored in the version they were written in; a read through another version of the
// same resource converts them, as kube-apiserver's conversion functions do. Today that is
// HorizontalPodAutoscaler, served as autoscaling/v2 and autoscaling/v1 from one storage key.
import { decode, withTypeMeta, type KubeObject } from './objects.js';
import { apiVersionOf, type ResourceType } from './resources.js';

type Obj = KubeObject & { spec?: any; status?: any };
type Converter = (obj: Obj) => Obj;

/** The object stored at a revision, as the resource `r` serves it. */
export function readAs(r: ResourceType, value: string, revision: number): KubeObject {
  return servedAs(r, decode(value, revision));
}

/** A decoded object as the resource `r` serves it; a frozen (shared) one is copied, never changed. */
export function servedAs(r: ResourceType, obj: KubeObject): KubeObject {
  const want = apiVersionOf(r);
  const convert = obj.apiVersion && obj.apiVersion !== want ? CONVERTERS[`${obj.apiVersion}->${want}/${r.kind}`] : undefined;
  const served = convert ? convert(obj) : obj;
  if (served.apiVersion === want && served.kind === r.kind) return served;
  return withTypeMeta(r, Object.isFrozen(served) ? { ...served } : served);
}

const CPU = 'cpu';

function hpaV1ToV2(obj: Obj): Obj {
  const { targetCPUUtilizationPercentage, ...spec } = obj.spec ?? {};
  const { currentCPUUtilizationPercentage, ...status } = obj.status ?? {};
  const out: Obj = { ...obj, spec: { ...spec } };
  if (targetCPUUtilizationPercentage !== undefined) {
    out.spec.metrics = [{ type: 'Resource', resource: { name: CPU, target: { type: 'Utilization', averageUtilization: targetCPUUtilizationPercentage } } }];
  }
  if (obj.status) {
    out.status = { ...status };
    if (currentCPUUtilizationPercentage !== undefined) {
      out.status.currentMetrics = [{ type: 'Resource', resource: { name: CPU, current: { averageUtilization: currentCPUUtilizationPercentage } } }];
    }
  }
  return out;
}

function cpuUtilization(metrics: any[] | undefined, field: 'target' | 'current'): number | undefined {
  const m = (metrics ?? []).find((x) => x.type === 'Resource' && x.resource?.name === CPU);
  return m?.resource?.[field]?.averageUtilization;
}

function hpaV2ToV1(obj: Obj): Obj {
  const { metrics, behavior: _b, ...spec } = obj.spec ?? {};
  const out: Obj = { ...obj, spec: { ...spec } };
  const target = cpuUtilization(metrics, 'target');
  if (target !== undefined) out.spec.targetCPUUtilizationPercentage = target;
  if (obj.status) {
    const { currentMetrics, conditions: _c, ...status } = obj.status;
    out.status = { ...status };
    const current = cpuUtilization(currentMetrics, 'current');
    if (current !== undefined) out.status.currentCPUUtilizationPercentage = current;
  }
  return out;
}

const CONVERTERS: Record<string, Converter> = {
  'autoscaling/v1->autoscaling/v2/HorizontalPodAutoscaler': hpaV1ToV2,
  'autoscaling/v2->autoscaling/v1/HorizontalPodAutoscaler': hpaV2ToV1,
};
