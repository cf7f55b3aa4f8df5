// kubectl describe's output machinery: a prefix writer (two spaces a level) over Go's standard
// text/tabwriter as describe configures it (minwidth 0, padding 2, no remembered widths), with
// terminal control characters escaped as cli-runtime's WriteEscaped does.

import { alignColumns, DESCRIBE_TABWRITER } from '../printers/tabwriter.js';

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

/** Go's standard text/tabwriter as describe configures it (minwidth 0, padding 2). */
export function alignTabs(text: string): string {
  return alignColumns(text, DESCRIBE_TABWRITER);
}
