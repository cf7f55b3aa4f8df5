// Manifest validation: the generated JSON Schemas, kube-apiserver's wording for every problem, and
// the broken-manifest corpus of fixtures/broken (scripts/gen-broken-manifests.mjs).
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CliError, formatError } from '../../src/client/errors.js';
import { readManifests } from '../../src/manifests.js';
import { base64Error } from '../../src/validation/base64.js';
import { checkManifests } from '../../src/validation/manifests.js';
import { quantityError } from '../../src/validation/quantity.js';
import { validateObject } from '../../src/validation/validate.js';
import { formatFindings, validateText } from '../../src/validation/validate-files.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const pod = (spec: Record<string, unknown>, name = 'nginx') => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });
const messages = (obj: Record<string, unknown>) => validateObject(obj)!.map((p) => p.message);

describe('generated JSON Schemas', () => {
  it('are what scripts/gen-json-schemas.mjs generates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'json-schemas-'));
    try {
      execFileSync(process.execPath, [join(ROOT, 'scripts/gen-json-schemas.mjs'), dir]);
      const committed = readdirSync(join(ROOT, 'schemas/json')).sort();
      expect(readdirSync(dir).sort()).toEqual(committed);
      for (const f of committed) expect(readFileSync(join(dir, f), 'utf8'), f).toBe(readFileSync(join(ROOT, 'schemas/json', f), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('close typed structs, keep maps open and mark the custom formats', () => {
    const core = JSON.parse(readFileSync(join(ROOT, 'schemas/json/v1.json'), 'utf8'));
    expect(core.definitions['io.k8s.api.core.v1.ContainerPort'].additionalProperties).toBe(false);
    expect(core.definitions['io.k8s.api.core.v1.ContainerPort'].required).toEqual(['containerPort']);
    expect(core.definitions['io.k8s.apimachinery.pkg.api.resource.Quantity']).toEqual({ format: 'quantity' });
    expect(core.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toEqual({ format: 'int-or-string', 'x-kubernetes-int-or-string': true });
    expect(core.definitions['io.k8s.api.core.v1.PodSpec'].properties.containers['x-kubernetes-patch-merge-key']).toBe('name');
    expect(core.kinds.Service.properties.metadata.properties.name.format).toBe('dns-1035-label');
    expect(core.kinds.Namespace.properties.metadata.properties.name.format).toBe('dns-1123-label');
  });
});

describe('validateObject', () => {
  it('passes every valid fixture', async () => {
    const files = readdirSync(join(ROOT, 'fixtures')).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, 'fixtures', f));
    for (const m of await readManifests(files)) expect(validateObject(m.object), m.source).toEqual([]);
  });

  it('catches the seeds’ containerPorts typo with the strict decoder’s path', async () => {
    const [m] = await readManifests([join(ROOT, 'fixtures/invalid/pod-containerPorts.yaml')]);
    expect(messages(m.object)).toEqual(['unknown field "spec.containers[0].ports[0].containerPorts"', 'Required value']);
  });

  it('words type errors as encoding/json does: innermost struct, field path without indexes', () => {
    expect(messages(pod({ containers: [{ name: 'a', ports: [{ containerPort: '80' }] }] }))).toEqual([
      'json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
    ]);
    expect(messages(pod({ containers: [{ name: 'a' }], terminationGracePeriodSeconds: 1.5 }))).toEqual([
      'json: cannot unmarshal number 1.5 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64',
    ]);
    expect(messages({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 5 } })).toEqual([
      'json: cannot unmarshal number into Go struct field Secret.data of type []uint8',
    ]);
  });

  it('takes null as the zero value and does not look inside a value of the wrong type', () => {
    expect(messages(pod({ containers: [{ name: 'a', ports: null, image: null }], nodeSelector: null }))).toEqual([]);
    expect(messages(pod({ containers: 'nginx' }))).toEqual(['json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container']);
  });

  it('reads quantities and int-or-strings as their unmarshalers do', () => {
    const limits = (cpu: unknown) => pod({ containers: [{ name: 'a', resources: { limits: { cpu } } }] });
    expect(messages(limits('500m'))).toEqual([]);
    expect(messages(limits(0.5))).toEqual([]);
    expect(messages(limits(' 1 '))).toEqual([]);
    expect(messages(limits('1x'))).toEqual([FORMAT]);
    expect(messages(limits({ a: 1 }))).toEqual([FORMAT]);
    const svc = (targetPort: unknown) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort }] } });
    expect(messages(svc('http'))).toEqual([]);
    expect(messages(svc(8080))).toEqual([]);
    expect(messages(svc(true))).toEqual(['json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32']);
  });

  it('checks names under the kind’s rule, RBAC names as path segments', () => {
    expect(messages({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:controller:x' } })).toEqual([]);
    expect(messages({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'a/b' } })).toEqual([`Invalid value: "a/b": may not contain '/'`]);
  });

  it('has no opinion on kinds without a schema', () => {
    expect(validateObject({ apiVersion: 'example.com/v1', kind: 'Widget', spec: { anything: true } })).toBeUndefined();
    expect(validateObject({ apiVersion: '../../etc/v1', kind: 'Pod' })).toBeUndefined();
  });
});

describe('quantityError and base64Error', () => {
  it('give ParseQuantity’s format and suffix errors', () => {
    for (const ok of ['0', '1', '1.5', '100m', '1Gi', '1e3', '1E-3', '.5', '+1k', '-1']) expect(quantityError(ok), ok).toBeUndefined();
    for (const wrong of ['', 'abc', '1Gb', '1.2.3', '1 Gi']) expect(quantityError(wrong), wrong).toBe(FORMAT);
    for (const suffix of ['1MM', '1e', '1Mi5', '2mm']) expect(quantityError(suffix), suffix).toBe("unable to parse quantity's suffix");
  });

  it('reports the input byte base64.StdEncoding stops at', () => {
    expect(base64Error('aGVsbG8=')).toBeUndefined();
    expect(base64Error('aGVs\nbG8=')).toBeUndefined();
    expect(base64Error('hello!')).toBe('illegal base64 data at input byte 5');
    expect(base64Error('abc')).toBe('illegal base64 data at input byte 0');
    // After a first '=', Go expects a second one and blames the byte before the stray one.
    expect(base64Error('ab=c')).toBe('illegal base64 data at input byte 2');
  });
});

describe('checkManifests (apply, create, replace)', () => {
  it('gives the server’s 400 with kubectl’s source, and the 422 as kubectl prints it', async () => {
    const manifests = await readManifests([join(ROOT, 'fixtures/invalid/pod-containerPorts.yaml')]);
    const strict = checkManifests(manifests, 'Strict', 'creating');
    expect(strict.errors.map(formatError)).toEqual([
      `Error from server (BadRequest): error when creating "${manifests[0].source}": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].ports[0].containerPorts"`,
    ]);
    const warn = checkManifests(manifests, 'Warn', 'creating');
    expect(warn.warnings).toEqual(['unknown field "spec.containers[0].ports[0].containerPorts"']);
    expect(warn.errors.map(formatError)).toEqual(['The Pod "nginx" is invalid: spec.containers[0].ports[0].containerPort: Required value']);
    expect(checkManifests(manifests, 'Ignore', 'creating')).toEqual({ errors: [], warnings: [] });
  });

  it('lists every unknown field in one strict decoding error, and the Deployment’s 422 under its group', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'a' }] } } } };
    const [error] = checkManifests([{ source: 'd.yaml', object: deployment }], 'Strict', 'replacing').errors;
    expect(error.message).toBe('error when replacing "d.yaml": Deployment.apps "web" is invalid: spec.selector: Required value');
    expect(formatError(error)).toBe('The Deployment "web" is invalid: spec.selector: Required value');
    const twoTypos = pod({ containers: [{ name: 'a' }], colour: 1, size: 2 });
    expect(formatError(checkManifests([{ source: 'p.yaml', object: twoTypos }], 'Strict', 'creating').errors[0])).toBe(
      'Error from server (BadRequest): error when creating "p.yaml": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.colour", unknown field "spec.size"',
    );
  });

  it('prefers a custom unmarshaler’s error to an earlier type error, as encoding/json returns it at once', () => {
    const both = pod({ containers: [{ name: 5, resources: { limits: { cpu: 'x' } } }] });
    expect(checkManifests([{ source: 'p.yaml', object: both }], 'Strict', 'creating').errors[0].message).toBe(
      `error when creating "p.yaml": Pod in version "v1" cannot be handled as a Pod: ${FORMAT}`,
    );
  });
});

describe('the broken-manifest corpus', () => {
  const expected = readFileSync(join(ROOT, 'fixtures/broken/expected.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; message?: string; prefix?: string });

  it('has at least 200 manifests, one expectation each', () => {
    expect(expected.length).toBeGreaterThanOrEqual(200);
    expect(readdirSync(join(ROOT, 'fixtures/broken')).filter((f) => f.endsWith('.yaml')).length).toBe(expected.length);
  });

  it('gives each its precise message', async () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      for (const { file, message, prefix } of expected) {
        let lines: string[];
        try {
          const checked = checkManifests(await readManifests([file]), 'Strict', 'creating');
          lines = checked.errors.map(formatError);
        } catch (e) {
          expect(e, file).toBeInstanceOf(CliError);
          lines = [(e as CliError).message];
        }
        if (prefix) expect(lines[0], file).toMatch(new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        else expect(lines, file).toEqual([message]);
      }
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('validateText (tkctl validate)', () => {
  it('reports every problem of every document with its line, and YAML errors without stopping', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web',
      'spec:',
      '  containers:',
      '  - image: nginx',
      '    ports:',
      '    - containerPort: "80"',
      '---',
      'kind: Service',
      'apiVersion: v1',
      'metadata: {name: "1svc"}',
      '---',
      'a: [1',
      '---',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata: {name: c}',
      '  dta: {}',
    ].join('\n');
    const { documents, findings } = validateText(text, 'm.yaml');
    expect(documents).toBe(4);
    expect(findings.map((f) => [f.document, f.line, f.type, f.path])).toEqual([
      [1, 9, 'DecodeError', 'spec.containers[0].ports[0].containerPort'],
      [1, 7, 'Invalid', 'spec.containers[0].name'],
      [2, 13, 'Invalid', 'metadata.name'],
      [3, 16, 'YAMLError', ''],
      [4, 23, 'UnknownField', 'items[0].dta'],
    ]);
    expect(formatFindings(findings).split('\n').slice(0, 2)).toEqual([
      'm.yaml:9: document 1 (Pod web): spec.containers[0].ports[0].containerPort: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
      'm.yaml:7: document 1 (Pod web): spec.containers[0].name: Required value',
    ]);
  });
});
