// kubectl's human-readable printer during `get -w`.
import type { Table } from './table.js';

/**
 * kubectl's human-readable printer fed Tables from a watch: headers once (again only if the columns
 * change); a Table without column definitions reuses the last ones, as the API server sends them
 * only in the first event.
 */
export class WatchTableState {
  private lastColumns?: Table['columnDefinitions'];
  private printedHeaders = false;

  /** The table to print and whether it gets headers. */
  next(table: Table): { table: Table; headers: boolean } {
    const columns = table.columnDefinitions?.length ? table.columnDefinitions : undefined;
    let headers = !(this.printedHeaders && (!columns || sameColumns(columns, this.lastColumns)));
    if (!columns) {
      table = { ...table, columnDefinitions: this.lastColumns ?? [] };
    } else if (!sameColumns(columns, this.lastColumns)) {
      this.lastColumns = columns;
      this.printedHeaders = false;
      headers = true;
    }
    if (table.rows.length > 0) this.printedHeaders = true;
    return { table, headers };
  }
}

function sameColumns(a: Table['columnDefinitions'], b: Table['columnDefinitions'] | undefined): boolean {
  return !!b && JSON.stringify(a) === JSON.stringify(b);
}
