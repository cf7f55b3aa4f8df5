#!/usr/bin/env node
// Generates fixtures/broken/: manifests made from the valid fixtures by breaking one thing each
// (unknown fields, wrong types, missing required fields, bad quantities, bad names, YAML syntax),
// and fixtures/broken/expected.jsonl (not a manifest extension, so -R skips it): for each file, the line kube-apiserver's answer makes kubectl
// print for `apply -f` (written out here from Kubernetes' wording, not from tkctl's validator), or
// for YAML errors the beginning of kubectl's parse error.
//
// Usage: node scripts/gen-broken-manifests.mjs   (run from anywhere; paths in messages are relative to the project)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'fixtures/broken');
const load = (name) => parse(readFileSync(join(root, 'fixtures', name), 'utf8'));
const bases = {
  pod: load('nginx-pod.yaml'),
  deployment: load('nginx-deployment.yaml'),
  service: load('hostname-service.yaml'),
  namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
};

const QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_SUFFIX = "unable to parse quantity's suffix";
const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** "spec.containers[0].ports[0]" -> ["spec", "containers", 0, "ports", 0] */
const segments = (path) => (path ? path.split('.').flatMap((p) => p.split(/\[(\d+)\]/).filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s))) : []);

function setAt(obj, path, value) {
  const segs = segments(path);
  let node = obj;
  for (const s of segs.slice(0, -1)) node = node[s] ??= {};
  node[segs[segs.length - 1]] = value;
}

function deleteAt(obj, path) {
  const segs = segments(path);
  let node = obj;
  for (const s of segs.slice(0, -1)) node = node[s];
  delete node[segs[segs.length - 1]];
}

function getAt(obj, path) {
  return segments(path).reduce((node, s) => node[s], obj);
}

const cases = [];
function add(slug, comment, text, expected) {
  cases.push({ slug, comment, text, expected });
}
const source = (n) => `fixtures/broken/${String(n).padStart(3, '0')}`;
const badRequest = (kind, version, reason) => (file) => `Error from server (BadRequest): error when creating "${file}": ${kind} in version "${version}" cannot be handled as a ${kind}: ${reason}`;
const invalid = (kind, name, causes) => () => `The ${kind} "${name}" is invalid: ${causes}`;
const versionOf = (obj) => obj.apiVersion.split('/').pop();

// Unknown fields: a misspelt key in every struct of each kind.
const structPaths = {
  pod: ['', 'metadata', 'spec', 'spec.containers[0]', 'spec.containers[0].ports[0]'],
  deployment: ['', 'metadata', 'spec', 'spec.selector', 'spec.template', 'spec.template.metadata', 'spec.template.spec', 'spec.template.spec.containers[0]', 'spec.template.spec.containers[0].ports[0]'],
  service: ['', 'metadata', 'spec', 'spec.ports[0]'],
};
const typos = ['colour', 'lables', 'containerPorts', 'replica', 'Name', 'imagePullPolicies'];
for (const [base, paths] of Object.entries(structPaths)) {
  for (const path of paths) {
    for (const typo of typos) {
      const obj = structuredClone(bases[base]);
      const target = path ? getAt(obj, path) : obj;
      target[typo] = 'x';
      const field = path ? `${path}.${typo}` : typo;
      add(`unknown-${base}-${typo}`, `unknown field ${field}`, stringify(obj), badRequest(obj.kind, versionOf(obj), `strict decoding error: unknown field "${field}"`));
    }
  }
}

// Wrong types: [path, Go struct, Go field path, Go type] and the values that miss it.
const intValues = [['eighty', 'string'], [true, 'bool'], [[80], 'array'], [{ port: 80 }, 'object'], [1.5, 'number 1.5']];
const int32Values = [...intValues, [3000000000, 'number 3000000000']];
const stringValues = [[80, 'number'], [true, 'bool'], [['nginx'], 'array'], [{ name: 'nginx' }, 'object']];
const boolValues = [['sure', 'string'], [1, 'number'], [[true], 'array']];
const containerValues = [['nginx', 'string'], [5, 'number'], [{ name: 'nginx' }, 'object']];
const structValues = [['nginx', 'string'], [5, 'number'], [[], 'array']];
const mapValues = [['app=nginx', 'string'], [['app'], 'array']];
const typed = {
  pod: [
    ['spec.containers[0].ports[0].containerPort', 'ContainerPort', 'spec.containers.ports.containerPort', 'int32', int32Values],
    ['spec.containers[0].image', 'Container', 'spec.containers.image', 'string', stringValues],
    ['spec.containers[0].name', 'Container', 'spec.containers.name', 'string', stringValues],
    ['metadata.name', 'ObjectMeta', 'metadata.name', 'string', stringValues],
    ['spec.containers', 'PodSpec', 'spec.containers', '[]v1.Container', containerValues],
    ['spec', 'Pod', 'spec', 'v1.PodSpec', structValues],
    ['metadata.labels', 'ObjectMeta', 'metadata.labels', 'map[string]string', mapValues],
    ['metadata.labels.app', 'ObjectMeta', 'metadata.labels', 'string', stringValues],
    ['spec.hostNetwork', 'PodSpec', 'spec.hostNetwork', 'bool', boolValues],
    ['spec.terminationGracePeriodSeconds', 'PodSpec', 'spec.terminationGracePeriodSeconds', 'int64', intValues],
  ],
  deployment: [
    ['spec.replicas', 'DeploymentSpec', 'spec.replicas', 'int32', int32Values],
    ['spec.template.spec.containers[0].ports[0].containerPort', 'ContainerPort', 'spec.template.spec.containers.ports.containerPort', 'int32', intValues],
    ['spec.selector.matchLabels', 'LabelSelector', 'spec.selector.matchLabels', 'map[string]string', mapValues],
    ['spec.paused', 'DeploymentSpec', 'spec.paused', 'bool', boolValues],
    ['spec.minReadySeconds', 'DeploymentSpec', 'spec.minReadySeconds', 'int32', intValues],
    ['spec.strategy', 'DeploymentSpec', 'spec.strategy', 'v1.DeploymentStrategy', structValues],
    ['spec.template.spec.containers[0].image', 'Container', 'spec.template.spec.containers.image', 'string', stringValues],
  ],
  service: [
    ['spec.ports[0].port', 'ServicePort', 'spec.ports.port', 'int32', int32Values],
    ['spec.ports[0].nodePort', 'ServicePort', 'spec.ports.nodePort', 'int32', intValues],
    ['spec.selector', 'ServiceSpec', 'spec.selector', 'map[string]string', mapValues],
    ['spec.clusterIP', 'ServiceSpec', 'spec.clusterIP', 'string', stringValues],
  ],
};
for (const [base, fields] of Object.entries(typed)) {
  for (const [path, struct, goField, goType, values] of fields) {
    for (const [value, word] of values) {
      const obj = structuredClone(bases[base]);
      setAt(obj, path, value);
      const reason = `json: cannot unmarshal ${word} into Go struct field ${struct}.${goField} of type ${goType}`;
      add(`type-${base}-${path.replace(/\W+/g, '-')}`, `${path}: ${JSON.stringify(value)}`, stringify(obj), badRequest(obj.kind, versionOf(obj), reason));
    }
  }
}

// Missing required fields.
const requiredCases = [
  ['pod', 'spec.containers[0].name'],
  ['pod', 'spec.containers'],
  ['pod', 'spec.containers[0].ports[0].containerPort'],
  ['deployment', 'spec.template.spec.containers[0].name'],
  ['deployment', 'spec.template.spec.containers'],
  ['deployment', 'spec.template.spec.containers[0].ports[0].containerPort'],
];
for (const [base, path] of requiredCases) {
  const obj = structuredClone(bases[base]);
  deleteAt(obj, path);
  add(`required-${base}-${path.replace(/\W+/g, '-')}`, `no ${path}`, stringify(obj), invalid(obj.kind, obj.metadata.name, `${path}: Required value`));
}

// Bad quantities, as requests and limits of the first container.
const quantities = [
  ['1x', QUANTITY_FORMAT], ['one', QUANTITY_FORMAT], ['1Gb', QUANTITY_FORMAT], ['1KiB', QUANTITY_FORMAT], ['', QUANTITY_FORMAT],
  ['1.2.3', QUANTITY_FORMAT], ['1 Gi', QUANTITY_FORMAT], [true, QUANTITY_FORMAT], ['1MM', QUANTITY_SUFFIX], ['1e', QUANTITY_SUFFIX],
  ['2mm', QUANTITY_SUFFIX], ['1Mi5', QUANTITY_SUFFIX],
];
const containerOf = { pod: 'spec.containers[0]', deployment: 'spec.template.spec.containers[0]' };
for (const [base, container] of Object.entries(containerOf)) {
  for (const [i, [value, message]] of quantities.entries()) {
    const obj = structuredClone(bases[base]);
    const resource = i % 2 ? 'limits.memory' : 'requests.cpu';
    setAt(obj, `${container}.resources.${resource}`, value);
    add(`quantity-${base}`, `${resource}: ${JSON.stringify(value)}`, stringify(obj), badRequest(obj.kind, versionOf(obj), message));
  }
}

// Bad names, under each kind's name rule.
const names = [
  ['pod', 'Nginx', [SUBDOMAIN]], ['pod', 'nginx_1', [SUBDOMAIN]], ['pod', '-nginx', [SUBDOMAIN]], ['pod', 'nginx-', [SUBDOMAIN]],
  ['pod', 'nginx..web', [SUBDOMAIN]], ['pod', 'a'.repeat(254), ['must be no more than 253 characters']],
  ['deployment', 'Nginx-Deployment', [SUBDOMAIN]], ['deployment', 'nginx deployment', [SUBDOMAIN]],
  ['service', '1svc', [DNS1035]], ['service', 'my.svc', [DNS1035]], ['service', 'My-svc', [DNS1035]], ['service', 'svc-', [DNS1035]],
  ['namespace', 'team.a', ['must not contain dots']], ['namespace', 'Team', [LABEL]],
];
for (const [base, name, details] of names) {
  const obj = structuredClone(bases[base]);
  obj.metadata.name = name;
  const causes = details.map((d) => `metadata.name: Invalid value: ${JSON.stringify(name)}: ${d}`).join('');
  add(`name-${base}`, `name ${JSON.stringify(name.slice(0, 40))}`, stringify(obj), invalid(obj.kind, name, causes));
}

// YAML that does not parse: kubectl stops before sending anything.
const podText = stringify(bases.pod);
const syntax = [
  ['tab-indent', podText.replace('  name: nginx\n', '\tname: nginx\n')],
  ['unclosed-quote', podText.replace('image: nginx', 'image: "nginx')],
  ['unclosed-flow', podText.replace('name: nginx\nspec', 'name: nginx\n  labels: {app: nginx\nspec')],
  ['bad-indent', podText.replace('spec:\n', 'spec:\n containers-x: 1\n')],
  ['duplicate-key', podText.replace('kind: Pod\n', 'kind: Pod\nkind: Pod\n')],
  ['stray-colon', podText.replace('image: nginx', 'image: nginx: latest')],
];
for (const [slug, text] of syntax) {
  add(`yaml-${slug}`, `YAML: ${slug}`, text, (file) => ({ prefix: `error: error parsing ${file}: error converting YAML to JSON: yaml: ` }));
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const expected = cases.map(({ slug, comment, text, expected: message }, i) => {
  const file = `${source(i + 1)}-${slug}.yaml`;
  writeFileSync(join(root, file), `# Broken on purpose: ${comment}\n${text}`);
  const want = message(file);
  return JSON.stringify(typeof want === 'string' ? { file, message: want } : { file, ...want });
});
writeFileSync(join(outDir, 'expected.jsonl'), expected.join('\n') + '\n');
console.log(`${cases.length} broken manifests in ${outDir}`);
