// Go's text/tabwriter (liggitt's fork, which kubectl uses) with kubectl's settings: minimum cell
// width 6, padding 3, padded with spaces, and column widths remembered across flushes.

const MIN_WIDTH = 6;
const PADDING = 3;

interface Line {
  cells: string[];
  /** False only for text after the final newline. */
  terminated: boolean;
}

/**
 * Aligns tab-separated text as kubectl's tabwriter does. Every cell but the last of a line is padded,
 * so a line whose last cells are empty keeps trailing spaces, as kubectl's does.
 */
export function alignColumns(text: string): string {
  const out: string[] = [];
  const remembered: number[] = [];
  let pending: Line[] = [];
  const segments = text.split('\n');
  segments.forEach((segment, i) => {
    const line = { cells: segment.split(/[\t\v]/), terminated: i < segments.length - 1 };
    pending.push(line);
    // A line of one cell cannot affect any column, so the writer flushes what it holds.
    if (line.terminated && line.cells.length === 1) {
      formatBlock(pending, 0, pending.length, [], remembered, out);
      pending = [];
    }
  });
  formatBlock(pending, 0, pending.length, [], remembered, out);
  return out.join('');
}

const width = (cell: string): number => Array.from(cell).length;

// A column block is a run of consecutive lines that all have a cell in this column (the last
// cell of a line belongs to no column); its width is settled before the columns to its right.
function formatBlock(lines: Line[], from: number, to: number, widths: number[], remembered: number[], out: string[]): void {
  const column = widths.length;
  let start = from;
  for (let i = from; i < to; i++) {
    if (column >= lines[i]!.cells.length - 1) continue;
    writeLines(lines, start, i, widths, out);
    start = i;
    let blockWidth = MIN_WIDTH;
    for (; i < to && column < lines[i]!.cells.length - 1; i++) {
      blockWidth = Math.max(blockWidth, width(lines[i]!.cells[column]!) + PADDING);
    }
    if (remembered.length === column) remembered.push(blockWidth);
    else blockWidth = remembered[column] = Math.max(remembered[column]!, blockWidth);
    formatBlock(lines, start, i, [...widths, blockWidth], remembered, out);
    start = i;
  }
  writeLines(lines, start, to, widths, out);
}

function writeLines(lines: Line[], from: number, to: number, widths: number[], out: string[]): void {
  for (let i = from; i < to; i++) {
    const { cells, terminated } = lines[i]!;
    cells.forEach((cell, j) => {
      out.push(cell);
      if (j < widths.length) out.push(' '.repeat(widths[j]! - width(cell)));
    });
    if (terminated) out.push('\n');
  }
}
