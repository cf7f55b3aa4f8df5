// The shapes of meta.k8s.io/v1 Table pieces, and what one kind's printer provides.

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  /** 0 for the default view; 1 for columns kubectl shows only with -o wide. */
  priority: number;
}

export interface TableRow {
  cells: unknown[];
  /** The object itself, its PartialObjectMetadata, or nothing, as the request's includeObject asks. */
  object: unknown;
}

/** The columns of one kind, and the cells of one object of it (wide cells included, as the server always sends them). */
export interface KindPrinter {
  columns: TableColumnDefinition[];
  cells(obj: any, now: Date): unknown[];
}
