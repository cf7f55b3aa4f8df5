// Validation as users meet it: `tkctl validate` without a cluster, and apply/create refusing a
// file with a bad document before anything is written.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, sandbox, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
beforeAll(() => {
  sb = sandbox();
});
afterAll(() => sb.cleanup());

const expected = readFileSync(join(FIXTURES, 'broken/expected.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; message?: string; prefix?: string });

describe('tkctl validate', () => {
  it('passes the valid fixtures without a kubeconfig or a cluster', async () => {
    const r = await tkctl(sb, ['validate', '-f', join(FIXTURES, 'nginx-pod.yaml'), '-f', join(FIXTURES, 'backend-team-deployment.yaml')]);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(existsSync(sb.kubeconfig)).toBe(false);
  });

  it('names file, line, document and path, exit 1', async () => {
    const file = join(FIXTURES, 'invalid/pod-containerPorts.yaml');
    const r = await tkctl(sb, ['validate', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      `${file}:11: document 1 (Pod nginx): unknown field "spec.containers[0].ports[0].containerPorts"\n` +
      `${file}:11: document 1 (Pod nginx): spec.containers[0].ports[0].containerPort: Required value\n`,
    );
  });

  it('reports every broken manifest of a directory, as JSON with -o json', async () => {
    const r = await tkctl(sb, ['validate', '-R', '-f', join(FIXTURES, 'broken'), '-o', 'json']);
    expect(r.code).toBe(1);
    const { documents, findings } = JSON.parse(r.stdout);
    const files = new Set(findings.map((f: { file: string }) => f.file));
    expect(files.size).toBe(expected.length);
    expect(documents).toBeGreaterThanOrEqual(expected.length - 6);
    expect(existsSync(sb.kubeconfig)).toBe(false);
  });
});

describe('apply and create validate every document first', () => {
  it('applies none of a multi-document file with one bad document', async () => {
    const file = join(sb.dir, 'two.yaml');
    writeFileSync(file, readFileSync(join(FIXTURES, 'nginx-service.yaml'), 'utf8') + '---\n' + readFileSync(join(FIXTURES, 'invalid/pod-containerPorts.yaml'), 'utf8'));
    const r = await tkctl(sb, ['apply', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`Error from server (BadRequest): error when creating "${file}": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].ports[0].containerPorts"\n`);
    expect((await tkctl(sb, ['get', 'services', 'nginx-service'])).code).toBe(1);
  });

  it('warns with --validate=warn and skips with --validate=false', async () => {
    const file = join(FIXTURES, 'invalid/pod-containerPorts.yaml');
    const warn = await tkctl(sb, ['create', '-f', file, '--validate=warn']);
    expect(warn.stderr).toBe('Warning: unknown field "spec.containers[0].ports[0].containerPorts"\nThe Pod "nginx" is invalid: spec.containers[0].ports[0].containerPort: Required value\n');
    expect(warn.code).toBe(1);
  });

  it('gives a sample of the corpus its precise message, exit 1, and writes nothing', async () => {
    const sample = expected.filter((_, i) => i % 12 === 0);
    for (const { file, message, prefix } of sample) {
      // The corpus' paths are relative to the project root, tkctl's working directory here.
      const r = await tkctl(sb, ['apply', '-f', file]);
      expect(r.code, file).toBe(1);
      if (prefix) expect(r.stderr.startsWith(prefix), file).toBe(true);
      else expect(r.stderr, file).toBe(message + '\n');
    }
    const left = await tkctl(sb, ['get', 'pods,deployments,services', '-A', '-o', 'name']);
    expect(left.stdout).toBe('service/kubernetes\n');
  });
});
