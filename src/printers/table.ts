// kubectl's human-readable printer for the meta.k8s.io/v1 Table the server returns to `get`.
import { formatCell } from './cell.js';
import { compareGoStrings } from './go-format.js';
import { alignColumns } from './tabwriter.js';

export type { Table, TableColumnDefinition, TableRow } from '../table-types.js';
import type { Table, TableColumnDefinition } from '../table-types.js';

export interface TableOptions {
  /** -o wide: include columns with priority > 0. */
  wide?: boolean;
  noHeaders?: boolean;
  /** -A: a leading NAMESPACE column from each row's object.metadata.namespace. */
  withNamespace?: boolean;
  /** --show-labels: a trailing LABELS column. */
  showLabels?: boolean;
  /** -L key: one column per key, headed by the key's last path segment upper-cased. */
  labelColumns?: string[];
  /** Several types printed together: names get this prefix and a slash, e.g. "deployment.apps". */
  kindPrefix?: string;
}

/** The aligned text kubectl prints for a table, every line ending in a newline; "" when there are no rows. */
export function printTable(table: Table, opts: TableOptions = {}): string {
  return alignColumns(tableText(table, opts));
}

/**
 * The tab-separated text kubectl hands its tabwriter for one table. Callers printing several
 * tables in one output align each separately (kubectl resets its tabwriter between resource types).
 */
export function tableText(table: Table, opts: TableOptions = {}): string {
  const { columns, rows } = decorateTable(table, opts);
  const visible = (i: number): boolean => !!opts.wide || (columns[i]?.priority ?? 0) === 0;
  const lines: string[] = [];
  if (!opts.noHeaders) {
    if (rows.length === 0) return '';
    lines.push(columns.filter((_, i) => visible(i)).map((c) => c.name.toUpperCase()).join('\t'));
  }
  for (const cells of rows) {
    // Cells beyond the column definitions are dropped, as kubectl does with a misbehaving server.
    const shown = cells.slice(0, columns.length).filter((_, i) => visible(i));
    lines.push(shown.map(formatCell).join('\t'));
  }
  return lines.map((line) => `${line}\n`).join('');
}

/** "k=v,k2=v2" sorted by key, or "<none>": kubectl's labels.FormatLabels. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(compareGoStrings);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

function decorateTable(table: Table, opts: TableOptions): { columns: TableColumnDefinition[]; rows: unknown[][] } {
  const labelColumns = opts.labelColumns ?? [];
  const extra = (opts.withNamespace ? 1 : 0) + labelColumns.length + (opts.showLabels ? 1 : 0);
  const width = table.columnDefinitions.length + extra;
  const columns = [
    ...(opts.withNamespace ? [stringColumn('Namespace')] : []),
    ...table.columnDefinitions,
    ...labelColumns.map((key) => stringColumn(key.split('/').pop()!.toUpperCase())),
    ...(opts.showLabels ? [stringColumn('Labels')] : []),
  ];
  const nameColumn = opts.kindPrefix
    ? table.columnDefinitions.findIndex((c) => c.format === 'name' && c.type === 'string')
    : -1;

  const rows = table.rows.map((row) => {
    let cells = [...row.cells];
    if (nameColumn >= 0) cells[nameColumn] = `${opts.kindPrefix!.toLowerCase()}/${String(cells[nameColumn])}`;
    if (extra === 0) return cells;
    const metadata = row.object?.metadata as { namespace?: string; labels?: Record<string, string> } | undefined;
    if (!row.object) {
      if (opts.withNamespace) cells = [null, ...cells];
      // kubectl's filler loop re-measures the row as it grows, so it adds only about half the
      // missing cells; the printed spacing depends on it.
      for (let j = 0; j < width - cells.length; j++) cells.push(null);
      return cells;
    }
    if (opts.withNamespace) cells = [metadata?.namespace ?? '', ...cells];
    const labels = metadata?.labels ?? {};
    for (const key of labelColumns) cells.push(labels[key] ?? '');
    if (opts.showLabels) cells.push(formatLabels(labels));
    return cells;
  });
  return { columns, rows };
}

function stringColumn(name: string): TableColumnDefinition {
  return { name, type: 'string', format: '', description: '', priority: 0 };
}
