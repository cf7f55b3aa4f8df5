// kubectl's tabwriter during `get -w`: flushed after every event, remembering column widths, so a
// later row is padded to the widest cell seen so far (and may widen a column for the rows after it).
import type { Table } from './table.js';

const MIN_WIDTH = 6;
const PADDING = 3;

export class RememberingTabWriter {
  private widths: number[] = [];

  /** Aligns one flush of tab-separated lines, all with the same number of cells. */
  flush(text: string): string {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const rows = lines.map((l) => l.split('\t'));
    const columns = Math.max(0, ...rows.map((r) => r.length - 1));
    for (let c = 0; c < columns; c++) {
      const widest = Math.max(MIN_WIDTH, ...rows.map((r) => (c < r.length - 1 ? Array.from(r[c]!).length + PADDING : 0)));
      this.widths[c] = Math.max(this.widths[c] ?? 0, widest);
    }
    return rows.map((cells) => cells.map((cell, c) => (c < cells.length - 1 ? cell.padEnd(this.widths[c]! + cell.length - Array.from(cell).length) : cell)).join('') + '\n').join('');
  }
}

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
