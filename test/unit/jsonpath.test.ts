// kubectl's JSONPath dialect: expectations from client-go's jsonpath_test.go and kubectl v1.32.
import { describe, it, expect } from 'vitest';
import { JsonPath, JsonPathError, JsonPathParseError, executeJsonPath } from '../../src/printers/jsonpath.js';
import { customColumnsText, parseCustomColumns, parseCustomColumnsFile, relaxedJsonPath } from '../../src/printers/custom-columns.js';
import { parseQuantity, sortByJsonPath } from '../../src/printers/sort.js';
import { goQuote, goSyntax } from '../../src/printers/go-syntax.js';
import { Tabwriter } from '../../src/printers/tabwriter.js';

const store = {
  name: 'jsonpath',
  book: [
    { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
    { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
    { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', price: 8.99 },
  ],
  bicycle: [{ color: 'red', price: 19.95, IsNew: true }, { color: 'green', price: 20.01, IsNew: false }],
  labels: { 'web/html': 15, 'k8s.io/name': 'x' },
  employees: { jason: 'manager', dan: 'clerk' },
};

const run = (template: string, data: unknown = store, asJson = false) => executeJsonPath(new JsonPath(template), template, data, asJson);

describe('JSONPath evaluation (client-go jsonpath_test.go cases)', () => {
  it.each([
    ['plain', 'hello jsonpath', 'hello jsonpath'],
    ['field', '{.name}', 'jsonpath'],
    ['dict key', "{['name']}", 'jsonpath'],
    ['wildcard array', '{.book[*].author}', 'Nigel Rees Evelyn Waugh Herman Melville'],
    ['index', '{.book[1].title}', 'Sword of Honour'],
    ['negative index', '{.book[-1].title}', 'Moby Dick'],
    ['slice', '{.book[0:2].category}', 'reference fiction'],
    ['open slice', '{.book[-2:].category}', 'fiction fiction'],
    ['step', '{.book[::2].author}', 'Nigel Rees Herman Melville'],
    ['union', '{.book[0,2].price}', '8.95 8.99'],
    ['float filter', '{.book[?(@.price<10.0)].title}', 'Sayings of the Century Moby Dick'],
    ['string filter', '{.book[?(@.category=="fiction")].author}', 'Evelyn Waugh Herman Melville'],
    ['single quotes in filter', "{.book[?(@.category=='reference')].price}", '8.95'],
    ['bool filter', '{.bicycle[?(@.IsNew==true)].color}', 'red'],
    ['exists filter', '{.bicycle[?(@.IsNew)].color}', 'red green'],
    ['missing compared field is skipped', '{.book[?(@.isbn=="x")].title}', ''],
    ['recursive', '{..color}', 'red green'],
    ['escaped dots', '{.labels.k8s\\.io/name}', 'x'],
    ['map as JSON', '{.bicycle[0]}', '{"IsNew":true,"color":"red","price":19.95}'],
    ['array as JSON', '{.book[*].price}{.employees.*}', '8.95 12.99 8.99manager clerk'],
    ['quoted literals', '{.name}{"\\t"}{\'x\'}{"\\n"}', 'jsonpath\tx\n'],
    ['range', '{range .book[*]}[{.category}]{end}', '[reference][fiction][fiction]'],
    ['nested range', '{range .bicycle[*]}{.color}:{range .book[0:1]}{.price}{end};{end}', 'red:;green:;'], // inside a range, paths start at the item,
    ['empty range continues after end', '{range .book[?(@.price>100.0)]}{.title}{end}done', 'done'],
    ['missing keys allowed', '{.nothing.here}x', 'x'],
    ['current object', '{@.name}{$.name}', 'jsonpathjsonpath'],
    ['zero-length slice', '{.book[1:1]}ok', 'ok'],
    ['string wildcard gives bytes', '{.name[*]}', ''],
  ])('%s: %s', (_, template, expected) => {
    if (template === '{.name[*]}') {
      expect(() => run(template)).toThrow(/string is not array or slice/);
      return;
    }
    expect(run(template)).toBe(expected);
  });

  it('prints each result group as indented JSON for jsonpath-as-json', () => {
    expect(run('{.book[0].author}', store, true)).toBe('[\n    "Nigel Rees"\n]\n');
    expect(run('{.nothing}', store, true)).toBe('[]\n');
  });

  it('reports evaluation errors as kubectl does, with the object in Go syntax', () => {
    expect(() => run('{.book[5]}', { book: [1] })).toThrow(new JsonPathError(
      'error executing jsonpath "{.book[5]}": Error executing template: array index out of bounds: index 5, length 1. Printing more information for debugging the template:\n' +
      '\ttemplate was:\n\t\t{.book[5]}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"book":[]interface {}{1}}\n\n\n'));
    expect(() => run('{.book[?(@.price>"x")]}')).toThrow(/incompatible types for comparison/);
    expect(() => run('{.book[::-1]}')).toThrow(/step must be > 0/);
    expect(() => run('{.book[2:1]}')).toThrow(/starting index 2 is greater than ending index 1/);
    expect(() => run('{.name}{end}')).toThrow(/not in range, nothing to end/);
    expect(() => run('{.book[*]title}')).toThrow(/unrecognized identifier title/);
    expect(() => run('{.name[0]}')).toThrow(/string is not array or slice/);
    expect(() => executeJsonPath(new JsonPath('{.nope}', false), '{.nope}', store)).toThrow(/nope is not found/);
  });

  it.each([
    ['{.a', 'unclosed action'],
    ['{.a[0', 'unterminated array'],
    ['{.a[#]}', 'invalid array index #'],
    ['{.a[?(@.b}', 'unterminated filter'],
    ['{#}', "unrecognized character in action: U+0023 '#'"],
    ['{"abc}', 'unterminated quoted string'],
    ['{.a[x:y]}', 'invalid array index x:y'],
  ])('refuses %s: %s', (template, message) => {
    expect(() => new JsonPath(template)).toThrow(new JsonPathParseError(message));
  });
});

describe('Go renderings', () => {
  it('quotes strings as strconv.Quote and values as %#v', () => {
    expect(goQuote('a"b\\c\n\x01é')).toBe('"a\\"b\\\\c\\n\\x01é"');
    expect(goSyntax({ b: [true, null, 1.5], a: 'x' })).toBe('map[string]interface {}{"a":"x", "b":[]interface {}{true, interface {}(nil), 1.5}}');
  });
});

describe('custom columns', () => {
  it('relaxes paths as kubectl does', () => {
    expect(['a.b', '.a.b', '{a.b}', '{.a.b}'].map(relaxedJsonPath)).toEqual(['{.a.b}', '{.a.b}', '{.a.b}', '{.a.b}']);
    expect(() => relaxedJsonPath('{.a')).toThrow(/unexpected path string/);
  });

  it('prints <none>, comma-joined values and Go %v maps', () => {
    const columns = parseCustomColumns('NAME:.metadata.name,PORTS:.spec.ports[*].port,FIRST:.spec.ports[0],X:.nope');
    const text = customColumnsText(columns, [{ metadata: { name: 's' }, spec: { ports: [{ port: 80, name: 'h' }, { port: 443 }] } }], true);
    expect(text).toBe('NAME\tPORTS\tFIRST\tX\ns\t80,443\tmap[name:h port:80]\t<none>\n');
  });

  it('refuses bad specs with kubectl\'s messages', () => {
    expect(() => parseCustomColumns('')).toThrow('custom-columns format specified but no custom columns given');
    expect(() => parseCustomColumns('NAME')).toThrow('unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>');
    expect(() => parseCustomColumnsFile('A B\n.a\n')).toThrow("number of headers (2) and field specifications (1) don't match");
    expect(parseCustomColumnsFile('A  B\n.a {.b}\n')).toEqual([{ header: 'A', fieldSpec: '{.a}' }, { header: 'B', fieldSpec: '{.b}' }]);
  });
});

describe('--sort-by', () => {
  const items = [{ n: 'b', q: '2' }, { n: 'a', q: '10' }, { n: 'c' }, { n: 'd', q: '500m' }];
  it('compares quantities as quantities and puts missing values first', () => {
    expect(sortByJsonPath(items, '{.q}', (o) => o).map((o) => o.n)).toEqual(['c', 'd', 'b', 'a']);
    expect(sortByJsonPath(items, '{.n}', (o) => o).map((o) => o.n)).toEqual(['a', 'b', 'c', 'd']);
    expect(parseQuantity('1Ki')).toBe(1024);
    expect(parseQuantity('abc')).toBeUndefined();
  });

  it('fails when no object has the field', () => {
    expect(() => sortByJsonPath(items, '{.nope}', (o) => o)).toThrow('couldn\'t find any field with path "{.nope}" in the list of objects');
  });
});

describe('the watch tabwriter', () => {
  it('remembers column widths across flushes', () => {
    const w = new Tabwriter();
    expect(w.flush('NAME\tAGE\nabc\t1s\n')).toBe('NAME   AGE\nabc    1s\n');
    expect(w.flush('a-much-longer-name\t2s\n')).toBe('a-much-longer-name   2s\n');
    expect(w.flush('x\t3s\n')).toBe('x                    3s\n');
  });
});
