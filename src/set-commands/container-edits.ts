// The edits `kubectl set image|env|resources` make to an object's pod spec: pure functions that
// change a copy in place and report kubectl's per-object errors.
import { CliError } from '../client/errors.js';

type Obj = Record<string, any>;

/** Where a kind keeps its pod spec (kubectl's UpdatePodSpecForObject); undefined for other kinds. */
export function podSpecOf(obj: Obj): Obj | undefined {
  switch (obj.kind) {
    case 'Pod': return (obj.spec ??= {});
    case 'CronJob': return ((((obj.spec ??= {}).jobTemplate ??= {}).spec ??= {}).template ??= {}).spec ??= {};
    case 'Deployment': case 'ReplicaSet': case 'DaemonSet': case 'StatefulSet': case 'Job': case 'ReplicationController':
      return ((obj.spec ??= {}).template ??= {}).spec ??= {};
  }
  return undefined;
}


/** Containers matching kubectl's --containers glob (default "*"). */
export function selectContainers(containers: Obj[] | undefined, pattern: string): Obj[] {
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return (containers ?? []).filter((c) => re.test(c.name));
}

/** set image: NAME=IMAGE pairs ("*" for every container); returns the names no container had. */
export function setImages(spec: Obj, images: Array<[string, string]>): string[] {
  const missing: string[] = [];
  for (const [name, image] of images) {
    let found = false;
    for (const list of [spec.initContainers, spec.containers, spec.ephemeralContainers]) {
      for (const c of list ?? []) {
        if (name === '*' || c.name === name) {
          c.image = image;
          found = true;
        }
      }
    }
    if (!found) missing.push(name);
  }
  return missing;
}

export interface EnvEdits {
  set: Array<{ name: string; value?: string; valueFrom?: Obj }>;
  remove: string[];
}

/** KEY=VALUE and KEY- arguments; "-" reads KEY=VALUE lines from stdin, as kubectl does. */
export function parseEnvArgs(pairs: string[]): EnvEdits {
  const edits: EnvEdits = { set: [], remove: [] };
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq > 0) edits.set.push({ name: p.slice(0, eq), value: p.slice(eq + 1) });
    else if (p.endsWith('-') && p.length > 1) edits.remove.push(p.slice(0, -1));
    else throw new CliError(`error: environment variables must be of the form key=value and can only contain letters, numbers, and underscores`);
  }
  return edits;
}

/** A ConfigMap or Secret key as an environment variable name (kubectl's keyToEnvName). */
export function keyToEnvName(key: string): string {
  return key.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** Update a container's env as kubectl's updateEnv does: replace in place, append new, drop removed. */
export function editEnv(container: Obj, edits: EnvEdits): void {
  const env: Obj[] = [...(container.env ?? [])];
  for (const e of edits.set) {
    const at = env.findIndex((x) => x.name === e.name);
    if (at >= 0) env[at] = e;
    else env.push(e);
  }
  const kept = env.filter((x) => !edits.remove.includes(x.name));
  if (kept.length) container.env = kept;
  else delete container.env;
}

/** The `set env --list` lines of one container. */
export function listEnv(kind: string, name: string, container: Obj): string {
  let out = `# ${kind} ${name}, container ${container.name}\n`;
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) out += `# environment variables from configmap ${from.configMapRef.name}${from.prefix ? ` with prefix ${from.prefix}` : ''}\n`;
    if (from.secretRef) out += `# environment variables from secret ${from.secretRef.name}${from.prefix ? ` with prefix ${from.prefix}` : ''}\n`;
  }
  for (const e of container.env ?? []) {
    if (e.valueFrom === undefined) {
      out += `${e.name}=${e.value ?? ''}\n`;
      continue;
    }
    const v = e.valueFrom;
    if (v.configMapKeyRef) out += `# ${e.name} from configmap ${v.configMapKeyRef.name}, key ${v.configMapKeyRef.key}\n`;
    else if (v.secretKeyRef) out += `# ${e.name} from secret ${v.secretKeyRef.name}, key ${v.secretKeyRef.key}\n`;
    else if (v.fieldRef) out += `# ${e.name} from field path ${v.fieldRef.fieldPath}\n`;
    else if (v.resourceFieldRef) out += `# ${e.name} from resource ${v.resourceFieldRef.resource}\n`;
    else out += `# ${e.name} from unknown source\n`;
  }
  return out;
}

/** "cpu=200m,memory=512Mi" into a resource list. */
export function parseResourceList(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new CliError(`error: invalid argument syntax ${part}`);
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** set resources: merge limits and requests into a container's requirements. */
export function editResources(container: Obj, limits: Record<string, string>, requests: Record<string, string>): void {
  const r = (container.resources ??= {});
  if (Object.keys(limits).length) r.limits = { ...r.limits, ...limits };
  if (Object.keys(requests).length) r.requests = { ...r.requests, ...requests };
}
