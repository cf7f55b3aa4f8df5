// The Pod `kubectl run` builds (generate/versioned BasicPod) and the Service `run --expose` adds.
import { CliError } from '../client/errors.js';
import { isLabelKey, isLabelValue } from '../selectors/index.js';

type Obj = Record<string, any>;

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

export interface RunSpec {
  name: string;
  image: string;
  /** Words after "--": the container's command with --command, its args otherwise. */
  words: string[];
  command: boolean;
  port?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  env: Array<{ name: string; value: string }>;
  restart: RestartPolicy;
  imagePullPolicy?: string;
  privileged?: boolean;
}

/** --labels "a=b,c=d" (generate.ParseLabels). */
export function parseLabelSpec(spec: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    const parts = pair.split('=');
    if (parts.length !== 2) throw new CliError(`error: unexpected label spec: ${pair}`);
    const [key, value] = parts;
    const keyErrs = isLabelKey(key);
    if (keyErrs.length) throw new CliError(`error: invalid label key ${JSON.stringify(key)}: ${keyErrs.join(';')}`);
    const valueErrs = isLabelValue(value);
    if (valueErrs.length) throw new CliError(`error: invalid label value: ${JSON.stringify(value)}: ${valueErrs.join(';')}`);
    labels[key] = value;
  }
  return labels;
}

/** --env NAME=VALUE, repeated. */
export function parseEnvs(envs: string[]): Array<{ name: string; value: string }> {
  return envs.map((env) => {
    const eq = env.indexOf('=');
    if (eq < 1) throw new CliError(`error: invalid env: ${env}`);
    return { name: env.slice(0, eq), value: env.slice(eq + 1) };
  });
}

/** --annotations k=v, repeated (values may hold "="). */
export function parseAnnotationSpecs(specs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq < 1) throw new CliError(`error: invalid annotation spec: ${spec}`);
    out[spec.slice(0, eq)] = spec.slice(eq + 1);
  }
  return out;
}

export function podLabels(r: RunSpec): Record<string, string> {
  return r.labels ?? { run: r.name };
}

export function runPodObject(r: RunSpec): Obj {
  const container: Obj = { name: r.name, image: r.image };
  if (r.words.length) container[r.command ? 'command' : 'args'] = r.words;
  if (r.port !== undefined && r.port >= 0) container.ports = [{ containerPort: r.port }];
  if (r.env.length) container.env = r.env;
  container.resources = {};
  if (r.imagePullPolicy) container.imagePullPolicy = r.imagePullPolicy;
  if (r.privileged) container.securityContext = { privileged: true };
  const metadata: Obj = { name: r.name, creationTimestamp: null, labels: podLabels(r) };
  if (r.annotations && Object.keys(r.annotations).length) metadata.annotations = r.annotations;
  return {
    kind: 'Pod', apiVersion: 'v1', metadata,
    spec: { containers: [container], restartPolicy: r.restart, dnsPolicy: 'ClusterFirst' },
    status: {},
  };
}

/** The Service of `run --expose`: the pod's port on the pod's labels; labels only when --labels gave them. */
export function exposeServiceObject(r: RunSpec): Obj {
  return {
    kind: 'Service', apiVersion: 'v1',
    metadata: { name: r.name, creationTimestamp: null, ...(r.labels ? { labels: r.labels } : {}) },
    spec: { ports: [{ protocol: 'TCP', port: r.port, targetPort: r.port }], selector: { ...podLabels(r) } },
    status: { loadBalancer: {} },
  };
}
