// `describe`: resolve what the arguments, -f files and -l name, describe each object as kubectl
// does, and collect kubectl's errors. The describers themselves are pure (see the modules beside).
import { KubeClient, resourcePath } from '../client/client.js';
import { resolveResource, resourceForKind, type ResourceInfo } from '../client/discovery.js';
import { CliError, StatusError, formatError } from '../client/errors.js';
import { readManifests } from '../manifests.js';
import { describeOne, type DescribeSettings } from './fetch.js';

export { describeOne, type DescribeSettings } from './fetch.js';

export interface DescribeOptions {
  args: string[];
  namespace: string;
  /** True when -n chose the namespace: a file's object in another namespace is then an error. */
  explicitNamespace?: boolean;
  allNamespaces: boolean;
  labelSelector?: string;
  filenames?: string[];
  recursive?: boolean;
  showEvents: boolean;
  chunkSize: number;
  now?: Date;
}

export interface DescribeResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

interface Target {
  resource: ResourceInfo;
  namespace: string;
  name: string;
}

interface Resolved {
  targets: Target[];
  errors: unknown[];
}

export async function runDescribe(client: KubeClient, opts: DescribeOptions): Promise<DescribeResult> {
  const settings: DescribeSettings = { showEvents: opts.showEvents, chunkSize: opts.chunkSize, now: opts.now ?? new Date() };
  const { targets, errors } = await resolveTargets(client, opts);

  // `describe TYPE PREFIX`: a name that is not found is tried as a prefix of the names in the namespace.
  const notFound = errors.length === 1 && errors[0] instanceof StatusError && errors[0].code === 404;
  if (notFound && opts.args.length === 2 && !opts.args[0]!.includes('/') && !opts.filenames?.length) {
    return describeMatching(client, opts, errors[0], settings);
  }

  const outputs: string[] = [];
  const messages = new Set<string>();
  const lines: string[] = errors.map(formatError);
  for (const t of targets) {
    try {
      outputs.push(await describeOne(client, t.resource, t.namespace, t.name, settings));
    } catch (e) {
      const line = formatError(e);
      if (messages.has(line)) continue;
      messages.add(line);
      lines.push(line);
    }
  }
  let stderr = lines.map((l) => l + '\n').join('');
  if (targets.length === 0 && lines.length === 0) {
    stderr = opts.allNamespaces ? 'No resources found\n' : `No resources found in ${opts.namespace} namespace.\n`;
  }
  return { stdout: outputs.join('\n\n'), stderr, exitCode: lines.length ? 1 : 0 };
}

async function describeMatching(client: KubeClient, opts: DescribeOptions, original: unknown, settings: DescribeSettings): Promise<DescribeResult> {
  const resources = await client.discover();
  const resource = resolveResource(resources, opts.args[0]!);
  const prefix = opts.args[1]!;
  const namespace = resource.namespaced ? opts.namespace : '';
  const names = (await listNames(client, resource, namespace, undefined)).filter((t) => t.name.startsWith(prefix));
  if (!names.length) return { stdout: '', stderr: formatError(original) + '\n', exitCode: 1 };
  let stdout = '';
  for (const t of names) {
    try {
      stdout += (await describeOne(client, resource, t.namespace, t.name, settings)) + '\n';
    } catch (e) {
      return { stdout, stderr: formatError(e) + '\n', exitCode: 1 };
    }
  }
  return { stdout, stderr: '', exitCode: 0 };
}

async function resolveTargets(client: KubeClient, opts: DescribeOptions): Promise<Resolved> {
  if (opts.filenames?.length) {
    if (opts.args.length) throw new CliError('error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
    return fromFiles(client, opts);
  }
  if (opts.args.length === 0) {
    throw new CliError('error: You must specify the type of resource to describe. Use "tkctl api-resources" for a complete list of supported resources.');
  }
  const resources = await client.discover();
  const targets: Target[] = [];
  const errors: unknown[] = [];
  if (opts.args.some((a) => a.includes('/'))) {
    for (const a of opts.args) {
      const slash = a.indexOf('/');
      if (slash < 0) {
        throw new CliError(`error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'tkctl describe resource/<resource_name>' instead of 'tkctl describe resource resource/<resource_name>'`);
      }
      const name = a.slice(slash + 1);
      if (!name) throw new CliError('error: arguments in resource/name form must have a single resource and name');
      const resource = resolveResource(resources, a.slice(0, slash));
      targets.push({ resource, namespace: resource.namespaced ? opts.namespace : '', name });
    }
    if (opts.labelSelector) throw new CliError('error: name cannot be provided when a selector is specified');
    return existing(client, targets);
  }
  const [types, ...names] = opts.args;
  const kinds = types!.split(',').filter(Boolean).map((t) => resolveResource(resources, t));
  if (names.length) {
    if (opts.labelSelector) throw new CliError('error: name cannot be provided when a selector is specified');
    for (const resource of kinds) for (const name of names) targets.push({ resource, namespace: resource.namespaced ? opts.namespace : '', name });
    return existing(client, targets);
  }
  for (const resource of kinds) {
    const namespace = resource.namespaced && !opts.allNamespaces ? opts.namespace : '';
    try {
      targets.push(...await listNames(client, resource, namespace, opts.labelSelector));
    } catch (e) {
      errors.push(e);
    }
  }
  return { targets, errors };
}

/** The resource builder GETs named objects first: the missing ones become errors, in order. */
async function existing(client: KubeClient, candidates: Target[]): Promise<Resolved> {
  const targets: Target[] = [];
  const errors: unknown[] = [];
  for (const t of candidates) {
    try {
      await client.getObject(t.resource, t.namespace || undefined, t.name);
      targets.push(t);
    } catch (e) {
      errors.push(e);
    }
  }
  return { targets, errors };
}

async function listNames(client: KubeClient, resource: ResourceInfo, namespace: string, labelSelector: string | undefined): Promise<Target[]> {
  const out: Target[] = [];
  let cont = '';
  do {
    const query: Record<string, string> = { limit: '500' };
    if (labelSelector) query.labelSelector = labelSelector;
    if (cont) query.continue = cont;
    const page = await client.request('GET', resourcePath(resource, namespace || undefined), { query });
    for (const item of page.items ?? []) out.push({ resource, namespace: item.metadata?.namespace ?? '', name: item.metadata?.name ?? '' });
    cont = page.metadata?.continue ?? '';
  } while (cont);
  return out;
}

async function fromFiles(client: KubeClient, opts: DescribeOptions): Promise<Resolved> {
  const manifests = await readManifests(opts.filenames!, { recursive: opts.recursive });
  const resources = await client.discover();
  const targets: Target[] = [];
  const errors: unknown[] = [];
  for (const { source, object } of manifests) {
    const resource = resourceForKind(resources, String(object.apiVersion ?? ''), String(object.kind ?? ''));
    if (!resource) {
      errors.push(new CliError(`error: resource mapping not found for name: "${object.metadata?.name ?? ''}" namespace: "${object.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"\nensure CRDs are installed first`));
      continue;
    }
    const own = object.metadata?.namespace;
    if (resource.namespaced && own && opts.explicitNamespace && own !== opts.namespace) {
      throw new CliError(`error: the namespace from the provided object "${own}" does not match the namespace "${opts.namespace}". You must pass '--namespace=${own}' to perform this operation.`);
    }
    targets.push({ resource, namespace: resource.namespaced ? own || opts.namespace : '', name: object.metadata?.name ?? '' });
  }
  return { targets, errors };
}
