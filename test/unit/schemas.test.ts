import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const schemasDir = join(root, 'schemas');
const readJson = (dir: string, file: string): Record<string, any> => JSON.parse(readFileSync(join(dir, file), 'utf8'));

describe('scripts/gen-schemas.mjs', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'tkctl-schemas-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('generates exactly the committed schemas', () => {
    execFileSync(process.execPath, [join(root, 'scripts/gen-schemas.mjs'), outDir]);
    for (const file of ['definitions.json', 'kinds.json']) {
      expect(readFileSync(join(outDir, file), 'utf8'), `schemas/${file} is stale: run node scripts/gen-schemas.mjs`).toBe(
        readFileSync(join(schemasDir, file), 'utf8'),
      );
    }
  });
});

describe('schemas/definitions.json', () => {
  const definitions = readJson(schemasDir, 'definitions.json');

  it('keeps every definition of the OpenAPI document, without descriptions', () => {
    const swagger = readJson(schemasDir, 'kubernetes-v1.36-swagger.json');
    expect(Object.keys(definitions).sort()).toEqual(Object.keys(swagger.definitions).sort());
    const described: string[] = [];
    const visit = (node: Record<string, any>, path: string): void => {
      if ('description' in node) described.push(path);
      for (const [name, property] of Object.entries(node.properties ?? {})) visit(property as Record<string, any>, `${path}.${name}`);
      if (node.items) visit(node.items, `${path}[]`);
      if (typeof node.additionalProperties === 'object') visit(node.additionalProperties, `${path}{}`);
    };
    for (const [name, definition] of Object.entries(definitions)) visit(definition, name);
    expect(described).toEqual([]);
  });

  it('keeps patch strategies and merge keys, with bare $ref names', () => {
    const podSpec = definitions['io.k8s.api.core.v1.PodSpec'];
    expect(podSpec.properties.containers).toEqual({
      items: { $ref: 'io.k8s.api.core.v1.Container' },
      type: 'array',
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(podSpec.properties.volumes['x-kubernetes-patch-strategy']).toBe('merge,retainKeys');
    expect(podSpec.required).toEqual(['containers']);
    expect(definitions['io.k8s.api.apps.v1.DeploymentSpec'].properties.strategy).toEqual({
      $ref: 'io.k8s.api.apps.v1.DeploymentStrategy',
      'x-kubernetes-patch-strategy': 'retainKeys',
    });
    expect(definitions['io.k8s.api.core.v1.Container'].properties.ports['x-kubernetes-patch-merge-key']).toBe('containerPort');
  });

  it('keeps formats and the other x-kubernetes extensions', () => {
    expect(definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toEqual({ format: 'int-or-string', type: 'string' });
    expect(definitions['io.k8s.api.core.v1.ConfigMap'].properties.data).toEqual({
      additionalProperties: { type: 'string' },
      type: 'object',
    });
    expect(definitions['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
  });
});

describe('schemas/kinds.json', () => {
  const kinds = readJson(schemasDir, 'kinds.json');

  it('maps group/version/Kind to the definition, the core group written as v1/Kind', () => {
    expect(kinds['v1/Pod']).toBe('io.k8s.api.core.v1.Pod');
    expect(kinds['v1/ConfigMap']).toBe('io.k8s.api.core.v1.ConfigMap');
    expect(kinds['apps/v1/Deployment']).toBe('io.k8s.api.apps.v1.Deployment');
    expect(kinds['batch/v1/CronJob']).toBe('io.k8s.api.batch.v1.CronJob');
    expect(kinds['apiextensions.k8s.io/v1/CustomResourceDefinition']).toBe(
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    );
  });

  it('lists every kind of a definition that serves several group versions', () => {
    expect(kinds['v1/DeleteOptions']).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions');
    expect(kinds['apps/v1/DeleteOptions']).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions');
  });
});
