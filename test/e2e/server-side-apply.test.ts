// Server-side apply against `tkctl cluster serve`: the same steps run by real kubectl in one
// namespace and by tkctl in another must print the same lines and leave the same objects.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FIXTURES, HAS_KUBECTL, kubectl, sandbox, serve, tkctl, type Sandbox, type Result } from './harness.js';

let sb: Sandbox;
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  sb = sandbox();
  expect((await tkctl(sb, ['cluster', 'create', 'ssa', '--config', join(FIXTURES, 'clusters/kind.yaml')])).code).toBe(0);
  server = await serve(sb, 'ssa');
  for (const ns of ['by-kubectl', 'by-tkctl']) expect((await kubectl(sb, ['create', 'namespace', ns])).code).toBe(0);
});
afterAll(async () => {
  await server?.stop();
  sb.cleanup();
});

type Tool = (sb: Sandbox, args: string[]) => Promise<Result>;
const DEPLOYMENT = join(FIXTURES, 'nginx-deployment.yaml');

/** What a tool's run leaves behind, without what differs between any two runs. */
function comparable(yamlText: string, ns: string) {
  const obj = parse(yamlText.replaceAll(ns, 'NAMESPACE'));
  const m = obj.metadata;
  return {
    managedFields: (m.managedFields ?? [])
      .filter((f: any) => f.subresource !== 'status')
      .map(({ time: _t, ...f }: any) => f),
    labels: m.labels,
    annotations: m.annotations,
    spec: obj.spec,
  };
}

async function scenario(tool: Tool, ns: string) {
  const steps: Array<Pick<Result, 'code' | 'stdout' | 'stderr'>> = [];
  const step = async (args: string[]) => {
    const r = await tool(sb, [...args, '-n', ns]);
    steps.push({ code: r.code, stdout: r.stdout, stderr: r.stderr });
    return r;
  };
  await step(['apply', '--server-side', '-f', DEPLOYMENT]);
  // The same apply again is a no-op that still reports itself.
  await step(['apply', '--server-side', '-f', DEPLOYMENT]);
  await kubectl(sb, ['scale', 'deployment', 'nginx-deployment', '--replicas=5', '-n', ns]);
  await step(['apply', '--server-side', '-f', DEPLOYMENT]);
  await step(['apply', '--server-side', '--force-conflicts', '-f', DEPLOYMENT]);
  await step(['apply', '--server-side', '--field-manager=other', '-f', DEPLOYMENT]);
  const shown = await tool(sb, ['get', 'deployment', 'nginx-deployment', '-o', 'yaml', '--show-managed-fields', '-n', ns]);
  const hidden = await tool(sb, ['get', 'deployment', 'nginx-deployment', '-o', 'yaml', '-n', ns]);
  expect(shown.code, shown.stderr).toBe(0);
  return { steps, object: comparable(shown.stdout, ns), hidesManagedFields: !hidden.stdout.includes('managedFields') };
}

describe.skipIf(!HAS_KUBECTL)('apply --server-side: tkctl and kubectl on a served cluster', () => {
  it('prints the same lines, conflicts alike, and leaves the same object and managed fields', async () => {
    const byKubectl = await scenario(kubectl, 'by-kubectl');
    const byTkctl = await scenario(tkctl, 'by-tkctl');
    expect(byKubectl.steps[0]).toEqual({ code: 0, stdout: 'deployment.apps/nginx-deployment serverside-applied\n', stderr: '' });
    expect(byKubectl.steps[2].code).toBe(1);
    expect(byKubectl.steps[2].stderr).toMatch(/^error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1: \.spec\.replicas\nPlease review the fields above/);
    expect(byTkctl.steps).toEqual(byKubectl.steps);
    expect(byTkctl.object).toEqual(byKubectl.object);
    expect(byKubectl.object.spec.replicas).toBe(3);
    expect(byKubectl.object.managedFields.map((f: any) => [f.manager, f.operation])).toEqual([['kubectl', 'Apply'], ['other', 'Apply']]);
    expect(byTkctl.hidesManagedFields).toBe(true);
    expect(byKubectl.hidesManagedFields).toBe(true);
  });

  it('migrates from client-side apply without conflicts, as kubectl does', async () => {
    const run = async (tool: Tool, ns: string) => {
      await tool(sb, ['apply', '-f', DEPLOYMENT, '-n', ns, '--validate=false']);
      const ssa = await tool(sb, ['apply', '--server-side', '-f', DEPLOYMENT, '-n', ns]);
      const got = await tool(sb, ['get', 'deployment', 'nginx-deployment', '-o', 'yaml', '--show-managed-fields', '-n', ns]);
      expect(got.code, got.stderr).toBe(0);
      return { ssa: [ssa.code, ssa.stdout, ssa.stderr], object: comparable(got.stdout, ns) };
    };
    for (const ns of ['csa-kubectl', 'csa-tkctl']) await kubectl(sb, ['create', 'namespace', ns]);
    const byKubectl = await run(kubectl, 'csa-kubectl');
    const byTkctl = await run(tkctl, 'csa-tkctl');
    expect(byKubectl.ssa).toEqual([0, 'deployment.apps/nginx-deployment serverside-applied\n', '']);
    expect(byTkctl).toEqual(byKubectl);
  });

  it('prunes what carries the last-applied annotation, matches the selector and was not applied', async () => {
    const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels:\n    app: web\nspec:\n  containers:\n  - name: c\n    image: nginx\n`;
    const run = async (tool: Tool, ns: string) => {
      await kubectl(sb, ['create', 'namespace', ns]);
      await kubectl(sb, ['run', 'stray', '--image=nginx', '-l', 'app=web', '-n', ns]);
      await run0(kubectl, ['apply', '-n', ns, '-f', '-'], pod('old'));
      const pruned = await run1(tool, ['apply', '--prune', '-l', 'app=web', '-n', ns, '-f', '-'], pod('fresh'));
      const left = await kubectl(sb, ['get', 'pods', '-o', 'name', '-n', ns]);
      return { ...pruned, left: left.stdout };
    };
    // Real kubectl cannot prune here yet: its allow-list names ReplicationController, which the
    // embedded API server does not serve ("error retrieving RESTMappings to prune").
    const byTkctl = await run(tkctl, 'prune-tkctl');
    expect(byTkctl.stdout).toBe('pod/fresh created\npod/old pruned\n');
    expect(byTkctl.code).toBe(0);
    expect(byTkctl.left).toBe('pod/fresh\npod/stray\n');
  });
});

async function run1(tool: Tool, args: string[], input: string) {
  const r = await (tool as (sb: Sandbox, args: string[], input?: string) => Promise<Result>)(sb, args, input);
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

async function run0(tool: (sb: Sandbox, args: string[], input?: string) => Promise<Result>, args: string[], input: string) {
  const r = await tool(sb, args, input);
  expect(r.code, r.stderr).toBe(0);
}
