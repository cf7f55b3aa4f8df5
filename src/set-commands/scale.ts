// `kubectl scale` through the scale subresource, and `kubectl autoscale`'s HorizontalPodAutoscaler.
import { resourcePath, type KubeClient } from '../client/client.js';
import { CliError, formatError } from '../client/errors.js';
import { dryRunMode } from '../cli/manifest-flags.js';
import { printName } from '../printers/index.js';
import { findObjects, type Selection } from './objects.js';
import { dryRunSuffix, printerForOutput, type CommandResult } from './run.js';

export interface ScaleOptions {
  selection: Selection;
  replicas?: number;
  currentReplicas: number;
  resourceVersion?: string;
  dryRun: string;
  output?: string;
}

export async function runScale(client: KubeClient, args: string[], opts: ScaleOptions): Promise<CommandResult> {
  if (opts.replicas === undefined) throw new CliError('error: required flag(s) "replicas" not set');
  if (opts.replicas < 0) throw new CliError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const dryRun = dryRunMode(opts.dryRun);
  const printer = printerForOutput(opts.output);
  const found = await findObjects(client, args, opts.selection).catch((e) => {
    // kubectl's scale words a missing object its own way.
    if (e?.reason === 'NotFound') throw new CliError(`error: no objects passed to scale ${e.message}`);
    throw e;
  });
  if (found.length === 0) throw new CliError('error: no objects passed to scale');
  let stdout = '';
  const errors: string[] = [];
  for (const { resource, namespace, object } of found) {
    const path = resourcePath(resource, namespace, object.metadata.name, 'scale');
    const query: Record<string, string> = dryRun === 'server' ? { dryRun: 'All' } : {};
    try {
      if (dryRun !== 'client') {
        if (opts.currentReplicas >= 0 || opts.resourceVersion) {
          // A precondition: read the scale, check it, and write it back with its resourceVersion.
          const scale = await client.request('GET', path);
          if (opts.currentReplicas >= 0 && scale.spec?.replicas !== opts.currentReplicas) {
            throw new CliError(`error: Expected replicas to be ${opts.currentReplicas}, was ${scale.spec?.replicas ?? 0}`);
          }
          if (opts.resourceVersion && scale.metadata?.resourceVersion !== opts.resourceVersion) {
            throw new CliError(`error: Expected resourceVersion to be ${opts.resourceVersion}, was ${scale.metadata?.resourceVersion}`);
          }
          await client.request('PUT', path, { query, body: { ...scale, spec: { ...scale.spec, replicas: opts.replicas } } });
        } else {
          await client.request('PATCH', path, { query, body: { spec: { replicas: opts.replicas } }, contentType: 'application/merge-patch+json' });
        }
      }
    } catch (e) {
      errors.push(formatError(e));
      continue;
    }
    stdout += printer ? printer.print(object) : printName(object as any, 'scaled' + dryRunSuffix(dryRun)) + '\n';
  }
  return { stdout, stderr: errors.join('\n'), exitCode: errors.length ? 1 : 0 };
}

export interface AutoscaleOptions {
  name?: string;
  min: number;
  max: number;
  cpuPercent: number;
  dryRun: string;
  output?: string;
  explicitNamespace: boolean;
}

/** The autoscaling/v1 HorizontalPodAutoscaler kubectl 1.32 builds (its typed struct's field order). */
export function horizontalPodAutoscaler(target: Record<string, any>, opts: AutoscaleOptions): Record<string, any> {
  const spec: Record<string, any> = { scaleTargetRef: { kind: target.kind, name: target.metadata.name, apiVersion: target.apiVersion } };
  if (opts.min >= 0) spec.minReplicas = opts.min;
  spec.maxReplicas = opts.max;
  if (opts.cpuPercent >= 0) spec.targetCPUUtilizationPercentage = opts.cpuPercent;
  return {
    kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v1',
    metadata: { name: opts.name || target.metadata.name, creationTimestamp: null },
    spec, status: { currentReplicas: 0, desiredReplicas: 0 },
  };
}

export async function runAutoscale(client: KubeClient, args: string[], opts: AutoscaleOptions): Promise<string> {
  if (opts.max < 1) throw new CliError(`error: --max=MAXPODS is required and must be at least 1, max: ${opts.max}`);
  if (opts.max < opts.min) throw new CliError(`error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: ${opts.max}, min: ${opts.min}`);
  const dryRun = dryRunMode(opts.dryRun);
  const printer = printerForOutput(opts.output);
  const found = await findObjects(client, args, { explicitNamespace: opts.explicitNamespace });
  let out = '';
  for (const { object } of found) {
    if (!['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'].includes(object.kind)) {
      throw new CliError(`error: cannot autoscale a ${object.kind}: ${object.kind} ${JSON.stringify(object.metadata.name)} does not support scale`);
    }
    let hpa = horizontalPodAutoscaler(object, opts);
    if (dryRun !== 'client') {
      const query: Record<string, string> = { fieldManager: 'kubectl-autoscale' };
      if (dryRun === 'server') query.dryRun = 'All';
      const ns = encodeURIComponent(object.metadata.namespace ?? client.namespace);
      hpa = await client.request('POST', `/apis/autoscaling/v1/namespaces/${ns}/horizontalpodautoscalers`, { query, body: hpa });
    }
    // kubectl words a client-side dry run as a creation.
    const operation = dryRun === 'client' ? 'created (dry run)' : 'autoscaled' + dryRunSuffix(dryRun);
    out += printer ? printer.print(hpa) : printName(hpa as any, operation) + '\n';
  }
  return out;
}
