// Server-side printing: a list or object answered as a meta.k8s.io/v1 Table.
import { tableCells, tableColumns } from './tables/index.js';
import { customCells, customColumns } from './crd/printer-columns.js';
import type { KubeObject } from './objects.js';
import type { ResourceType } from './resources.js';
import { encodeEnvelope, partialObjectMetadata } from './encoded-json.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** True when the Accept header asks for a Table (kubectl get does, with JSON as fallback). */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

export function toTable(r: ResourceType, items: KubeObject[], now: Date, include: IncludeObject, resourceVersion: string, continueToken?: string) {
  const metadata: Record<string, string> = { resourceVersion };
  if (continueToken) metadata.continue = continueToken;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: r.custom ? customColumns(r.custom) : tableColumns(r.group, r.kind),
    rows: items.map((obj) => {
      const row: { cells: unknown[]; object?: unknown } = { cells: r.custom ? customCells(r.custom, obj, now) : tableCells(r.group, r.kind, obj, now) };
      if (include === 'Object') row.object = obj;
      if (include === 'Metadata') row.object = partialObjectMetadata(obj);
      return row;
    }),
  };
}

/** A Table's JSON in pieces (see encodeEnvelope): the table, its rows, each row; a row's object is shared. */
export function tableJson(table: ReturnType<typeof toTable>): string[] {
  return encodeEnvelope(table, 3);
}
