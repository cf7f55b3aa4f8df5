// `tkctl cluster create|list|delete` and kind configs.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FIXTURES, sandbox, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
beforeAll(() => {
  sb = sandbox();
});
afterAll(() => sb.cleanup());

describe('tkctl cluster', () => {
  it('creates a cluster from a kind config with kind\'s node names, and registers a 0600 context', async () => {
    const r = await tkctl(sb, ['cluster', 'create', 'local', '--config', join(FIXTURES, 'clusters/kind-worker-ports.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Set kubectl context to "tkctl-local"');
    expect(statSync(sb.kubeconfig).mode & 0o777).toBe(0o600);
    const kc = parse(readFileSync(sb.kubeconfig, 'utf8'));
    expect(kc['current-context']).toBe('tkctl-local');
    expect(kc.clusters[0].cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const nodes = await tkctl(sb, ['get', 'nodes', '-o', 'name']);
    expect(nodes.stdout).toBe('node/local-control-plane\nnode/local-worker\nnode/local-worker2\n');
    const taints = JSON.parse((await tkctl(sb, ['get', 'node', 'local-control-plane', '-o', 'json'])).stdout).spec.taints;
    expect(taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    for (const f of ['state.db', 'server.key', 'cluster.json']) {
      expect(statSync(join(sb.env.TKCTL_HOME!, 'clusters/local', f)).mode & 0o777).toBe(0o600);
    }
  });

  it('refuses the seeds\' "controle-plane" typo, an unknown field and a duplicate name, creating nothing', async () => {
    const typo = await tkctl(sb, ['cluster', 'create', 'typo', '--config', join(FIXTURES, 'invalid/kind-role-typo.yaml')]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/error: invalid cluster config ".*kind-role-typo\.yaml": nodes\[0\]\.role: Unsupported value: "controle-plane": supported values: "control-plane", "worker"\n$/);
    const unknown = await tkctl(sb, ['cluster', 'create', 'odd', '--config', join(FIXTURES, 'nginx-pod.yaml')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/error: invalid cluster config ".*nginx-pod\.yaml": kind: Unsupported value: "Pod": supported values: "Cluster"\n$/);
    const dup = await tkctl(sb, ['cluster', 'create', 'local']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/error: node\(s\) already exist for a cluster with the name "local"\n$/);
    expect(existsSync(join(sb.env.TKCTL_HOME!, 'clusters/typo'))).toBe(false);
    expect((await tkctl(sb, ['cluster', 'list'])).stdout).toBe('local\n');
  });

  it('deletes a cluster and its context', async () => {
    await tkctl(sb, ['cluster', 'create', 'second']);
    expect((await tkctl(sb, ['cluster', 'list'])).stdout).toBe('local\nsecond\n');
    const r = await tkctl(sb, ['cluster', 'delete', 'second']);
    expect(r.code).toBe(0);
    expect((await tkctl(sb, ['cluster', 'list'])).stdout).toBe('local\n');
    const kc = parse(readFileSync(sb.kubeconfig, 'utf8'));
    expect(kc.contexts.map((c: any) => c.name)).toEqual(['tkctl-local']);
    expect(kc['current-context']).toBe('');
    const gone = await tkctl(sb, ['cluster', 'delete', 'second']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/error: cluster "second" not found\n$/);
  });
});
