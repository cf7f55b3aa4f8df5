// Shell completion as cobra does it: `tkctl __complete WORDS...` answers candidates from the
// cluster and the kubeconfig, and `tkctl completion bash` is a script that asks it, run here in a
// real bash.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, run, sandbox, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = sandbox();
  for (const name of ['web', 'worker']) expect((await tkctl(sb, ['run', name, '--image=nginx'])).code).toBe(0);
  expect((await tkctl(sb, ['config', 'set-context', 'staging', '--cluster=elsewhere', '--user=someone'])).code).toBe(0);
}, 60_000);
afterAll(() => sb?.cleanup());

const complete = async (...words: string[]) => {
  const r = await tkctl(sb, ['__complete', ...words]);
  expect(r.stderr).toBe('Completion ended with directive: ShellCompDirectiveNoFileComp\n');
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines.pop()).toBe(':4');
  return lines;
};

describe('tkctl __complete', () => {
  it('offers the resource types api-resources lists for get', async () => {
    const types = await complete('get', '');
    const listed = (await tkctl(sb, ['api-resources', '-o', 'name', '--verbs=get'])).stdout.trimEnd().split('\n');
    expect(types).toEqual(listed);
    expect(types).toContain('pods');
    expect(types).toContain('deployments.apps');
    expect(await complete('get', 'dep')).toEqual(['deployments.apps']);
  });

  it('offers the names of the pods in the namespace, without those already typed', async () => {
    expect(await complete('get', 'pods', '')).toEqual(['web', 'worker']);
    expect(await complete('describe', 'po', 'wo')).toEqual(['worker']);
    expect(await complete('delete', 'pods', 'web', '')).toEqual(['worker']);
    expect(await complete('get', 'pods/')).toEqual(['pods/web', 'pods/worker']);
    expect(await complete('logs', '')).toEqual(['web', 'worker']);
    expect(await complete('get', 'pods', '-n', 'kube-system', '')).toEqual([]);
  });

  it('offers commands, subcommands, flags, namespaces and contexts', async () => {
    expect(await complete('ge')).toEqual(['get\tDisplay one or many resources']);
    expect((await complete('rollout', '')).map((l) => l.split('\t')[0])).toEqual(['history', 'pause', 'restart', 'resume', 'status', 'undo']);
    expect(await complete('get', 'pods', '--show-l')).toEqual(['--show-labels']);
    expect(await complete('get', 'pods', '-n', '')).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(await complete('config', 'use-context', '')).toEqual(['staging', 'tkctl-default']);
    expect(await complete('get', 'pods', '--context', 's')).toEqual(['staging']);
  });

  it('offers nothing when the cluster cannot be reached', async () => {
    expect(await complete('get', 'pods', '--context', 'staging', '')).toEqual([]);
  });
});

describe('tkctl completion bash', () => {
  it('completes types and pod names in a real bash', async () => {
    // The script calls `tkctl`: put this build on the PATH under that name.
    const binDir = join(sb.dir, 'bin');
    mkdirSync(binDir);
    writeFileSync(join(binDir, 'tkctl'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(binDir, 'tkctl'), 0o755);
    const script = (await tkctl(sb, ['completion', 'bash'])).stdout;
    writeFileSync(join(sb.dir, 'tkctl.bash'), script);
    const completeIn = async (line: string) => {
      const words = line.split(' ');
      const r = await run('bash', ['-c', `source ${join(sb.dir, 'tkctl.bash')}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
__tkctl_complete; printf '%s\\n' "\${COMPREPLY[@]}"`], { ...sb.env, PATH: `${binDir}:${sb.env.PATH}` });
      expect(r.stderr).toBe('');
      return r.stdout.trimEnd().split('\n');
    };
    expect(await completeIn('tkctl get pod')).toEqual(['pods', 'pods.metrics.k8s.io']);
    expect(await completeIn('tkctl get pods w')).toEqual(['web', 'worker']);
    expect(await completeIn('tkctl desc')).toEqual(['describe']);
  });

  it('refuses a shell it does not know, with kubectl\'s line', async () => {
    const r = await tkctl(sb, ['completion', 'tcsh']);
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', 'error: Unsupported shell type "tcsh".\nSee \'tkctl completion -h\' for help and examples\n']);
    expect((await tkctl(sb, ['completion', 'zsh'])).stdout).toMatch(/^#compdef tkctl\n/);
  });
});
