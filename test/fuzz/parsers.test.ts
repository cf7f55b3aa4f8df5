// Hostile and broken input to the CLI's parsers: seeded mutations of valid inputs, bounded in
// count and time. Every case must end in the parser's own error (or a result), never a crash of
// the parser itself, and quickly.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifests } from '../../src/manifests.js';
import { checkManifests } from '../../src/validation/manifests.js';
import { CliError } from '../../src/client/errors.js';
import { parseLabelSelector, parseFieldSelector, SelectorError } from '../../src/selectors/index.js';
import { JsonPath, JsonPathError, JsonPathParseError, executeJsonPath } from '../../src/printers/jsonpath.js';
import { decodeKubeconfig } from '../../src/kubeconfig/decode.js';
import { applyPatch, PatchError, type PatchType } from '../../src/patch/index.js';
import { cases, fuzz } from './generator.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const SEED = Number(process.env.FUZZ_SEED ?? 7);
const COUNT = Number(process.env.FUZZ_CASES ?? 1500);
const LIMIT_MS = 2000;

/** Runs the fuzz over `seeds`; `refusal` says whether an error is the parser's own. */
function expectNoCrash(name: string, seeds: string[], fn: (input: string) => unknown, refusal: (e: unknown) => boolean): void {
  const { tried, failures } = fuzz(cases(SEED + name.length, COUNT, seeds), (input) => {
    try {
      return fn(input);
    } catch (e) {
      if (refusal(e)) return undefined;
      throw e;
    }
  }, LIMIT_MS);
  expect(tried).toBe(COUNT);
  expect(failures).toEqual([]);
}

const manifestSeeds = [
  readFileSync(join(FIXTURES, 'nginx-deployment.yaml'), 'utf8'),
  readFileSync(join(FIXTURES, 'nginx-service.yaml'), 'utf8'),
  JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } }] }),
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: web}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    ports: [{containerPort: 80}]\n---\nbase: &b {a: 1}\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: x}\ndata: *b\n',
];

const LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
  'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol}',
].join('\n');

describe('manifests: reader and client-side validation', () => {
  const read = (text: string) => checkManifests(parseManifests(text, 'fuzz.yaml'), 'Strict', 'creating');

  it('refuses mutated manifests with a CliError, never a crash', () => {
    expectNoCrash('manifests', manifestSeeds, read, (e) => e instanceof CliError);
  });

  it('refuses billion laughs instead of expanding the aliases', () => {
    const started = performance.now();
    expect(() => parseManifests(LAUGHS, 'laughs.yaml')).toThrow(new CliError('error: error parsing laughs.yaml: error converting YAML to JSON: yaml: document contains excessive aliasing'));
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses a deeply nested document with go-yaml\'s depth error', () => {
    for (const text of ['kind: Pod\nx: ' + '['.repeat(20000) + ']'.repeat(20000), '{"kind":"Pod","x":' + '{"a":'.repeat(20000) + '1' + '}'.repeat(20000) + '}']) {
      expect(() => parseManifests(text, 'deep.yaml')).toThrow(/^error: error parsing deep\.yaml: error converting YAML to JSON: yaml: line \d+: exceeded max depth of 10000$/);
    }
  });

  it('reads non-UTF-8 bytes as replacement characters and a NUL in a name as data; validation names the field', () => {
    const bytes = Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "a\\0b"\ndata:\n  k: "'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('"\n')]);
    const [m] = parseManifests(bytes.toString('utf8'), 'bytes.yaml');
    expect(m!.object.metadata.name).toBe('a\u0000b');
    expect(m!.object.data.k).toBe('\ufffd\ufffd\ufffd');
  });

  it('refuses a mapping or sequence as a key in go-yaml\'s words (instead of a Node warning)', () => {
    expect(() => parseManifests('kind: ConfigMap\ndata:\n  {app: nginx}: y\n', 'k.yaml')).toThrow(new CliError('error: error parsing k.yaml: error converting YAML to JSON: yaml: invalid map key: map[interface {}]interface {}{"app":"nginx"}'));
    expect(() => parseManifests('kind: ConfigMap\ndata:\n  [a, b]: y\n', 'k.yaml')).toThrow(new CliError('error: error parsing k.yaml: error converting YAML to JSON: yaml: invalid map key: []interface {}{"a", "b"}'));
  });

  it('handles a 50 MB document in bounded time', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  k: "${'x'.repeat(50 * 1024 * 1024)}"\n`;
    const started = performance.now();
    const [m] = parseManifests(text, 'big.yaml');
    expect(m!.object.data.k.length).toBe(50 * 1024 * 1024);
    expect(performance.now() - started).toBeLessThan(30_000);
  }, 60_000);
});

describe('selectors', () => {
  it('label selectors: SelectorError or a result', () => {
    expectNoCrash('labels', ['app=web,tier!=db', 'env in (prod, staging),!canary', 'a.b/c notin (x),d', 'x>3,y<4', 'k==v'], parseLabelSelector, (e) => e instanceof SelectorError);
  });

  it('field selectors: SelectorError or a result', () => {
    expectNoCrash('fields', ['metadata.name=x,status.phase!=Running', 'spec.nodeName==n1', 'a=b\\,c', 'metadata.namespace!=kube-system'], parseFieldSelector, (e) => e instanceof SelectorError);
  });

  it('a huge value list parses in bounded time', () => {
    const started = performance.now();
    expect(parseLabelSelector(`a in (${Array.from({ length: 50000 }, (_, i) => `v${i}`).join(',')})`)[0]!.values.length).toBe(50000);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('JSONPath', () => {
  const data = {
    kind: 'List',
    items: [
      { metadata: { name: 'a', labels: { app: 'web' } }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
      { metadata: { name: 'b' }, spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }] }] } },
    ],
  };
  const seeds = [
    '{.items[*].metadata.name}', '{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}',
    '{.items[?(@.status.phase=="Running")].metadata.name}', "{.items[0].metadata.labels['app']}", '{..name}',
    '{.items[-1:].spec.containers[0:1:1].ports[*].containerPort}', '{.items[?(@.metadata.name!="a")]}', '{$.kind}',
  ];

  it('parses and evaluates mutated templates: a JSONPath error or text', () => {
    expectNoCrash('jsonpath', seeds, (t) => executeJsonPath(new JsonPath(t), t, structuredClone(data)), (e) => e instanceof JsonPathParseError || e instanceof JsonPathError);
  });
});

describe('kubeconfig files', () => {
  const seeds = [
    '{"apiVersion":"v1","kind":"Config","preferences":{"colors":true},"clusters":[{"name":"a","cluster":{"server":"https://x:1","insecure-skip-tls-verify":true,"extensions":[{"name":"e","extension":{"k":1}}]}}],"users":[{"name":"u","user":{"client-certificate-data":"YQ==","as-groups":["g"],"as-user-extra":{"k":["v"]},"auth-provider":{"name":"oidc","config":{"k":"v"}}}}],"contexts":[]}',
    'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:6443\n    certificate-authority-data: Zm9v\ncontexts:\n- name: x\n  context: {cluster: c, user: u, namespace: ns}\ncurrent-context: x\nusers:\n- name: u\n  user:\n    token: abc\n    exec: {command: cred, args: [a], env: [{name: A, value: b}]}\n',
  ];

  it('decodes mutated files: an Error with kubectl\'s reason or a config', () => {
    expectNoCrash('kubeconfig', seeds, decodeKubeconfig, (e) => e instanceof Error && !(e instanceof TypeError) && !(e instanceof RangeError));
  });

  it('refuses billion laughs', () => {
    expect(() => decodeKubeconfig(LAUGHS)).toThrow();
  });
});

describe('patches', () => {
  const pod = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'web' }, annotations: { a: 'b' } },
    spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }] }], volumes: [{ name: 'v', emptyDir: {} }] },
  };
  const seeds: [PatchType, string][] = [
    ['application/strategic-merge-patch+json', '{"metadata":{"labels":{"app":null,"x":"y"}},"spec":{"containers":[{"name":"c","image":"busybox"},{"name":"d","$patch":"delete"}],"$setElementOrder/containers":[{"name":"c"}]}}'],
    ['application/strategic-merge-patch+json', '{"spec":{"volumes":[{"name":"v","$patch":"replace"}],"$retainKeys":["volumes"]},"$patch":"merge"}'],
    ['application/merge-patch+json', '{"metadata":{"annotations":null},"spec":{"containers":[{"name":"x"}]}}'],
    ['application/json-patch+json', '[{"op":"add","path":"/metadata/labels/tier","value":"db"},{"op":"remove","path":"/spec/containers/0/env/0"},{"op":"test","path":"/kind","value":"Pod"},{"op":"move","from":"/metadata/annotations","path":"/metadata/x"},{"op":"copy","from":"/spec","path":"/y"},{"op":"replace","path":"/spec/containers/-","value":1}]'],
  ];

  it('applies mutated patches of every type: a PatchError or an object', () => {
    const texts = seeds.map(([type, body]) => `${type} ${body}`);
    expectNoCrash('patches', texts, (input) => {
      const space = input.indexOf(' ');
      const type = input.slice(0, space) as PatchType;
      if (!seeds.some(([t]) => t === type)) return undefined;
      let patch: unknown;
      try {
        patch = JSON.parse(input.slice(space + 1));
      } catch {
        return undefined;
      }
      return applyPatch(type, structuredClone(pod), patch, 'io.k8s.api.core.v1.Pod');
    }, (e) => e instanceof PatchError);
  });
});

