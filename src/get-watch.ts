// `get -w` / `--watch-only`: print what is there, then one line (or object) per watch event, until
// the server ends the stream (exit 0) or the user interrupts (kubectl exits 1 on SIGINT).
import { KubeClient, TABLE_ACCEPT, resourcePath } from './client/client.js';
import { apiVersionOf, type ResourceInfo } from './client/discovery.js';
import { CliError, StatusError } from './client/errors.js';
import { watch } from './client/watch.js';
import { omitManagedFields, parseResourceArgs, printerFor, type GetOptions } from './get.js';
import { tableText, type Table } from './printers/index.js';
import { WatchTableState } from './printers/watch-table.js';
import { Tabwriter } from './printers/tabwriter.js';

export interface WatchOptions extends GetOptions {
  watchOnly?: boolean;
  outputWatchEvents?: boolean;
}

export interface WatchIO {
  out(text: string): void;
  err(text: string): void;
  /** Resolves when the user interrupts. */
  interrupted: Promise<void>;
}

// kubectl pads the EVENT cells to one width.
const EVENT_CELLS: Record<string, string> = { ADDED: 'ADDED   ', MODIFIED: 'MODIFIED', DELETED: 'DELETED ', ERROR: 'ERROR   ' };

/** Runs the watch and resolves to the exit code. */
export async function runGetWatch(client: KubeClient, opts: WatchOptions, io: WatchIO): Promise<number> {
  if (opts.sortBy) io.err(`warning: --${opts.watchOnly ? 'watch-only' : 'watch'} requested, --sort-by will be ignored${opts.watchOnly ? '' : ' for watch events received'}\n`);
  const printer = printerFor(opts);
  const requests = await parseResourceArgs(client, opts.args);
  if (requests.length !== 1) throw new CliError('error: you may only specify a single resource type');
  const { resource, names } = requests[0]!;
  if (names.length > 1) throw new CliError('error: watch is only supported on individual resources and resource collections, but 2 resources were found');
  const name = names[0];
  const namespace = resource.namespaced && !opts.allNamespaces ? opts.namespace : undefined;
  const accept = printer ? 'application/json' : TABLE_ACCEPT;
  const query: Record<string, string> = {};
  if (opts.labelSelector) query.labelSelector = opts.labelSelector;
  if (opts.fieldSelector) query.fieldSelector = opts.fieldSelector;

  let initial: any;
  try {
    initial = name
      ? await client.getObject(resource, resource.namespaced ? opts.namespace : undefined, name, { accept })
      : await client.request('GET', resourcePath(resource, namespace), { accept, query });
  } catch (e) {
    if (e instanceof StatusError && e.code === 404 && opts.ignoreNotFound) return 0;
    throw e;
  }

  // Flushed after every event with its widths remembered, as kubectl's tabwriter is during a watch.
  const writer = new Tabwriter();
  const tables = new WatchTableState();
  // What one flush of kubectl's tabwriter gets: the whole initial listing, then each event.
  const hideManagedFields = !opts.showManagedFields && (opts.output === 'yaml' || opts.output === 'json');
  const render = (type: string, obj: any): string => {
    if (hideManagedFields) obj = omitManagedFields(obj);
    if (printer) return printer.print(opts.outputWatchEvents ? { type, object: obj } : obj);
    const { table, headers } = tables.next(obj as Table);
    let text = tableText(table, {
      wide: opts.output === 'wide',
      noHeaders: opts.noHeaders || !headers,
      withNamespace: opts.allNamespaces && resource.namespaced,
      showLabels: opts.showLabels,
      labelColumns: opts.labelColumns,
    });
    if (opts.outputWatchEvents && text) {
      const lines = text.split('\n').slice(0, -1);
      const withHeader = headers && !opts.noHeaders;
      text = lines.map((l, i) => `${withHeader && i === 0 ? 'EVENT' : EVENT_CELLS[type] ?? type}\t${l}\n`).join('');
    }
    return text;
  };
  const flush = (text: string): void => {
    if (text) io.out(!printer || printer.tabbed ? writer.flush(text) : text);
  };

  const isList = !!name === false;
  if (!opts.watchOnly) {
    try {
      const items: any[] = printer ? (isList ? (initial.items ?? []).map((i: any) => withKind(i, resource)) : [initial]) : [initial];
      flush(items.map((item) => render('ADDED', item)).join(''));
    } catch (e) {
      throw new CliError(`error: unable to output the provided object: ${(e as Error).message}`);
    }
  }
  // A single object is watched from resourceVersion 0, whose first event repeats what was printed.
  let skipNext = !isList;
  const rv = isList ? initial.metadata?.resourceVersion ?? '' : '0';
  const watchQuery: Record<string, string> = { ...query, resourceVersion: rv };
  if (name) watchQuery.fieldSelector = `metadata.name=${name}`;
  const path = resourcePath(resource, name ? (resource.namespaced ? opts.namespace : undefined) : namespace);
  const w = await watch(client, path, watchQuery, accept);

  // On SIGINT the loop stops waiting and leaves the stream to the transport's close(), which shuts
  // down what serves it in order.
  const stop = io.interrupted.then(() => 'interrupted' as const);
  let interrupted = false;
  const events = w[Symbol.asyncIterator]();
  for (;;) {
    const next = await Promise.race([events.next(), stop]);
    if (next === 'interrupted') {
      interrupted = true;
      break;
    }
    if (next.done) break;
    const event = next.value;
    if (event.type === 'BOOKMARK' || event.type === 'ERROR') continue;
    if (skipNext) {
      skipNext = false;
      continue;
    }
    // kubectl stops watching at a printing error and still exits 0.
    try {
      flush(render(event.type, printer ? withKind(event.object, resource) : event.object));
    } catch {
      w.close();
      return 0;
    }
  }
  return interrupted ? 1 : 0;
}

function withKind(item: any, r: ResourceInfo): any {
  return { apiVersion: apiVersionOf(r), kind: r.kind, ...item };
}
