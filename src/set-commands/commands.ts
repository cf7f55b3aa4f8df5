// `kubectl set image`, `set env` and `set resources`: their arguments, checks and edits, over the
// shared machinery in run.ts.
import type { KubeClient } from '../client/client.js';
import { CliError } from '../client/errors.js';
import {
  editEnv, editResources, keyToEnvName, listEnv, parseEnvArgs, parseResourceList, podSpecOf, selectContainers, setImages, type EnvEdits,
} from './container-edits.js';
import { findObjects } from './objects.js';
import { runSet, splitResourcesAndPairs, type CommandResult, type SetOptions } from './run.js';

export async function runSetImage(client: KubeClient, args: string[], opts: SetOptions): Promise<CommandResult> {
  const { resources, pairs } = splitResourcesAndPairs(args, false);
  if (!opts.selection.filenames?.length && resources.length === 0) {
    throw new CliError('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
  }
  if (pairs.length === 0) throw new CliError('error: at least one image update is required');
  const images = pairs.map((p): [string, string] => {
    const eq = p.indexOf('=');
    return [p.slice(0, eq), p.slice(eq + 1)];
  });
  return runSet(client, resources, opts, (obj) => {
    const spec = podSpecOf(obj);
    if (!spec) return [`${obj.kind.toLowerCase()}/${obj.metadata.name} does not have a pod spec`];
    return setImages(spec, images).map((name) => `unable to find container named ${JSON.stringify(name)}`);
  }, 'image updated');
}

export interface EnvOptions extends SetOptions {
  containers: string;
  list: boolean;
  from?: string;
  prefix?: string;
}

/** The env entries --from=configmap/NAME or secret/NAME adds, with kubectl's renaming warnings. */
async function envFromSource(client: KubeClient, from: string, prefix: string, warn: (line: string) => void): Promise<EnvEdits['set']> {
  const slash = from.indexOf('/');
  const type = from.slice(0, slash);
  const name = from.slice(slash + 1);
  const kind = ['configmap', 'configmaps', 'cm'].includes(type) ? 'configmap' : ['secret', 'secrets'].includes(type) ? 'secret' : undefined;
  if (!kind || !name) throw new CliError(`error: unsupported resource specified in --from: ${from}`);
  const obj = await client.request('GET', `/api/v1/namespaces/${encodeURIComponent(client.namespace)}/${kind}s/${encodeURIComponent(name)}`);
  const keys = Object.keys({ ...obj.data, ...obj.binaryData }).sort();
  return keys.map((key) => {
    const envName = prefix + keyToEnvName(key);
    if (envName !== key) warn(`Warning: key ${key} transferred to ${envName}`);
    const ref = { key, name };
    return { name: envName, valueFrom: kind === 'configmap' ? { configMapKeyRef: ref } : { secretKeyRef: ref } };
  });
}

export async function runSetEnv(client: KubeClient, args: string[], opts: EnvOptions): Promise<CommandResult> {
  const { resources, pairs } = splitResourcesAndPairs(args, true);
  if (opts.list) {
    let stdout = '';
    for (const { object } of await findObjects(client, resources, opts.selection)) {
      const spec = podSpecOf(object) ?? {};
      for (const c of selectContainers(spec.containers, opts.containers)) stdout += listEnv(object.kind, object.metadata.name, c);
    }
    return { stdout, stderr: '', exitCode: 0 };
  }
  const edits = parseEnvArgs(pairs);
  let stderr = '';
  if (opts.from) edits.set.unshift(...await envFromSource(client, opts.from, opts.prefix ?? '', (line) => (stderr += line + '\n')));
  if (edits.set.length === 0 && edits.remove.length === 0) throw new CliError('error: at least one environment variable must be provided');
  const result = await runSet(client, resources, opts, (obj) => {
    const spec = podSpecOf(obj);
    if (!spec) return [`${obj.kind.toLowerCase()}/${obj.metadata.name} does not have a pod spec`];
    const containers = selectContainers([...(spec.initContainers ?? []), ...(spec.containers ?? [])], opts.containers);
    for (const c of containers) editEnv(c, edits);
    return [];
  }, 'env updated');
  return { ...result, stderr: stderr + result.stderr };
}

export interface ResourcesOptions extends SetOptions {
  containers: string;
  limits?: string;
  requests?: string;
}

export async function runSetResources(client: KubeClient, args: string[], opts: ResourcesOptions): Promise<CommandResult> {
  if (!opts.limits && !opts.requests) throw new CliError('error: you must specify an update to requests or limits (in the form of --requests/--limits)');
  const limits = parseResourceList(opts.limits);
  const requests = parseResourceList(opts.requests);
  return runSet(client, args, opts, (obj) => {
    const spec = podSpecOf(obj);
    if (!spec) return [`${obj.kind.toLowerCase()}/${obj.metadata.name} does not have a pod spec`];
    const containers = selectContainers([...(spec.initContainers ?? []), ...(spec.containers ?? [])], opts.containers);
    if (containers.length === 0) return [`unable to find container named ${opts.containers}`];
    for (const c of containers) editResources(c, limits, requests);
    return [];
  }, 'resource requirements updated');
}
