// The HorizontalPodAutoscaler table (printHorizontalPodAutoscaler and formatHPAMetrics in
// printers.go), from an autoscaling/v2 object or an autoscaling/v1 one.

import { AGE_COLUMN, NAME_COLUMN, age, column, doc, int, nameOf } from './format.js';
import type { KindPrinter } from './types.js';

interface MetricTarget {
  averageUtilization?: number;
  averageValue?: string;
  value?: string;
}

interface MetricSpec {
  type: string;
  resource?: { name: string; target?: MetricTarget };
  containerResource?: { name: string; target?: MetricTarget };
  pods?: { target?: MetricTarget };
  object?: { target?: MetricTarget };
  external?: { target?: MetricTarget };
}

interface MetricStatus {
  resource?: { current?: MetricTarget };
  containerResource?: { current?: MetricTarget };
  pods?: { current?: MetricTarget };
  object?: { current?: MetricTarget };
  external?: { current?: MetricTarget };
}

// Defaulting (autoscaling/v2) targets 80% CPU utilization when no metric is given.
const DEFAULT_METRICS: MetricSpec[] = [{ type: 'Resource', resource: { name: 'cpu', target: { averageUtilization: 80 } } }];

/** A quantity as resource.Quantity.String() prints it: canonical as stored, "<nil>" when absent. */
function quantity(value: string | undefined): string {
  return value ?? '<nil>';
}

/** The v2 metric lists, converting autoscaling/v1's CPU percentage fields as the API server does. */
function hpaMetrics(hpa: any): { specs: MetricSpec[]; statuses: MetricStatus[] } {
  const spec = hpa.spec ?? {};
  const status = hpa.status ?? {};
  if (Array.isArray(spec.metrics) && spec.metrics.length > 0) return { specs: spec.metrics, statuses: status.currentMetrics ?? [] };
  if (typeof spec.targetCPUUtilizationPercentage !== 'number') return { specs: DEFAULT_METRICS, statuses: status.currentMetrics ?? [] };
  const specs: MetricSpec[] = [{ type: 'Resource', resource: { name: 'cpu', target: { averageUtilization: spec.targetCPUUtilizationPercentage } } }];
  const current = status.currentCPUUtilizationPercentage;
  const statuses: MetricStatus[] = typeof current === 'number' ? [{ resource: { current: { averageUtilization: current } } }] : [];
  return { specs, statuses };
}

/** "current/target" for a metric with a value or an average value; external and object averages say "(avg)". */
function valueMetric(target: MetricTarget, current: MetricTarget | undefined, hasStatus: boolean, labelAverage: boolean): string {
  if (target.averageValue !== undefined) {
    const now = hasStatus && current?.averageValue !== undefined ? quantity(current.averageValue) : '<unknown>';
    return `${now}/${quantity(target.averageValue)}${labelAverage ? ' (avg)' : ''}`;
  }
  const now = hasStatus ? quantity(current?.value) : '<unknown>';
  return `${now}/${quantity(target.value)}`;
}

function resourceMetric(name: string, target: MetricTarget, current: MetricTarget | undefined, hasStatus: boolean): string {
  if (target.averageValue !== undefined) {
    const now = hasStatus ? quantity(current?.averageValue) : '<unknown>';
    return `${name}: ${now}/${quantity(target.averageValue)}`;
  }
  const now = hasStatus && current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : '<unknown>';
  const goal = target.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
  return `${name}: ${now}/${goal}`;
}

function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'External':
      return valueMetric(spec.external?.target ?? {}, status?.external?.current, Boolean(status?.external), true);
    case 'Pods': {
      const now = status?.pods ? quantity(status.pods.current?.averageValue) : '<unknown>';
      return `${now}/${quantity(spec.pods?.target?.averageValue)}`;
    }
    case 'Object':
      return valueMetric(spec.object?.target ?? {}, status?.object?.current, Boolean(status?.object), true);
    case 'Resource':
      return resourceMetric(spec.resource?.name ?? '', spec.resource?.target ?? {}, status?.resource?.current, Boolean(status?.resource));
    case 'ContainerResource':
      return resourceMetric(
        spec.containerResource?.name ?? '',
        spec.containerResource?.target ?? {},
        status?.containerResource?.current,
        Boolean(status?.containerResource),
      );
    default:
      return '<unknown type>';
  }
}

/** formatHPAMetrics: the first two metrics, then "+ N more...". Statuses pair with specs by position. */
export function formatHPAMetrics(specs: MetricSpec[], statuses: MetricStatus[]): string {
  if (specs.length === 0) return '<none>';
  const max = 2;
  const list = specs.map((spec, i) => formatMetric(spec, statuses[i]));
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

export const horizontalPodAutoscalerPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Reference', 'string', doc('autoscaling/v2beta1 HorizontalPodAutoscalerSpec.scaleTargetRef')),
    column('Targets', 'string', doc('autoscaling/v2beta1 HorizontalPodAutoscalerSpec.metrics')),
    column('MinPods', 'string', doc('autoscaling/v2beta1 HorizontalPodAutoscalerSpec.minReplicas')),
    column('MaxPods', 'string', doc('autoscaling/v2beta1 HorizontalPodAutoscalerSpec.maxReplicas')),
    column('Replicas', 'string', doc('autoscaling/v2beta1 HorizontalPodAutoscalerStatus.currentReplicas')),
    AGE_COLUMN,
  ],
  cells: (hpa, now) => {
    const spec = hpa.spec ?? {};
    const { specs, statuses } = hpaMetrics(hpa);
    const ref = spec.scaleTargetRef ?? {};
    return [
      nameOf(hpa),
      `${ref.kind ?? ''}/${ref.name ?? ''}`,
      formatHPAMetrics(specs, statuses),
      // Defaulting sets minReplicas to 1.
      String(typeof spec.minReplicas === 'number' ? spec.minReplicas : 1),
      int(spec.maxReplicas),
      int(hpa.status?.currentReplicas),
      age(hpa, now),
    ];
  },
};
