// What one kind's printer provides.
import type { TableColumnDefinition } from '../../../../table-types.js';

export type { TableColumnDefinition, TableRow } from '../../../../table-types.js';

/** The columns of one kind, and the cells of one object of it (wide cells included, as the server always sends them). */
export interface KindPrinter {
  columns: TableColumnDefinition[];
  cells(obj: any, now: Date): unknown[];
}
