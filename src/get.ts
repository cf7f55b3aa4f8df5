// `get`: fetch what the arguments name, print it as kubectl does.
import { KubeClient, TABLE_ACCEPT, resourcePath } from './client/client.js';
import { apiVersionOf, resolveResource, resourcesInCategory, type ResourceInfo } from './client/discovery.js';
import { CliError, StatusError, formatError } from './client/errors.js';
import { alignColumns, asList, printJson, printName, printYaml, qualifiedKind, tableText, type Table } from './printers/index.js';

export interface GetOptions {
  args: string[];
  namespace: string;
  allNamespaces: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  output?: string;
  showLabels?: boolean;
  labelColumns?: string[];
  noHeaders?: boolean;
  ignoreNotFound?: boolean;
  chunkSize: number;
}

export interface GetResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

interface Request {
  resource: ResourceInfo;
  names: string[];
}

const OUTPUTS = ['', 'wide', 'yaml', 'json', 'name'];

/** Parse `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...` into requests (kubectl's resource builder rules). */
export async function parseResourceArgs(client: KubeClient, args: string[]): Promise<Request[]> {
  if (args.length === 0) {
    throw new CliError('You must specify the type of resource to get. Use "tkctl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "tkctl explain <resource>" for a detailed description of that resource (e.g. tkctl explain pods).\nSee \'tkctl get -h\' for help and examples');
  }
  const resources = await client.discover();
  if (args.some((a) => a.includes('/'))) {
    const requests: Request[] = [];
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash < 0) {
        throw new CliError(`error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'tkctl get resource/<resource_name>' instead of 'tkctl get resource resource/<resource_name>'`);
      }
      const name = a.slice(slash + 1);
      if (!name) throw new CliError(`error: arguments in resource/name form must have a single resource and name`);
      const resource = resolveResource(resources, a.slice(0, slash));
      const last = requests[requests.length - 1];
      if (last && last.resource === resource) last.names.push(name);
      else requests.push({ resource, names: [name] });
    }
    return requests;
  }
  const [types, ...names] = args;
  const list = types.split(',').filter(Boolean).flatMap((t) => {
    const inCategory = resourcesInCategory(resources, t);
    return inCategory.length && !resources.some((r) => r.plural === t) ? inCategory : [resolveResource(resources, t)];
  });
  // `get pods,svc NAME` asks for NAME of each type, as kubectl does.
  return list.map((resource) => ({ resource, names }));
}

export async function runGet(client: KubeClient, opts: GetOptions): Promise<GetResult> {
  const output = opts.output ?? '';
  if (!OUTPUTS.includes(output)) {
    throw new CliError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,wide,yaml`);
  }
  const requests = await parseResourceArgs(client, opts.args);
  if (requests.some((r) => r.names.length) && opts.labelSelector) {
    throw new CliError('error: name cannot be provided when a selector is specified');
  }
  const errors: string[] = [];
  const multipleTypes = requests.length > 1;
  const singleItem = requests.length === 1 && requests[0].names.length === 1;
  const objects: any[] = [];
  const tables: string[] = [];
  let found = 0;

  for (const { resource, names } of requests) {
    const namespace = resource.namespaced && !opts.allNamespaces ? opts.namespace : undefined;
    const asTable = output === '' || output === 'wide';
    const accept = asTable ? TABLE_ACCEPT : 'application/json';
    const pages: any[] = [];
    if (names.length) {
      for (const name of names) {
        try {
          pages.push(await client.request('GET', resourcePath(resource, resource.namespaced ? opts.namespace : undefined, name), { accept }));
        } catch (e) {
          if (e instanceof StatusError && e.code === 404 && opts.ignoreNotFound) continue;
          errors.push(formatError(e));
        }
      }
    } else {
      const query: Record<string, string> = {};
      if (opts.labelSelector) query.labelSelector = opts.labelSelector;
      if (opts.fieldSelector) query.fieldSelector = opts.fieldSelector;
      if (opts.chunkSize > 0) query.limit = String(opts.chunkSize);
      let cont = '';
      do {
        const page = await client.request('GET', resourcePath(resource, namespace), { accept, query: cont ? { ...query, continue: cont } : query })
          .catch((e) => { throw explainListError(e, resource, opts); });
        pages.push(page);
        cont = page.metadata?.continue ?? '';
      } while (cont);
    }

    if (asTable) {
      const table: Table = { columnDefinitions: pages[0]?.columnDefinitions ?? [], rows: pages.flatMap((p) => p.rows ?? []) };
      if (table.rows.length === 0) continue;
      found += table.rows.length;
      tables.push(alignColumns(tableText(table, {
        wide: output === 'wide',
        noHeaders: opts.noHeaders,
        withNamespace: opts.allNamespaces && resource.namespaced,
        showLabels: opts.showLabels,
        labelColumns: opts.labelColumns,
        kindPrefix: multipleTypes ? qualifiedKind(resource.kind, apiVersionOf(resource)) : undefined,
      })));
    } else {
      for (const page of pages) {
        const items = page.kind?.endsWith('List') && Array.isArray(page.items) ? page.items.map((i: any) => withKind(i, resource)) : [page];
        objects.push(...items);
      }
    }
  }

  let stdout: string;
  if (output === '' || output === 'wide') {
    stdout = tables.join('\n');
  } else {
    found = objects.length;
    if (output === 'name') stdout = objects.map((o) => printName(o) + '\n').join('');
    else if (output === 'yaml') stdout = singleItem && objects.length === 1 ? printYaml(objects[0]) : (objects.length || !errors.length ? printYaml(asList(objects)) : '');
    else stdout = singleItem && objects.length === 1 ? printJson(objects[0]) : (objects.length || !errors.length ? printJson(asList(objects)) : '');
  }
  let stderr = '';
  if (found === 0 && errors.length === 0 && !opts.ignoreNotFound && (output === '' || output === 'wide' || output === 'name')) {
    const allNamespaced = !opts.allNamespaces && requests.every((r) => r.resource.namespaced);
    stderr = allNamespaced ? `No resources found in ${opts.namespace} namespace.\n` : 'No resources found\n';
  }
  if (errors.length) stderr += errors.join('\n') + '\n';
  return { stdout, stderr, exitCode: errors.length ? 1 : 0 };
}

/** kubectl's resource builder rewords a list's BadRequest and NotFound to name what was listed. */
function explainListError(e: unknown, r: ResourceInfo, opts: GetOptions): unknown {
  if (!(e instanceof StatusError) || (e.code !== 400 && e.code !== 404)) return e;
  const gvr = `${r.group}/${r.version}, Resource=${r.plural}`;
  const message = opts.labelSelector || opts.fieldSelector
    ? `Unable to find "${gvr}" that match label selector "${opts.labelSelector ?? ''}", field selector "${opts.fieldSelector ?? ''}": ${e.message}`
    : `Unable to list "${gvr}": ${e.message}`;
  return new StatusError(e.code, e.reason, message, e.details);
}

function withKind(item: any, r: ResourceInfo): any {
  return { apiVersion: apiVersionOf(r), kind: r.kind, ...item };
}
