// Go's text/tabwriter, padded with spaces. kubectl's printers use liggitt's fork with minimum cell
// width 6, padding 3 and column widths remembered across flushes; describe uses the standard one
// with minimum width 0 and padding 2.

export interface TabwriterSettings {
  minWidth: number;
  padding: number;
  /** liggitt's fork: a column never gets narrower than it was in an earlier block. */
  rememberWidths: boolean;
}

export const KUBECTL_TABWRITER: TabwriterSettings = { minWidth: 6, padding: 3, rememberWidths: true };
export const DESCRIBE_TABWRITER: TabwriterSettings = { minWidth: 0, padding: 2, rememberWidths: false };

interface Line {
  cells: string[];
  /** False only for text after the final newline. */
  terminated: boolean;
}

/**
 * One tabwriter: with remembered widths (kubectl's fork), columns keep the widest width they had
 * in any earlier flush, as `get -w` shows row after row.
 */
export class Tabwriter {
  private readonly remembered: number[] = [];

  constructor(private readonly settings: TabwriterSettings = KUBECTL_TABWRITER) {}

  /**
   * Aligns tab-separated text. Every cell but the last of a line is padded, so a line whose last
   * cells are empty keeps trailing spaces, as kubectl's does.
   */
  flush(text: string): string {
    const out: string[] = [];
    let pending: Line[] = [];
    const segments = text.split('\n');
    segments.forEach((segment, i) => {
      const line = { cells: segment.split(/[\t\v]/), terminated: i < segments.length - 1 };
      pending.push(line);
      // A line of one cell cannot affect any column, so the writer flushes what it holds.
      if (line.terminated && line.cells.length === 1) {
        formatBlock(pending, 0, pending.length, [], this.settings, this.remembered, out);
        pending = [];
      }
    });
    formatBlock(pending, 0, pending.length, [], this.settings, this.remembered, out);
    return out.join('');
  }
}

/** Aligns text with a fresh tabwriter (kubectl's settings unless told otherwise). */
export function alignColumns(text: string, settings: TabwriterSettings = KUBECTL_TABWRITER): string {
  return new Tabwriter(settings).flush(text);
}

// Go's tabwriter counts runes: the UTF-16 length less one for each surrogate pair (without
// allocating, as this runs for every cell of every table).
function width(cell: string): number {
  let runes = cell.length;
  for (let i = 0; i < cell.length; i++) {
    const code = cell.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) runes--;
  }
  return runes;
}

// A column block is a run of consecutive lines that all have a cell in this column (the last
// cell of a line belongs to no column); its width is settled before the columns to its right.
function formatBlock(lines: Line[], from: number, to: number, widths: number[], settings: TabwriterSettings, remembered: number[], out: string[]): void {
  const column = widths.length;
  let start = from;
  for (let i = from; i < to; i++) {
    if (column >= lines[i]!.cells.length - 1) continue;
    writeLines(lines, start, i, widths, out);
    start = i;
    let blockWidth = settings.minWidth;
    for (; i < to && column < lines[i]!.cells.length - 1; i++) {
      blockWidth = Math.max(blockWidth, width(lines[i]!.cells[column]!) + settings.padding);
    }
    if (settings.rememberWidths) {
      if (remembered.length === column) remembered.push(blockWidth);
      else blockWidth = remembered[column] = Math.max(remembered[column]!, blockWidth);
    }
    formatBlock(lines, start, i, [...widths, blockWidth], settings, remembered, out);
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
