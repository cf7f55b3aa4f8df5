// Server-side printing of custom resources: the name, then the version's additionalPrinterColumns,
// each a JSONPath into the object, as apiextensions-apiserver's tableconvertor does.
import { JsonPath, printResultGroup } from '../../../../printers/jsonpath.js';
import { NAME_COLUMN, since } from '../tables/format.js';
import type { TableColumnDefinition } from '../tables/types.js';
import type { CustomResource, PrinterColumn } from './definition.js';

export function customColumns(cr: CustomResource): TableColumnDefinition[] {
  return [
    { ...NAME_COLUMN },
    ...cr.columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      priority: c.priority ?? 0,
    })),
  ];
}

export function customCells(cr: CustomResource, obj: any, now: Date): unknown[] {
  return [obj?.metadata?.name ?? '', ...cr.columns.map((c) => cell(c, obj, now))];
}

// Parsed once per column text: every row and every request of a type evaluates the same paths.
const parsed = new Map<string, JsonPath | null>();

function pathOf(jsonPath: string): JsonPath | null {
  let jp = parsed.get(jsonPath);
  if (jp === undefined) {
    try {
      jp = new JsonPath(`{${jsonPath}}`);
    } catch {
      jp = null;
    }
    parsed.set(jsonPath, jp);
  }
  return jp;
}

/** One cell: null when the path finds nothing or the value is not of the column's type. */
function cell(column: PrinterColumn, obj: any, now: Date): unknown {
  const jp = pathOf(column.jsonPath);
  let results: unknown[][];
  try {
    results = jp ? jp.findResults(obj) : [];
  } catch {
    return null;
  }
  if (results.length === 0 || results[0].length === 0) return null;
  const value = results[0][0];
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'string': return printResultGroup([value], false);
    case 'integer': return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number': return typeof value === 'number' ? value : null;
    case 'boolean': return typeof value === 'boolean' ? value : null;
    case 'date':
      if (typeof value !== 'string') return null;
      return Number.isNaN(Date.parse(value)) ? '<invalid>' : since(value, now);
  }
  return null;
}
