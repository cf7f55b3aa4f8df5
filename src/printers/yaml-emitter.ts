// A YAML writer that lays text out exactly as go-yaml v2's emitter does for JSON-shaped data:
// block style, two-space indentation, sequences inside mappings not indented, empty collections
// as {} and [], and long scalars folded at spaces once a line passes 80 columns.
import { analyzeScalar, isBreak, isPrintable, isSpace, selectScalarStyle, type ScalarStyle } from './yaml-scalar.js';

const BEST_INDENT = 2;
const BEST_WIDTH = 80;
// libyaml writes "? key" instead of "key:" for keys longer than this many bytes.
const MAX_SIMPLE_KEY_BYTES = 128;

export type YamlNode = null | boolean | string | YamlNode[] | YamlMapping | { number: string };
/** Entries already in output order. */
export interface YamlMapping {
  entries: [string, YamlNode][];
}
/** A string and the style go-yaml's encoder asks for before the emitter has its say. */
export interface StringScalar {
  text: string;
  requested: ScalarStyle;
}
export type ScalarOf = (s: string) => StringScalar;

interface NodeContext {
  mapping?: boolean;
  simpleKey?: boolean;
}

const ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

/** Emits one document; `scalarOf` decides the requested style of strings (keys and values alike). */
export function emitYamlDocument(root: YamlNode, scalarOf: ScalarOf): string {
  const emitter = new Emitter(scalarOf);
  emitter.node(root, {});
  emitter.writeIndent();
  return emitter.output();
}

class Emitter {
  private readonly out: string[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;

  constructor(private readonly scalarOf: ScalarOf) {}

  output(): string {
    return this.out.join('');
  }

  node(value: YamlNode, ctx: NodeContext): void {
    if (value === null) this.scalar(codePoints('null'), 'plain', ctx);
    else if (typeof value === 'boolean') this.scalar(codePoints(String(value)), 'plain', ctx);
    else if (typeof value === 'string') {
      const { text, requested } = this.scalarOf(value);
      this.scalar(codePoints(text), requested, ctx);
    } else if (Array.isArray(value)) this.sequence(value, ctx);
    else if ('number' in value) this.scalar(codePoints(value.number), 'plain', ctx);
    else this.mapping(value);
  }

  private sequence(items: YamlNode[], ctx: NodeContext): void {
    if (items.length === 0) return this.emptyFlow('[', ']');
    const saved = this.indent;
    // A sequence that is a mapping's value starts on the key's column ("- name: x").
    const indentless = !!ctx.mapping && !this.indention;
    this.indent = saved < 0 ? 0 : indentless ? saved : saved + BEST_INDENT;
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, {});
    }
    this.indent = saved;
  }

  private mapping(map: YamlMapping): void {
    if (map.entries.length === 0) return this.emptyFlow('{', '}');
    const saved = this.indent;
    this.indent = saved < 0 ? 0 : saved + BEST_INDENT;
    for (const [key, value] of map.entries) {
      this.writeIndent();
      const keyText = this.scalarOf(key).text;
      const simple = !analyzeScalar(codePoints(keyText)).multiline && utf8Length(keyText) <= MAX_SIMPLE_KEY_BYTES;
      if (simple) {
        this.node(key, { mapping: true, simpleKey: true });
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(key, { mapping: true });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, { mapping: true });
    }
    this.indent = saved;
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  private scalar(value: number[], requested: ScalarStyle, ctx: NodeContext): void {
    const style = selectScalarStyle(requested, analyzeScalar(value), !!ctx.simpleKey, value.length === 0);
    const saved = this.indent;
    this.indent = saved < 0 ? BEST_INDENT : saved + BEST_INDENT;
    const allowBreaks = !ctx.simpleKey;
    if (style === 'plain') this.writePlain(value, allowBreaks);
    else if (style === 'single') this.writeSingleQuoted(value, allowBreaks);
    else if (style === 'double') this.writeDoubleQuoted(value, allowBreaks);
    else this.writeLiteral(value);
    this.indent = saved;
  }

  private writePlain(value: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < value.length; i++) {
      const c = value[i]!;
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(value[i + 1])) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(value: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < value.length; i++) {
      const c = value[i]!;
      if (isSpace(c)) {
        const fold = allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < value.length - 1;
        if (fold && !isSpace(value[i + 1])) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(value: number[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    // libyaml tests for a byte order mark at the start of the value, not at each character.
    const startsWithBom = value[0] === 0xfeff;
    let spaces = false;
    for (let i = 0; i < value.length; i++) {
      const c = value[i]!;
      if (!isPrintable(c) || startsWithBom || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put(`\\${escapeFor(c)}`);
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < value.length - 1) {
          this.writeIndent();
          if (isSpace(value[i + 1])) this.put('\\');
        } else {
          this.write(c);
        }
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(value: number[]): void {
    this.writeIndicator('|', true, false, false);
    if (isSpace(value[0]) || isBreak(value[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const chomp = chompIndicator(value);
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of value) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        breaks = false;
      }
    }
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  // Columns count characters, not bytes or display width.
  private put(text: string): void {
    this.out.push(text);
    this.column += text.length;
  }

  private write(c: number): void {
    this.out.push(String.fromCodePoint(c));
    this.column++;
  }

  private putBreak(): void {
    this.out.push('\n');
    this.column = 0;
  }

  private writeBreak(c: number): void {
    if (c === 0x0a) return this.putBreak();
    this.write(c);
    this.column = 0;
  }
}

function escapeFor(c: number): string {
  const short = ESCAPES[c];
  if (short) return short;
  const hex = c.toString(16).toUpperCase();
  if (c <= 0xff) return `x${hex.padStart(2, '0')}`;
  if (c <= 0xffff) return `u${hex.padStart(4, '0')}`;
  return `U${hex.padStart(8, '0')}`;
}

// "-" strips the final line break, "+" keeps trailing blank lines, nothing keeps exactly one.
function chompIndicator(value: number[]): string {
  const last = value.length - 1;
  if (!isBreak(value[last])) return '-';
  if (last === 0 || isBreak(value[last - 1])) return '+';
  return '';
}

function codePoints(s: string): number[] {
  return Array.from(s, (c) => c.codePointAt(0)!);
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
