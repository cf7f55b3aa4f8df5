// `get`: fetch what the arguments name, print it as kubectl does.
import { KubeClient, TABLE_ACCEPT, resourcePath } from './client/client.js';
import { apiVersionOf, resolveResource, resourcesInCategory, type ResourceInfo } from './client/discovery.js';
import { CliError, StatusError, formatError } from './client/errors.js';
import { alignColumns, asList, qualifiedKind, tableText, type Table } from './printers/index.js';
import { OutputFormatError, objectPrinter, type ObjectPrinter } from './printers/output-format.js';
import { relaxedJsonPath } from './printers/custom-columns.js';
import { SortError, sortByJsonPath } from './printers/sort.js';

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
  /** --sort-by: a JSONPath; tables are then requested with their full objects. */
  sortBy?: string;
  /** --template, for -o jsonpath / jsonpath-file given without a value. */
  template?: string;
  allowMissingKeys?: boolean;
  /** --show-managed-fields: keep metadata.managedFields in object output, which kubectl hides. */
  showManagedFields?: boolean;
}

/** The -o printer for whole objects (undefined for tables), with kubectl's message for a bad format. */
export function printerFor(opts: Pick<GetOptions, 'output' | 'template' | 'allowMissingKeys' | 'noHeaders'>): ObjectPrinter | undefined {
  try {
    return objectPrinter(opts.output ?? '', { template: opts.template, allowMissingKeys: opts.allowMissingKeys, noHeaders: opts.noHeaders });
  } catch (e) {
    if (e instanceof OutputFormatError || e instanceof Error) throw new CliError(`error: ${e.message}`);
    throw e;
  }
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
  const printer = printerFor(opts);
  const requests = await parseResourceArgs(client, opts.args);
  if (requests.some((r) => r.names.length) && opts.labelSelector) {
    throw new CliError('error: name cannot be provided when a selector is specified');
  }
  const errors: string[] = [];
  const singleItem = requests.length === 1 && requests[0].names.length === 1;
  const asTable = !printer;
  const sortBy = opts.sortBy || undefined;
  // One unit per server answer, as kubectl's builder has one info per answer.
  const units: Array<{ resource: ResourceInfo; page: any }> = [];

  for (const { resource, names } of requests) {
    const namespace = resource.namespaced && !opts.allNamespaces ? opts.namespace : undefined;
    const accept = asTable ? TABLE_ACCEPT : 'application/json';
    const query: Record<string, string> = asTable && sortBy ? { includeObject: 'Object' } : {};
    if (names.length) {
      for (const name of names) {
        try {
          const page = await client.getObject(resource, resource.namespaced ? opts.namespace : undefined, name, { accept, query });
          units.push({ resource, page });
        } catch (e) {
          if (e instanceof StatusError && e.code === 404 && opts.ignoreNotFound) continue;
          errors.push(formatError(e));
        }
      }
    } else {
      if (opts.labelSelector) query.labelSelector = opts.labelSelector;
      if (opts.fieldSelector) query.fieldSelector = opts.fieldSelector;
      if (opts.chunkSize > 0 && !sortBy) query.limit = String(opts.chunkSize);
      let cont = '';
      do {
        const page = await client.request('GET', resourcePath(resource, namespace), { accept, query: cont ? { ...query, continue: cont } : query })
          .catch((e) => { throw explainListError(e, resource, opts); });
        units.push({ resource, page });
        cont = page.metadata?.continue ?? '';
      } while (cont);
    }
  }

  let stdout: string;
  let found = 0;
  if (asTable) {
    const sorted = sortBy ? sortTables(units, sortBy) : units;
    found = sorted.reduce((n, u) => n + (u.page.rows?.length ?? 0), 0);
    stdout = printTables(sorted, opts, output === 'wide', requests.length > 1);
  } else {
    let objects = units.flatMap(({ resource, page }) =>
      page.kind?.endsWith('List') && Array.isArray(page.items) ? page.items.map((i: any) => withKind(i, resource)) : [page]);
    // kubectl hides managedFields from its YAML and JSON printers only; templates see everything.
    if (!opts.showManagedFields && (output === 'yaml' || output === 'json')) objects = objects.map(omitManagedFields);
    found = objects.length;
    const single = singleItem && objects.length === 1;
    if (sortBy && !single && objects.length > 0) objects = sortObjects(objects, sortBy);
    stdout = '';
    if (single || objects.length || !errors.length || output === 'name') {
      try {
        const text = printer.print(single ? objects[0] : asList(objects));
        stdout = printer.tabbed ? alignColumns(text) : text;
      } catch (e) {
        errors.push(`error: ${(e as Error).message.replace(/\n$/, '')}`);
      }
    }
  }
  let stderr = '';
  if (found === 0 && errors.length === 0 && !opts.ignoreNotFound && (asTable || output === 'name')) {
    const allNamespaced = !opts.allNamespaces && requests.every((r) => r.resource.namespaced);
    stderr = allNamespaced ? `No resources found in ${opts.namespace} namespace.\n` : 'No resources found\n';
  }
  if (errors.length) stderr += errors.join('\n') + '\n';
  return { stdout, stderr, exitCode: errors.length ? 1 : 0 };
}

export function omitManagedFields(obj: any): any {
  if (!obj?.metadata || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _m, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/** kubectl's field for sorting tables: the relaxed form, or the text as given when it is not one. */
function tableSortField(sortBy: string): string {
  try {
    return relaxedJsonPath(sortBy);
  } catch {
    return sortBy;
  }
}

function sortObjects(objects: any[], sortBy: string): any[] {
  try {
    return sortByJsonPath(objects, relaxedJsonPath(sortBy), (o) => o);
  } catch (e) {
    throw new CliError(`error: ${(e as Error).message}`);
  }
}

/**
 * Several answers are sorted as objects (the Tables themselves, which rarely have the field), then
 * each Table's rows by their objects. A Table whose rows cannot be sorted prints nothing, as
 * kubectl ignores its printer's error there.
 */
function sortTables(units: Array<{ resource: ResourceInfo; page: any }>, sortBy: string): Array<{ resource: ResourceInfo; page: any }> {
  const field = tableSortField(sortBy);
  let ordered = units;
  if (units.length > 1) {
    try {
      ordered = sortByJsonPath(units, field, (u) => u.page);
    } catch (e) {
      throw new CliError(`error: ${(e as Error).message}`);
    }
  }
  return ordered.map((u) => {
    const rows: any[] = u.page.rows ?? [];
    if (rows.length < 2) return u;
    try {
      return { ...u, page: { ...u.page, rows: sortByJsonPath(rows, field, (r) => r.object) } };
    } catch (e) {
      if (e instanceof SortError || e instanceof Error) return { ...u, page: { ...u.page, rows: [] } };
      throw e;
    }
  });
}

function printTables(units: Array<{ resource: ResourceInfo; page: any }>, opts: GetOptions, wide: boolean, multipleTypes: boolean): string {
  const tables: string[] = [];
  for (let i = 0; i < units.length;) {
    const { resource } = units[i]!;
    const run: any[] = [];
    for (; i < units.length && units[i]!.resource === resource; i++) run.push(units[i]!.page);
    const table: Table = { columnDefinitions: run[0]?.columnDefinitions ?? [], rows: run.flatMap((p) => p.rows ?? []) };
    if (table.rows.length === 0) continue;
    tables.push(alignColumns(tableText(table, {
      wide,
      noHeaders: opts.noHeaders,
      withNamespace: opts.allNamespaces && resource.namespaced,
      showLabels: opts.showLabels,
      labelColumns: opts.labelColumns,
      kindPrefix: multipleTypes ? qualifiedKind(resource.kind, apiVersionOf(resource)) : undefined,
    })));
  }
  return tables.join('\n');
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
