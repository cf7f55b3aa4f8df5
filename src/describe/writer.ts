// kubectl describe's output machinery: a prefix writer (two spaces a level) over Go's standard
// text/tabwriter as describe configures it (minwidth 0, padding 2, no remembered widths), with
// terminal control characters escaped as cli-runtime's WriteEscaped does.

const PADDING = 2;

export class PrefixWriter {
  private readonly done: string[] = [];
  private pending = '';

  /** Text at an indentation level; tabs separate cells, as in kubectl's `w.Write(LEVEL_n, ...)`. */
  write(level: number, text: string): void {
    this.pending += escapeTerminal('  '.repeat(level) + text);
  }

  /** A whole line after whatever the current line holds (kubectl's WriteLine: Sprintln). */
  writeLine(text: string): void {
    this.pending += escapeTerminal(text + '\n');
  }

  /** Align what was written so far; later lines start new columns (kubectl flushes before Events). */
  flush(): void {
    this.done.push(alignTabs(this.pending));
    this.pending = '';
  }

  text(): string {
    this.flush();
    return this.done.join('');
  }
}

/** kubectl's tabbedString: build the text with a fresh writer and align it. */
export function tabbed(build: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  build(w);
  return w.text();
}

function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

interface Line {
  cells: string[];
  terminated: boolean;
}

const runes = (s: string): number => Array.from(s).length;

/**
 * Go's text/tabwriter with minwidth 0 and padding 2: a cell is text ended by a tab, the last cell
 * of a line belongs to no column, and a column's width is settled over each run of consecutive
 * lines that have a cell in it. A line without tabs ends every column (the writer flushes there).
 */
export function alignTabs(text: string): string {
  const out: string[] = [];
  let pending: Line[] = [];
  const segments = text.split('\n');
  segments.forEach((segment, i) => {
    const line = { cells: segment.split('\t'), terminated: i < segments.length - 1 };
    pending.push(line);
    if (line.terminated && line.cells.length === 1) {
      formatBlock(pending, 0, pending.length, [], out);
      pending = [];
    }
  });
  formatBlock(pending, 0, pending.length, [], out);
  return out.join('');
}

function formatBlock(lines: Line[], from: number, to: number, widths: number[], out: string[]): void {
  const column = widths.length;
  let start = from;
  for (let i = from; i < to; i++) {
    if (column >= lines[i]!.cells.length - 1) continue;
    writeLines(lines, start, i, widths, out);
    start = i;
    let width = 0;
    for (; i < to && column < lines[i]!.cells.length - 1; i++) {
      width = Math.max(width, runes(lines[i]!.cells[column]!) + PADDING);
    }
    formatBlock(lines, start, i, [...widths, width], out);
    start = i;
  }
  writeLines(lines, start, to, widths, out);
}

function writeLines(lines: Line[], from: number, to: number, widths: number[], out: string[]): void {
  for (let i = from; i < to; i++) {
    const { cells, terminated } = lines[i]!;
    cells.forEach((cell, j) => {
      out.push(cell);
      if (j < widths.length) out.push(' '.repeat(widths[j]! - runes(cell)));
    });
    if (terminated) out.push('\n');
  }
}
