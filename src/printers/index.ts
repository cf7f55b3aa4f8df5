// kubectl's client-side output formats, as pure functions from API objects to text.
export { printTable, tableText, formatLabels } from './table.js';
export type { Table, TableColumnDefinition, TableOptions, TableRow } from './table.js';
export { formatCell } from './cell.js';
export { alignColumns } from './tabwriter.js';
export { printYaml } from './yaml.js';
export { printJson } from './json.js';
export { printName, qualifiedKind, groupOf } from './name.js';
export { asList } from './list.js';
export type { ListWrapper } from './list.js';
