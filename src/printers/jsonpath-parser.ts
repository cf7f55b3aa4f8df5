// The parser of kubectl's JSONPath dialect (k8s.io/client-go/util/jsonpath): text with actions in
// braces, fields, slices, unions, filters, recursive descent, range/end, quoted literals.

export interface SliceParam {
  known: boolean;
  value: number;
  /** The end of `[n]`, n+1: for n = -1 it is 0 and means the array's end. */
  derived?: boolean;
}

export type JsonPathNode =
  | { type: 'list'; nodes: JsonPathNode[] }
  | { type: 'text'; text: string }
  | { type: 'field'; name: string }
  | { type: 'array'; params: [SliceParam, SliceParam, SliceParam] }
  | { type: 'filter'; left: ListNode; right: ListNode; operator: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: ListNode[] }
  | { type: 'identifier'; name: string };

export type ListNode = Extract<JsonPathNode, { type: 'list' }>;

export class JsonPathParseError extends Error {}

const SLICE = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;
const DICT_KEY = /^'([^']*)'$/;
const COMPARISON = /^([^!<>=]+)([!<>=]+)(.+?)$/s;

/** Parses a template into its root list: text nodes and one list per `{action}`. */
export function parseJsonPath(template: string): ListNode {
  return new Parser(template).parse();
}

// Only the actions' text is parsed recursively (unions, dict keys, filter operands), as client-go does.
function parseAction(text: string): ListNode {
  const root = parseJsonPath(`{${text}}`);
  return root.nodes[0] as ListNode;
}

class Parser {
  private pos = 0;
  private start = 0;
  private readonly root: ListNode = { type: 'list', nodes: [] };

  constructor(private readonly input: string) {}

  parse(): ListNode {
    this.parseText();
    return this.root;
  }

  private next(): string | undefined {
    if (this.pos >= this.input.length) return undefined;
    const ch = String.fromCodePoint(this.input.codePointAt(this.pos)!);
    this.pos += ch.length;
    return ch;
  }

  private backup(ch: string | undefined): void {
    if (ch !== undefined) this.pos -= ch.length;
  }

  private peek(): string | undefined {
    const ch = this.next();
    this.backup(ch);
    return ch;
  }

  private consume(): string {
    const text = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return text;
  }

  private rest(): string {
    return this.input.slice(this.pos);
  }

  private parseText(): void {
    for (;;) {
      if (this.rest().startsWith('{')) {
        if (this.pos > this.start) this.root.nodes.push({ type: 'text', text: this.consume() });
        this.pos += 1;
        this.consume();
        const action: ListNode = { type: 'list', nodes: [] };
        this.root.nodes.push(action);
        this.parseInsideAction(action);
        return;
      }
      if (this.next() === undefined) break;
    }
    if (this.pos > this.start) this.root.nodes.push({ type: 'text', text: this.consume() });
  }

  // Written as a loop where client-go recurses once per token, so long templates cannot overflow the stack.
  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.rest();
      if (rest.startsWith('}')) {
        this.pos += 1;
        this.consume();
        this.parseText();
        return;
      }
      if (rest.startsWith('[?(')) {
        this.parseFilter(cur);
        continue;
      }
      if (rest.startsWith('..')) {
        this.parseRecursive(cur);
        continue;
      }
      const ch = this.next();
      if (ch === undefined || ch === '\r' || ch === '\n') throw new JsonPathParseError('unclosed action');
      if (ch === ' ' || ch === '@' || ch === '$') this.consume();
      else if (ch === '[') this.parseArray(cur);
      else if (ch === '"' || ch === "'") this.parseQuote(cur, ch);
      else if (ch === '.') this.parseField(cur);
      else if (ch === '+' || ch === '-' || isDigit(ch)) {
        this.backup(ch);
        this.parseNumber(cur);
      } else if (isAlphaNumeric(ch)) {
        this.backup(ch);
        this.parseIdentifier(cur);
      } else {
        throw new JsonPathParseError(`unrecognized character in action: ${goRuneSyntax(ch)}`);
      }
    }
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const ch = this.next();
      if (isTerminator(ch)) {
        this.backup(ch);
        break;
      }
    }
    const value = this.consume();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes[cur.nodes.length - 1]?.type === 'recursive') throw new JsonPathParseError('invalid multiple recursive descent');
    this.pos += 2;
    this.consume();
    cur.nodes.push({ type: 'recursive' });
    const ch = this.peek();
    if (ch !== undefined && isAlphaNumeric(ch)) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const sign = this.peek();
    if (sign === '+' || sign === '-') this.next();
    for (;;) {
      const ch = this.next();
      if (ch !== '.' && !isDigit(ch)) {
        this.backup(ch);
        break;
      }
    }
    const value = this.consume();
    if (/^[+-]?\d+$/.test(value)) cur.nodes.push({ type: 'int', value: Number(value) });
    else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) cur.nodes.push({ type: 'float', value: Number(value) });
    else throw new JsonPathParseError(`cannot parse number ${value}`);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const ch = this.next();
      if (ch === undefined || ch === '\n') throw new JsonPathParseError('unterminated array');
      if (ch === ']') break;
    }
    let text = this.consume().slice(1, -1);
    if (text === '*') text = ':';

    const parts = text.split(',');
    if (parts.length > 1) {
      cur.nodes.push({ type: 'union', nodes: parts.map((p) => parseAction(`[${p.trim()}]`)) });
      return;
    }
    const key = DICT_KEY.exec(text);
    if (key) {
      cur.nodes.push(...parseAction(`.${key[1]}`).nodes);
      return;
    }
    const slice = SLICE.exec(text);
    if (!slice) throw new JsonPathParseError(`invalid array index ${text}`);
    const params: SliceParam[] = [];
    for (let i = 0; i < 3; i++) {
      let part = slice[i + 1] ?? '';
      if (part === '') {
        // `[n]` is the slice n:n+1; absent bounds are filled in at evaluation.
        params.push(i === 1 ? { known: true, value: params[0]!.value + 1, derived: true } : { known: false, value: 0 });
        continue;
      }
      if (i > 0) part = part.slice(1);
      if (i > 0 && part === '') params.push({ known: false, value: 0 });
      else if (!/^[+-]?\d+$/.test(part)) throw new JsonPathParseError(`array index ${part} is not a number`);
      else params.push({ known: true, value: Number(part) });
    }
    cur.nodes.push({ type: 'array', params: params as [SliceParam, SliceParam, SliceParam] });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consume();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const ch = this.next();
      if (ch === undefined || ch === '\n') throw new JsonPathParseError('unterminated filter');
      if (ch === '"' || ch === "'") {
        if (!begin) {
          begin = true;
          pair = ch;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && ch === pair) end = true;
      } else if (ch === ')' && begin === end) {
        break;
      }
    }
    if (this.next() !== ']') throw new JsonPathParseError('unclosed array expect ]');
    const text = this.consume().slice(0, -2);
    const comparison = COMPARISON.exec(text);
    if (!comparison) {
      cur.nodes.push({ type: 'filter', left: parseAction(text), right: { type: 'list', nodes: [] }, operator: 'exists' });
    } else {
      cur.nodes.push({ type: 'filter', left: parseAction(comparison[1]!), right: parseAction(comparison[3]!), operator: comparison[2]! });
    }
  }

  private parseQuote(cur: ListNode, quote: string): void {
    for (;;) {
      const ch = this.next();
      if (ch === undefined || ch === '\n') throw new JsonPathParseError('unterminated quoted string');
      if (ch === quote && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consume();
    const text = unquoteExtend(value);
    if (text === undefined) throw new JsonPathParseError(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ type: 'text', text });
  }

  private parseField(cur: ListNode): void {
    this.consume();
    for (;;) {
      const ch = this.next();
      if (ch === '\\') {
        this.next();
      } else if (isTerminator(ch)) {
        this.backup(ch);
        break;
      }
    }
    const value = this.consume();
    cur.nodes.push(value === '*' ? { type: 'wildcard' } : { type: 'field', name: value.replaceAll('\\', '') });
  }
}

function isTerminator(ch: string | undefined): boolean {
  return ch === undefined || ' \t\r\n.,[]$@{}'.includes(ch);
}

const isDigit = (ch: string | undefined): boolean => ch !== undefined && /^\p{Nd}$/u.test(ch);
const isAlphaNumeric = (ch: string): boolean => ch === '_' || /^[\p{L}\p{Nd}]$/u.test(ch);

/** Go's %#U: U+0023 '#'. */
function goRuneSyntax(ch: string): string {
  const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} '${ch}'`;
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** strconv.Unquote extended to single-quoted strings; undefined on a syntax error. */
function unquoteExtend(s: string): string | undefined {
  const quote = s[0];
  if (s.length < 2 || quote !== s[s.length - 1] || (quote !== '"' && quote !== "'")) return undefined;
  const body = s.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === quote) return undefined;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return undefined;
    if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
    else if (e === quote) out += e;
    else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const code = parseInt(hex, 16);
      if (e !== 'x' && (code > 0x10ffff || (code >= 0xd800 && code < 0xe000))) return undefined;
      out += String.fromCodePoint(code);
      i += len;
    } else if (/[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) return undefined;
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else {
      return undefined;
    }
  }
  return out;
}
