// Expected texts were captured from kubectl v1.32 (`create --dry-run=client`, `label --local -o yaml|json`,
// and `get` against a stub API server serving these Tables).
import { describe, expect, it } from 'vitest';
import {
  alignColumns,
  asList,
  formatCell,
  formatLabels,
  printJson,
  printName,
  printTable,
  printYaml,
  qualifiedKind,
  type Table,
} from '../../src/printers/index.js';

const yamlOf = (value: unknown): string => printYaml({ v: value });

describe('printYaml', () => {
  it('prints a Deployment as kubectl create --dry-run=client -o yaml does', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { creationTimestamp: null, labels: { app: 'web' }, name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        strategy: {},
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: { containers: [{ image: 'nginx', name: 'nginx', ports: [{ containerPort: 80 }], resources: {} }] },
        },
      },
      status: {},
    };
    expect(printYaml(deployment)).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        name: nginx
        ports:
        - containerPort: 80
        resources: {}
status: {}
`);
  });

  it.each([
    // strings go-yaml would read back as another type are double-quoted
    ['80', '"80"'],
    ['1.5', '"1.5"'],
    ['-1.5', '"-1.5"'],
    ['+1', '"+1"'],
    ['.5', '".5"'],
    ['1e3', '"1e3"'],
    ['0755', '"0755"'],
    ['089', '"089"'],
    ['0x1F', '"0x1F"'],
    ['0b101', '"0b101"'],
    ['1_000', '"1_000"'],
    ['99999999999999999999', '"99999999999999999999"'],
    ['true', '"true"'],
    ['yes', '"yes"'],
    ['y', '"y"'],
    ['on', '"on"'],
    ['NO', '"NO"'],
    ['null', '"null"'],
    ['~', '"~"'],
    ['', '""'],
    ['.inf', '".inf"'],
    ['10:30', '"10:30"'],
    ['2024-01-15', '"2024-01-15"'],
    ['2024-1-5', '"2024-1-5"'],
    ['2024-01-15T10:00:00Z', '"2024-01-15T10:00:00Z"'],
    ['2024-01-15T10:00:00+01:00', '"2024-01-15T10:00:00+01:00"'],
    ['2024-01-15 10:00:00', '"2024-01-15 10:00:00"'],
    // ...but not what merely looks close
    ['2024-02-30', '2024-02-30'],
    ['1e400', '1e400'],
    ['<<', '<<'],
    ['Yes please', 'Yes please'],
    // indicators and edge spaces need single quotes
    ['&x', "'&x'"],
    ['@x', "'@x'"],
    ['!x', "'!x'"],
    ['`x', "'`x'"],
    ['%x', "'%x'"],
    ['|x', "'|x'"],
    ['>x', "'>x'"],
    ['*', "'*'"],
    ['"x"', `'"x"'`],
    ['- x', "'- x'"],
    ['-', "'-'"],
    ['?', "'?'"],
    ['foo:', "'foo:'"],
    ['a: b', "'a: b'"],
    ['a #b', "'a #b'"],
    ['---x', "'---x'"],
    ['...x', "'...x'"],
    [' abc', "' abc'"],
    ['abc ', "'abc '"],
    // plain is fine here
    ['a#b', 'a#b'],
    ['a,b', 'a,b'],
    ['a{b}', 'a{b}'],
    ["it's", "it's"],
    ['-c', '-c'],
    ['<a>&', '<a>&'],
    ['a\u00a0b', 'a\u00a0b'],
    // characters outside libyaml's printable set are escaped
    ['a\tb', '"a\\tb"'],
    ['hi \u{1F600}', '"hi \\U0001F600"'],
    ['\b\x01\x1f\f', '"\\b\\x01\\x1F\\f"'],
    ['a \nb', '"a \\nb"'],
  ])('writes the string %j as %s', (input, expected) => {
    expect(yamlOf(input)).toBe(`v: ${expected}\n`);
  });

  it('writes multi-line strings as literal blocks with the chomping indicator go-yaml picks', () => {
    expect(yamlOf('a\nb\n')).toBe('v: |\n  a\n  b\n');
    expect(yamlOf('a\nb')).toBe('v: |-\n  a\n  b\n');
    expect(yamlOf('a\n\n')).toBe('v: |+\n  a\n\n');
    expect(yamlOf('\nabc')).toBe('v: |2-\n\n  abc\n');
    expect(yamlOf(' a\nb')).toBe('v: |2-\n   a\n  b\n');
    expect(yamlOf('x\n  y\n')).toBe('v: |\n  x\n    y\n');
    expect(printYaml({ args: ['sh', '-c', 'echo hello\nsleep 10\n'] })).toBe(
      'args:\n- sh\n- -c\n- |\n  echo hello\n  sleep 10\n',
    );
  });

  it('folds long scalars at a space once the line passes 80 columns', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    expect(printYaml({ data: { long: words } })).toBe(`data:
  long: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11
    word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23
    word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35
    word36 word37 word38 word39
`);
    const thirty = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    expect(printYaml({ singleLong: `- ${thirty}`, doubleLong: `yes ${thirty} \t` })).toBe(`doubleLong: "yes word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10
  word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22
  word23 word24 word25 word26 word27 word28 word29 \\t"
singleLong: '- word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10
  word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22
  word23 word24 word25 word26 word27 word28 word29'
`);
  });

  it('orders keys as go-yaml does: non-letters first, digit runs by value', () => {
    const annotations = { zeta: '1', a10: 'x', a2: 'y', A: 'z', _u: 'q', a_b: 'x', aB: 'x' };
    expect(printYaml(annotations)).toBe('_u: q\nA: z\na_b: x\na2: "y"\na10: x\naB: x\nzeta: "1"\n');
  });

  it('quotes keys by the same rules and writes keys over 128 bytes as complex keys', () => {
    expect(printYaml({ yes: 'yes', on: 'on', y: 'y' })).toBe('"on": "on"\n"y": "y"\n"yes": "yes"\n');
    const key = 'k'.repeat(130);
    expect(printYaml({ [key]: 'long key' })).toBe(`? ${key}\n: long key\n`);
  });

  it('renders numbers as go-yaml renders the numbers of Go JSON text', () => {
    const numbers = { int: 3, neg: -7, half: 1.5, big: 1234567.5, small: 1e-5, huge: 1e21, quarter: -0.25, large: 100000000.5 };
    expect(printYaml(numbers)).toBe(
      'big: 1.2345675e+06\nhalf: 1.5\nhuge: 1e+21\nint: 3\nlarge: 1.000000005e+08\nneg: -7\nquarter: -0.25\nsmall: 1e-05\n',
    );
  });

  it('writes empty collections in flow style and nested sequences compactly', () => {
    expect(printYaml({ empty: { map: {}, list: [], str: '', nil: null } })).toBe(
      'empty:\n  list: []\n  map: {}\n  nil: null\n  str: ""\n',
    );
    expect(printYaml({ nested: [[1, 2], [], [{ a: 1 }], { k: [true, false] }] })).toBe(
      'nested:\n- - 1\n  - 2\n- []\n- - a: 1\n- k:\n  - true\n  - false\n',
    );
  });

  it('reproduces what the JSON round trip does to NEL and control characters', () => {
    expect(yamlOf('p  \u0085  q')).toBe('v: p q\n');
    expect(yamlOf('p\u0085\u0085\u0085q\u0085')).toBe('v: "p\\n\\nq "\n');
    expect(() => yamlOf('p\x7fq')).toThrow('yaml: control characters are not allowed');
    expect(() => printYaml({ 'a\u0085b': 1 })).toThrow("yaml: line 1: did not find expected ',' or '}'");
  });

  it('wraps several objects in a List with an empty resourceVersion', () => {
    expect(printYaml(asList([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } }]))).toBe(`apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: a
kind: List
metadata:
  resourceVersion: ""
`);
    expect(printYaml(asList([]))).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });
});

describe('printJson', () => {
  it('sorts keys byte-wise, indents by four and escapes HTML characters as Go does', () => {
    const cm = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' }, data: { html: '<a>&', ls: 'a\u2028b', emoji: 'hi \u{1F600}', c: '\b\x01\x1f\f', '2': 'two', '10': 'ten' } };
    expect(printJson(cm)).toBe(`{
    "apiVersion": "v1",
    "data": {
        "10": "ten",
        "2": "two",
        "c": "\\b\\u0001\\u001f\\f",
        "emoji": "hi \u{1F600}",
        "html": "\\u003ca\\u003e\\u0026",
        "ls": "a\\u2028b"
    },
    "kind": "ConfigMap",
    "metadata": {
        "name": "x"
    }
}
`);
  });

  it('prints empty collections, nulls and numbers as Go does', () => {
    expect(printJson({ a: [], b: {}, c: null, d: 1.5, e: 1e21, f: 1e-7 })).toBe(
      '{\n    "a": [],\n    "b": {},\n    "c": null,\n    "d": 1.5,\n    "e": 1e+21,\n    "f": 1e-7\n}\n',
    );
  });
});

describe('printName and qualifiedKind', () => {
  it('names core objects by kind and others by kind.group', () => {
    expect(printName({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'nginx' } })).toBe('pod/nginx');
    expect(printName({ kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'nginx-deployment' } })).toBe(
      'deployment.apps/nginx-deployment',
    );
    expect(printName({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'x' } })).toBe('namespace/x');
    expect(printName({ kind: 'Pod', apiVersion: 'v1', metadata: { name: '' } })).toBe('pod/<unknown>');
    expect(printName({ kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'web' } }, 'created')).toBe(
      'deployment.apps/web created',
    );
    expect(qualifiedKind('HorizontalPodAutoscaler', 'autoscaling/v2')).toBe('horizontalpodautoscaler.autoscaling');
  });
});

describe('formatCell', () => {
  it('prints values as Go fmt prints unstructured JSON values', () => {
    expect(formatCell(null)).toBe('');
    expect(formatCell(0)).toBe('0');
    expect(formatCell(true)).toBe('true');
    expect(formatCell(1234567.5)).toBe('1.2345675e+06');
    expect(formatCell(0.00001)).toBe('1e-05');
    expect(formatCell(1e21)).toBe('1e+21');
    expect(formatCell(0.5)).toBe('0.5');
    expect(formatCell(['a', 1, null, { z: 1, b: 'x' }])).toBe('[a 1 <nil> map[b:x z:1]]');
    expect(formatCell({})).toBe('map[]');
  });

  it('cuts strings at the first line break and defuses terminal escapes', () => {
    expect(formatCell('line1\nline2')).toBe('line1...');
    expect(formatCell('red\x1b[31m')).toBe('red^[[31m');
    expect(formatCell(['a\rb'])).toBe('[a\\rb]');
  });
});

const column = (name: string, priority = 0, format = '', type = 'string') => ({ name, type, format, description: '', priority });
const meta = (name: string, namespace: string, labels?: Record<string, string>) => ({
  kind: 'PartialObjectMetadata',
  apiVersion: 'meta.k8s.io/v1',
  metadata: { name, namespace, ...(labels ? { labels } : {}) },
});

describe('printTable', () => {
  const table: Table = {
    columnDefinitions: [
      column('Name', 0, 'name'),
      column('Ready'),
      column('Restarts', 0, '', 'integer'),
      column('Ratio', 0, '', 'number'),
      column('IP', 1),
      column('Misc'),
    ],
    rows: [
      { cells: ['nginx', '1/1', 0, 1234567.5, '10.0.0.1', ['a', 1, null, { z: 1, b: 'x' }]], object: meta('nginx', 'default', { app: 'web', tier: 'fe' }) },
      { cells: ['a-much-longer-pod-name-é', '0/1', 12, 0.00001, null, 'line1\nline2'], object: meta('x', 'kube-system') },
      { cells: ['c', '1/1', true, 1e21, '', {}], object: meta('c', 'ns3', { 'app.kubernetes.io/name': 'c' }) },
    ],
  };

  it('aligns columns with three spaces of padding, hiding priority columns', () => {
    expect(printTable(table, {})).toBe(`NAME                       READY   RESTARTS   RATIO           MISC
nginx                      1/1     0          1.2345675e+06   [a 1 <nil> map[b:x z:1]]
a-much-longer-pod-name-é   0/1     12         1e-05           line1...
c                          1/1     true       1e+21           map[]
`);
  });

  it('adds namespace, label columns and labels, keeping the trailing spaces kubectl prints', () => {
    const text = printTable(table, { wide: true, withNamespace: true, showLabels: true, labelColumns: ['app', 'app.kubernetes.io/name'] });
    expect(text).toBe(`NAMESPACE     NAME                       READY   RESTARTS   RATIO           IP         MISC                       APP   NAME   LABELS
default       nginx                      1/1     0          1.2345675e+06   10.0.0.1   [a 1 <nil> map[b:x z:1]]   web          app=web,tier=fe
kube-system   a-much-longer-pod-name-é   0/1     12         1e-05                      line1...                                <none>
ns3           c                          1/1     true       1e+21                      map[]                            c      app.kubernetes.io/name=c
`);
  });

  it('omits headers with noHeaders and prints nothing for an empty table', () => {
    expect(printTable(table, { noHeaders: true })).toBe(`nginx                      1/1   0      1.2345675e+06   [a 1 <nil> map[b:x z:1]]
a-much-longer-pod-name-é   0/1   12     1e-05           line1...
c                          1/1   true   1e+21           map[]
`);
    expect(printTable({ columnDefinitions: table.columnDefinitions, rows: [] }, {})).toBe('');
  });

  const sparse: Table = {
    columnDefinitions: [column('Name', 0, 'name'), column('Status'), column('Age')],
    rows: [
      { cells: ['p1', 'Running', '5m'], object: meta('p1', 'default') },
      { cells: ['p2', 'Pending', '10s'] },
      { cells: ['p3', 'Running', '1d'], object: meta('p3', 'default', { a: '1' }) },
    ],
  };

  it('pads empty label cells and fills rows without an object as kubectl does', () => {
    expect(printTable(sparse, { labelColumns: ['a', 'b'], showLabels: true })).toBe(
      'NAME   STATUS    AGE   A     B     LABELS\n' +
        'p1     Running   5m                <none>\n' +
        'p2     Pending   10s         \n' +
        'p3     Running   1d    1           a=1\n',
    );
    expect(printTable(sparse, { withNamespace: true, labelColumns: ['a'] })).toBe(
      'NAMESPACE   NAME   STATUS    AGE   A\n' +
        'default     p1     Running   5m    \n' +
        '            p2     Pending   10s   \n' +
        'default     p3     Running   1d    1\n',
    );
  });

  it('prefixes names with the kind when several types are printed', () => {
    expect(printTable(sparse, { kindPrefix: 'pod' })).toBe(
      'NAME     STATUS    AGE\npod/p1   Running   5m\npod/p2   Pending   10s\npod/p3   Running   1d\n',
    );
  });
});

describe('alignColumns and formatLabels', () => {
  it('keeps a minimum cell width of six and ignores the last cell of each line', () => {
    expect(alignColumns('A\tB\tC\nxx\ty\tlonger-last\n')).toBe('A     B     C\nxx    y     longer-last\n');
  });

  it('counts runes, as Go does: an accented letter or an emoji is one', () => {
    expect(alignColumns('NAME\tX\ncafé-😀-crème\ty\nz\tw\n')).toBe('NAME' + ' '.repeat(11) + 'X\ncafé-😀-crème   y\nz' + ' '.repeat(14) + 'w\n');
  });

  it('sorts labels by key and says <none> when there are none', () => {
    expect(formatLabels({ tier: 'fe', app: 'web' })).toBe('app=web,tier=fe');
    expect(formatLabels({})).toBe('<none>');
  });
});
