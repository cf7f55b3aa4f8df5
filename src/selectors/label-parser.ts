// labels.Parse: the label selector grammar of `-l` and `?labelSelector=`, with apimachinery's
// lexer quirks and error texts (kube-apiserver returns them verbatim in its 400).
import { SelectorError } from './error.js';
import { labelKeyProblem, newRequirement, sortByKey, compareStrings, type Operator, type Requirement } from './labels.js';

type Token =
  | 'error' | 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'identifier' | 'in' | '<' | '!=' | 'notin' | '(';

interface Scanned {
  tok: Token;
  literal: string;
}

const KEYWORDS: Record<string, Token> = {
  ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(',
};

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string) => '=!(),><'.includes(ch);

function scan(input: string): Scanned[] {
  const items: Scanned[] = [];
  let pos = 0;
  for (;;) {
    while (pos < input.length && isWhitespace(input[pos])) pos++;
    if (pos >= input.length) {
      items.push({ tok: 'end', literal: '' });
      return items;
    }
    if (isSpecial(input[pos])) {
      // Grow the symbol while it still spells an operator ("!" then "!="), as the Go lexer does.
      let buffer = '';
      let last: Scanned | undefined;
      while (pos < input.length && isSpecial(input[pos])) {
        const next = buffer + input[pos];
        if (KEYWORDS[next]) {
          buffer = next;
          last = { tok: KEYWORDS[next], literal: next };
          pos++;
        } else if (last) {
          break;
        } else {
          buffer = next;
          pos++;
        }
      }
      items.push(last ?? { tok: 'error', literal: `error expected: keyword found '${buffer}'` });
      continue;
    }
    let word = '';
    while (pos < input.length && !isSpecial(input[pos]) && !isWhitespace(input[pos])) word += input[pos++];
    items.push({ tok: KEYWORDS[word] ?? 'identifier', literal: word });
  }
}

class Parser {
  private position = 0;

  constructor(private readonly items: Scanned[]) {}

  /** In a value position "in" and "notin" are plain identifiers ("x in (in)"). */
  private peek(values: boolean): Scanned {
    return this.asContext(this.items[this.position], values);
  }

  private take(values: boolean): Scanned {
    return this.asContext(this.items[this.position++], values);
  }

  private asContext(item: Scanned, values: boolean): Scanned {
    if (values && (item.tok === 'in' || item.tok === 'notin')) return { tok: 'identifier', literal: item.literal };
    return item;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, literal } = this.peek(true);
      if (tok === 'end') return reqs;
      if (tok !== 'identifier' && tok !== '!') throw new SelectorError(`found '${literal}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.requirement());
      } catch (e) {
        if (e instanceof SelectorError) throw new SelectorError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const after = this.take(true);
      if (after.tok === 'end') return reqs;
      if (after.tok !== ',') throw new SelectorError(`found '${after.literal}', expected: ',' or 'end of string'`);
      const next = this.peek(true);
      if (next.tok !== 'identifier' && next.tok !== '!') throw new SelectorError(`found '${next.literal}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    let { tok, literal } = this.take(true);
    let operator: Operator | undefined;
    if (tok === '!') {
      operator = '!';
      ({ tok, literal } = this.take(true));
    }
    if (tok !== 'identifier') throw new SelectorError(`found '${literal}', expected: identifier`);
    const keyProblem = labelKeyProblem(literal);
    if (keyProblem) throw new SelectorError(keyProblem);
    const key = literal;
    const following = this.peek(true).tok;
    if (operator !== '!' && (following === 'end' || following === ',')) operator = 'exists';
    if (operator === '!' || operator === 'exists') return newRequirement(key, operator, []);
    const op = this.operator();
    const values = op === 'in' || op === 'notin' ? this.valueSet() : this.exactValue();
    return newRequirement(key, op, values);
  }

  private operator(): Operator {
    const { tok, literal } = this.take(false);
    switch (tok) {
      case 'in': return 'in';
      case 'notin': return 'notin';
      case '=': return '=';
      case '==': return '==';
      case '!=': return '!=';
      case '>': return 'gt';
      case '<': return 'lt';
      default: throw new SelectorError(`found '${literal}', expected: ${BINARY_OPERATORS}`);
    }
  }

  private valueSet(): string[] {
    const open = this.take(true);
    if (open.tok !== '(') throw new SelectorError(`found '${open.literal}' expected: '('`);
    const { tok, literal } = this.peek(true);
    if (tok === ')') {
      this.take(true);
      return [''];
    }
    if (tok !== 'identifier' && tok !== ',') throw new SelectorError(`found '${literal}', expected: ',', ')' or identifier`);
    const values = this.identifierList();
    // Go reports the token seen before the list here, not the one that is wrong.
    if (this.take(true).tok !== ')') throw new SelectorError(`found '${literal}', expected: ')'`);
    return values;
  }

  /** A (possibly empty) comma-separated list; empty entries are the empty value. Returned as a sorted set. */
  private identifierList(): string[] {
    const set = new Set<string>();
    for (;;) {
      const { tok, literal } = this.take(true);
      if (tok === 'identifier') {
        set.add(literal);
        const next = this.peek(true);
        if (next.tok === ',') continue;
        if (next.tok === ')') return sorted(set);
        throw new SelectorError(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (tok !== ',') throw new SelectorError(`found '${literal}', expected: ',', or identifier`);
      if (set.size === 0) set.add('');
      const next = this.peek(true).tok;
      if (next === ')') {
        set.add('');
        return sorted(set);
      }
      if (next === ',') set.add('');
    }
  }

  private exactValue(): string[] {
    const next = this.peek(true).tok;
    if (next === 'end' || next === ',') return [''];
    const { tok, literal } = this.take(true);
    if (tok === 'identifier') return [literal];
    throw new SelectorError(`found '${literal}', expected: identifier`);
  }
}

const sorted = (set: Set<string>) => [...set].sort(compareStrings);

/** labels.Parse: requirements sorted by key; throws SelectorError with apimachinery's message. */
export function parseLabelSelector(selector: string): Requirement[] {
  return sortByKey(new Parser(scan(selector)).parse());
}
