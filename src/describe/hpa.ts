// HorizontalPodAutoscaler (autoscaling/v2) describer.
import { describeEvents } from './events.js';
import { printAnnotations, printLabels, rfc1123z, type Obj } from './format.js';
import { tabbed, type PrefixWriter } from './writer.js';

const orUnknown = (v: unknown): string => (v === undefined || v === null ? '<unknown>' : String(v));
// A Quantity that is not set prints as "0".
const q = (v: unknown): string => (v === undefined || v === null ? '0' : String(v));

function metricLine(w: PrefixWriter, m: Obj, current: Obj | undefined): void {
  switch (m.type) {
    case 'External': {
      const name = JSON.stringify(m.external?.metric?.name ?? '');
      const t = m.external?.target ?? {};
      if (t.averageValue !== undefined) {
        w.write(1, `${name} (target average value):\t${current?.external ? orUnknown(current.external.current?.averageValue) : '<unknown>'} / ${t.averageValue}\n`);
      } else {
        w.write(1, `${name} (target value):\t${current?.external ? q(current.external.current?.value) : '<unknown>'} / ${q(t.value)}\n`);
      }
      return;
    }
    case 'Pods':
      w.write(1, `${JSON.stringify(m.pods?.metric?.name ?? '')} on pods:\t${current?.pods ? q(current.pods.current?.averageValue) : '<unknown>'} / ${q(m.pods?.target?.averageValue)}\n`);
      return;
    case 'Object': {
      const o = m.object ?? {};
      w.write(1, `"${o.metric?.name ?? ''}" on ${o.describedObject?.kind ?? ''}/${o.describedObject?.name ?? ''} `);
      if (o.target?.type === 'AverageValue') {
        w.write(0, `(target average value):\t${current?.object ? q(current.object.current?.averageValue) : '<unknown>'} / ${q(o.target.averageValue)}\n`);
      } else {
        w.write(0, `(target value):\t${current?.object ? q(current.object.current?.value) : '<unknown>'} / ${q(o.target?.value)}\n`);
      }
      return;
    }
    case 'Resource':
    case 'ContainerResource': {
      const r = m.type === 'Resource' ? m.resource ?? {} : m.containerResource ?? {};
      const cur = m.type === 'Resource' ? current?.resource : current?.containerResource;
      w.write(1, m.type === 'Resource' ? `resource ${r.name} on pods` : `resource ${r.name} of container "${r.container}" on pods`);
      if (r.target?.averageValue !== undefined) {
        w.write(0, `:\t${cur ? q(cur.current?.averageValue) : '<unknown>'} / ${r.target.averageValue}\n`);
      } else {
        const now = cur && cur.current?.averageUtilization !== undefined ? `${cur.current.averageUtilization}% (${q(cur.current.averageValue)})` : '<unknown>';
        const target = r.target?.averageUtilization !== undefined ? `${r.target.averageUtilization}%` : '<auto>';
        w.write(1, `(as a percentage of request):\t${now} / ${target}\n`);
      }
      return;
    }
    default:
      w.write(1, `<unknown metric type ${JSON.stringify(m.type ?? '')}>\n`);
  }
}

function behavior(w: PrefixWriter, direction: string, rules: Obj | undefined): void {
  if (!rules) return;
  w.write(1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined) w.write(2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if (rules.policies?.length) {
    w.write(2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(2, 'Policies:\n');
    for (const p of rules.policies) w.write(3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
  }
}

export function describeHorizontalPodAutoscaler(hpa: Obj, events: Obj[] | undefined, now: Date): string {
  return tabbed((w) => {
    const spec = hpa.spec ?? {};
    const status = hpa.status ?? {};
    w.write(0, `Name:\t${hpa.metadata.name}\n`);
    w.write(0, `Namespace:\t${hpa.metadata.namespace ?? ''}\n`);
    printLabels(w, 'Labels', hpa.metadata.labels);
    printAnnotations(w, 'Annotations', hpa.metadata.annotations);
    w.write(0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
    w.write(0, `Reference:\t${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}\n`);
    w.write(0, 'Metrics:\t( current / target )\n');
    (spec.metrics ?? []).forEach((m: Obj, i: number) => metricLine(w, m, status.currentMetrics?.[i]));
    w.write(0, `Min replicas:\t${spec.minReplicas ?? '<unset>'}\n`);
    w.write(0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
    if (spec.behavior) {
      w.write(0, 'Behavior:\n');
      behavior(w, 'Scale Up', spec.behavior.scaleUp);
      behavior(w, 'Scale Down', spec.behavior.scaleDown);
    }
    w.write(0, `${spec.scaleTargetRef?.kind ?? ''} pods:\t`);
    w.write(0, `${status.currentReplicas ?? 0} current / ${status.desiredReplicas ?? 0} desired\n`);
    const conditions: Obj[] = status.conditions ?? [];
    if (conditions.length) {
      w.write(0, 'Conditions:\n');
      w.write(1, 'Type\tStatus\tReason\tMessage\n');
      w.write(1, '----\t------\t------\t-------\n');
      for (const c of conditions) w.write(1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    describeEvents(events, w, now);
  });
}
