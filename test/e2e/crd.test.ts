// CustomResourceDefinitions end to end: real kubectl and tkctl against `tkctl cluster serve`, and
// tkctl alone on the in-process backend (another process made the CRD: the kind appears anyway).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HAS_KUBECTL, kubectl, sandbox, serve, tkctl, type Sandbox } from './harness.js';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames: [ct]
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        description: A cron table.
        properties:
          spec:
            type: object
            description: What to run and when.
            properties:
              cronSpec:
                type: string
              image:
                type: string
              replicas:
                type: integer
    additionalPrinterColumns:
    - name: Spec
      type: string
      jsonPath: .spec.cronSpec
    - name: Replicas
      type: integer
      jsonPath: .spec.replicas
    - name: Age
      type: date
      jsonPath: .metadata.creationTimestamp
`;

const CRONTAB = `apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: my-new-cron-object
spec:
  cronSpec: "* * * * */5"
  image: my-awesome-cron-image
  replicas: 2
`;

const TYPO = `apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: typo
spec:
  cronSpec: "* * * * */5"
  imgae: my-awesome-cron-image
`;

const STRICT_ERROR = 'Error from server (BadRequest): error when creating "typo.yaml": CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec.imgae"\n';

/** Ages differ by the second the two commands ran in; the rest must be equal. */
const withoutAges = (s: string) => s.replace(/\b\d+(s|m|h|d)\b/g, 'AGE').replace(/ +/g, ' ');

function files(sb: Sandbox): { crd: string; crontab: string; typo: string } {
  const crd = join(sb.dir, 'crd.yaml');
  const crontab = join(sb.dir, 'crontab.yaml');
  const typo = join(sb.dir, 'typo.yaml');
  writeFileSync(crd, CRD);
  writeFileSync(crontab, CRONTAB);
  writeFileSync(typo, TYPO);
  return { crd, crontab, typo };
}

describe.skipIf(!HAS_KUBECTL)('CRDs on the served API: real kubectl and tkctl', () => {
  let sb: Sandbox;
  let server: Awaited<ReturnType<typeof serve>>;
  let f: ReturnType<typeof files>;

  beforeAll(async () => {
    sb = sandbox();
    expect((await tkctl(sb, ['cluster', 'create', 'crds'])).code).toBe(0);
    server = await serve(sb, 'crds');
    f = files(sb);
  });
  afterAll(async () => {
    await server?.stop();
    sb.cleanup();
  });

  it('applies a CRD and waits for it to be established', async () => {
    const applied = await kubectl(sb, ['apply', '-f', f.crd]);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n');
    const waited = await kubectl(sb, ['wait', '--for', 'condition=established', 'crd/crontabs.stable.example.com', '--timeout=10s']);
    expect(waited.stdout).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com condition met\n');
  });

  it('creates a custom resource and prints its printer columns the same in both tools', async () => {
    const created = await kubectl(sb, ['apply', '-f', f.crontab]);
    expect(created.stdout).toBe('crontab.stable.example.com/my-new-cron-object created\n');
    const [k, t] = await Promise.all([kubectl(sb, ['get', 'crontabs']), tkctl(sb, ['get', 'crontabs'])]);
    expect(k.stdout).toMatch(/^NAME {17}SPEC {10}REPLICAS {3}AGE\nmy-new-cron-object {3}\* \* \* \* \*\/5 {3}2 {10}\d+s\n$/);
    expect(withoutAges(t.stdout)).toBe(withoutAges(k.stdout));
    const [ks, ts] = await Promise.all([kubectl(sb, ['get', 'ct', 'my-new-cron-object', '-o', 'yaml']), tkctl(sb, ['get', 'ct', 'my-new-cron-object', '-o', 'yaml'])]);
    expect(ts.stdout).toBe(ks.stdout);
    const resources = await kubectl(sb, ['api-resources', '--api-group=stable.example.com']);
    expect(resources.stdout).toBe('NAME       SHORTNAMES   APIVERSION              NAMESPACED   KIND\ncrontabs   ct           stable.example.com/v1   true         CronTab\n');
  });

  it('explains the kind from its schema', async () => {
    const explained = await kubectl(sb, ['explain', 'crontab.spec']);
    expect(explained.stderr).toBe('');
    expect(explained.stdout).toContain('GROUP:      stable.example.com\nKIND:       CronTab\nVERSION:    v1\n');
    expect(explained.stdout).toContain('What to run and when.');
    expect(explained.stdout).toMatch(/cronSpec\s+<string>/);
  });

  it('refuses an unknown field with the strict decoding error, in both tools', async () => {
    const [k, t] = await Promise.all([kubectl(sb, ['apply', '-f', f.typo]), tkctl(sb, ['apply', '-f', f.typo])]);
    expect(k.code).toBe(1);
    expect(k.stderr.replace(f.typo, 'typo.yaml')).toBe(STRICT_ERROR);
    expect(t.code).toBe(1);
    expect(t.stderr.replace(f.typo, 'typo.yaml')).toBe(STRICT_ERROR);
  });

  it('deleting the CRD deletes its custom resources', async () => {
    const deleted = await kubectl(sb, ['delete', 'crd', 'crontabs.stable.example.com']);
    expect(deleted.stdout).toBe('customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\n');
    const t = await tkctl(sb, ['get', 'crontabs']);
    expect(t.stderr).toBe('error: the server doesn\'t have a resource type "crontabs"\n');
    expect((await kubectl(sb, ['apply', '-f', f.crd])).code).toBe(0);
    const again = await tkctl(sb, ['get', 'crontabs']);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe('No resources found in default namespace.\n');
  });
});

describe('CRDs on the in-process backend', () => {
  let sb: Sandbox;
  beforeAll(() => {
    sb = sandbox();
  });
  afterAll(() => sb.cleanup());

  it('serves a kind another process defined', async () => {
    const f = files(sb);
    expect((await tkctl(sb, ['apply', '-f', f.crd])).stdout).toContain('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n');
    expect((await tkctl(sb, ['apply', '-f', f.crontab])).stdout).toBe('crontab.stable.example.com/my-new-cron-object created\n');
    const got = await tkctl(sb, ['get', 'ct']);
    expect(got.stdout).toMatch(/^NAME {17}SPEC {10}REPLICAS {3}AGE\nmy-new-cron-object {3}\* \* \* \* \*\/5 {3}2 {10}\d+s\n$/);
    const typo = await tkctl(sb, ['apply', '-f', f.typo]);
    expect(typo.stderr.replace(f.typo, 'typo.yaml')).toBe(STRICT_ERROR);
  });
});
