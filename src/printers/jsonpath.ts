// kubectl's JSONPath evaluator and printer (client-go util/jsonpath, cli-runtime JSONPathPrinter).
// The state machine for {range}/{end} is kept as client-go has it, quirk included: a template that
// has run a range keeps only what follows that range's start for the next object (watch prints
// every object with the same printer).
import { GoFloat, goJsonCompact, goQuote, goSprint, goSyntax } from './go-syntax.js';
import { printJson } from './json.js';
import { parseJsonPath, JsonPathParseError, type JsonPathNode, type ListNode } from './jsonpath-parser.js';

export { JsonPathParseError, parseJsonPath };
export type { JsonPathNode, ListNode };

/** An error from evaluating a template (client-go's message, without kubectl's wrapping). */
export class JsonPathError extends Error {}

type Value = unknown;
type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid';

export class JsonPath {
  private root: ListNode;
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode?: JsonPathNode;

  /** Throws JsonPathParseError. */
  constructor(template: string, private readonly allowMissingKeys = true) {
    this.root = parseJsonPath(template);
  }

  /** The values each top-level node yields, one group per node (and per range iteration). */
  findResults(data: Value): Value[][] {
    const cur = [data];
    const nodes = this.root.nodes;
    const full: Value[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const results = this.walk(cur, nodes[i]!);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange -= 1;
        this.lastEndNode = nodes[i];
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange -= 1;
        this.inRange += 1;
        // An empty range still runs its body once, on nothing, to find where it ends.
        for (const value of results.length > 0 ? results : [undefined]) {
          this.root = { type: 'list', nodes: nodes.slice(i + 1) };
          const next = this.findResults(value);
          if (results.length > 0) full.push(...next);
        }
        this.inRange -= 1;
        const end = nodes.indexOf(this.lastEndNode!, i + 1);
        if (end >= 0) i = end;
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(input: Value[], node: JsonPathNode): Value[] {
    switch (node.type) {
      case 'list': return this.evalList(input, node);
      case 'text': return [node.text];
      case 'field': return this.evalField(input, node.name);
      case 'array': return evalArray(input, node.params);
      case 'filter': return this.evalFilter(input, node);
      case 'int': return input.map(() => node.value);
      case 'float': return input.map(() => new GoFloat(node.value));
      case 'bool': return input.map(() => node.value);
      case 'wildcard': return input.flatMap(children);
      case 'recursive': return evalRecursive(input);
      case 'union': return node.nodes.flatMap((list) => this.evalList(input, list));
      case 'identifier': return this.evalIdentifier(input, node.name);
    }
  }

  private evalList(input: Value[], list: ListNode): Value[] {
    let values = input;
    for (const node of list.nodes) values = this.walk(values, node);
    return values;
  }

  private evalIdentifier(input: Value[], name: string): Value[] {
    if (name === 'range') {
      this.beginRange += 1;
      return input;
    }
    if (name !== 'end') throw new JsonPathError(`unrecognized identifier ${name}`);
    if (this.inRange === 0) throw new JsonPathError('not in range, nothing to end');
    this.endRange += 1;
    return [];
  }

  private evalField(input: Value[], name: string): Value[] {
    const results: Value[] = [];
    for (const value of input) {
      if (isMap(value) && Object.hasOwn(value, name)) results.push(value[name]);
    }
    if (results.length === 0 && input.length > 0 && !this.allowMissingKeys) throw new JsonPathError(`${name} is not found`);
    return results;
  }

  private evalFilter(input: Value[], node: Extract<JsonPathNode, { type: 'filter' }>): Value[] {
    const results: Value[] = [];
    for (const value of input) {
      if (!Array.isArray(value)) throw new JsonPathError(`${goSprint(value)} is not array or slice and cannot be filtered`);
      for (const item of value) {
        if (node.operator === 'exists') {
          let lefts: Value[] = [];
          try {
            lefts = this.evalList([item], node.left);
          } catch {
            // client-go checks an exists filter's left side before looking at its error
          }
          if (lefts.length > 0) results.push(item);
          continue;
        }
        // An item without the compared field is skipped, not an error.
        const lefts = this.evalList([item], node.left);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time');
        const rights = this.evalList([item], node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new JsonPathError('can only compare one element at a time');
        if (compare(node.operator, lefts[0], rights[0])) results.push(item);
      }
    }
    return results;
  }
}

function isMap(v: Value): v is Record<string, Value> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoFloat);
}

/** Go's type name for a decoded JSON value, as reflect prints it in messages. */
function goTypeName(v: Value): string {
  if (v instanceof GoFloat) return 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (isMap(v)) return 'map[string]interface {}';
  return 'interface {}';
}

function evalArray(input: Value[], params: Extract<JsonPathNode, { type: 'array' }>['params']): Value[] {
  const result: Value[] = [];
  for (const value of input) {
    if (value === null || value === undefined) continue;
    if (!Array.isArray(value)) throw new JsonPathError(`${goTypeName(value)} is not array or slice`);
    const len = value.length;
    let start = params[0].known ? params[0].value : 0;
    if (start < 0) start += len;
    let end = params[1].known ? params[1].value : len;
    if (end < 0 || (end === 0 && params[1].derived)) end += len;
    // client-go stops at the first empty selection, whatever inputs remain.
    if (end === start) return result;
    if (start >= len || start < 0) throw new JsonPathError(`array index out of bounds: index ${start}, length ${len}`);
    if (end > len || end < 0) throw new JsonPathError(`array index out of bounds: index ${end - 1}, length ${len}`);
    if (start > end) throw new JsonPathError(`starting index ${start} is greater than ending index ${end}`);
    const step = params[2].known ? params[2].value : 1;
    if (step <= 0) throw new JsonPathError('step must be > 0');
    for (let i = start; i < end; i += step) result.push(value[i]);
  }
  return result;
}

function children(value: Value): Value[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...Buffer.from(value, 'utf8')];
  if (isMap(value)) return Object.values(value);
  return [];
}

function evalRecursive(input: Value[]): Value[] {
  const result: Value[] = [];
  for (const value of input) {
    const inner = children(value);
    if (inner.length === 0) continue;
    result.push(value, ...evalRecursive(inner));
  }
  return result;
}

function kindOf(v: Value): Kind {
  if (v instanceof GoFloat) return 'float';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return 'invalid';
}

const numberOf = (v: Value): number => (v instanceof GoFloat ? v.value : (v as number));

/** text/template's eq/lt family, as client-go's fork has them. */
function compare(operator: string, left: Value, right: Value): boolean {
  const k1 = kindOf(left);
  const k2 = kindOf(right);
  if (k1 === 'invalid' || k2 === 'invalid') throw new JsonPathError('invalid type for comparison');
  if (k1 !== k2) throw new JsonPathError('incompatible types for comparison');
  const equal = k1 === 'string' || k1 === 'bool' ? left === right : numberOf(left) === numberOf(right);
  const less = (): boolean => {
    if (k1 === 'bool') throw new JsonPathError('invalid type for comparison');
    return k1 === 'string' ? (left as string) < (right as string) : numberOf(left) < numberOf(right);
  };
  switch (operator) {
    case '==': return equal;
    case '!=': return !equal;
    case '<': return less();
    case '<=': return less() || equal;
    case '>': return !(less() || equal);
    case '>=': return !less();
  }
  throw new JsonPathError(`unrecognized filter operator ${operator}`);
}

/** One result group as kubectl prints it: maps and arrays as compact JSON, the rest with %v, joined by spaces. */
export function printResultGroup(values: Value[], asJson: boolean): string {
  if (asJson) return printJson(values.map((v) => (v instanceof GoFloat ? v.value : v)));
  return values.map((v) => (isMap(v) || Array.isArray(v) ? goJsonCompact(v) : goSprint(v))).join(' ');
}

/**
 * The text `kubectl get -o jsonpath=TEMPLATE` prints for one object. Throws CliError-ready text
 * (kubectl's "error executing jsonpath" message) in a JsonPathError when evaluation fails.
 */
export function executeJsonPath(jp: JsonPath, template: string, data: Value, asJson = false): string {
  let groups: Value[][];
  try {
    groups = jp.findResults(data);
  } catch (e) {
    if (!(e instanceof JsonPathError)) throw e;
    throw new JsonPathError(
      `error executing jsonpath ${goQuote(template)}: Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
      `\ttemplate was:\n\t\t${template}\n` +
      `\tobject given to jsonpath engine was:\n\t\t${goSyntax(data)}\n\n\n`,
    );
  }
  return groups.map((g) => printResultGroup(g, asJson)).join('');
}
