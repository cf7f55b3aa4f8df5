// A fast path for the YAML that kubectl, kind and tkctl write into kubeconfig files: block
// mappings and sequences of plain or quoted one-line scalars. Every command reads the kubeconfig
// at start-up, and the full YAML parser costs milliseconds there before it is compiled. Anything
// outside this subset (comments after values, anchors, flow collections other than {} and [],
// multi-line or escaped scalars, numbers, tabs, duplicate keys, …) gives undefined, and the
// caller parses the text with the full parser instead, so the result is always what it would give.

class Unsupported extends Error {}

interface Line {
  indent: number;
  text: string;
}

const KEY = /^([A-Za-z0-9_./-]+):(?: +(.*))?$/;
const PLAIN = /^[^\s\-?:,[\]{}#&*!|>'"%@`][^\s#,[\]{}]*$|^-[^\s#,[\]{}]+$/;
const NUMBER = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

export function parsePlainYaml(text: string): unknown {
  if (/[\t\r]/.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const trimmed = raw.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (raw.trimEnd() !== raw) return undefined;
    lines.push({ indent: raw.length - trimmed.length, text: trimmed });
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return undefined;
  try {
    const parser = new Parser(lines);
    const value = parser.block(lines[0]!.indent);
    return parser.done() ? value : undefined;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

class Parser {
  private at = 0;

  constructor(private readonly lines: Line[]) {}

  done(): boolean {
    return this.at === this.lines.length;
  }

  block(indent: number): unknown {
    const line = this.lines[this.at]!;
    return isItem(line.text) ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    for (let line = this.lines[this.at]; line && line.indent === indent && !isItem(line.text); line = this.lines[this.at]) {
      const match = KEY.exec(line.text);
      const key = match?.[1];
      if (key === undefined || Object.hasOwn(object, key) || key === '__proto__' || typeof scalar(key) !== 'string') throw new Unsupported();
      this.at++;
      object[key] = match![2] !== undefined ? scalar(match![2]) : this.nested(indent);
    }
    this.expectDedent(indent);
    return object;
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (let line = this.lines[this.at]; line && line.indent === indent && isItem(line.text); line = this.lines[this.at]) {
      const rest = line.text.slice(2);
      if (line.text === '-') {
        this.at++;
        items.push(this.nested(indent + 1));
      } else if (KEY.test(rest)) {
        // `- key: value`: a mapping whose keys line up with this first one.
        this.lines[this.at] = { indent: indent + 2, text: rest };
        items.push(this.mapping(indent + 2));
      } else {
        this.at++;
        items.push(scalar(rest));
      }
    }
    this.expectDedent(indent);
    return items;
  }

  /** The value of a key or item with nothing after it: a deeper block, kubectl's unindented list, or null. */
  private nested(indent: number): unknown {
    const next = this.lines[this.at];
    if (next && next.indent > indent) return this.block(next.indent);
    if (next && next.indent === indent && isItem(next.text)) return this.sequence(indent);
    return null;
  }

  private expectDedent(indent: number): void {
    const next = this.lines[this.at];
    if (next && next.indent > indent) throw new Unsupported();
  }
}

function isItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

function scalar(text: string): unknown {
  if (text === '{}') return {};
  if (text === '[]') return [];
  if (text.startsWith('"')) {
    if (!/^"[^"\\]*"$/.test(text)) throw new Unsupported();
    return text.slice(1, -1);
  }
  if (text.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(text)) throw new Unsupported();
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (!PLAIN.test(text) || text.endsWith(':') || NUMBER.test(text)) throw new Unsupported();
  if (/^(?:~|null|Null|NULL)$/.test(text)) return null;
  if (/^(?:true|True|TRUE)$/.test(text)) return true;
  if (/^(?:false|False|FALSE)$/.test(text)) return false;
  return text;
}
