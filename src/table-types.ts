// The meta.k8s.io/v1 Table that kube-apiserver answers to `get` (server-side printing): produced by
// the embedded API server, printed by the CLI.

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
  object?: any;
}

export interface Table {
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}
