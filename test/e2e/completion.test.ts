// Shell completion as cobra does it: `tkctl __complete WORDS...` answers candidates from the
// cluster and the kubeconfig, and `tkctl completion bash` is a script that asks it, run here in a
// real bash.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, HAS_KUBECTL, run, sandbox, tkctl, type Sandbox } from './harness.js';

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

  it('offers -f/--filename the manifest extensions for the shell to list files by, as kubectl does', async () => {
    const want = { stdout: 'json\nyaml\nyml\n:8\n', stderr: 'Completion ended with directive: ShellCompDirectiveFilterFileExt\n' };
    for (const words of [['apply', '-f', ''], ['delete', '--filename', 'fix'], ['create', '-f', '']]) {
      const r = await tkctl(sb, ['__complete', ...words]);
      expect({ stdout: r.stdout, stderr: r.stderr }).toEqual(want);
      if (HAS_KUBECTL) {
        const k = await run('kubectl', ['__complete', ...words], sb.env);
        expect({ stdout: k.stdout, stderr: k.stderr }).toEqual(want);
      }
    }
  });

  it('offers nothing when the cluster cannot be reached', async () => {
    expect(await complete('get', 'pods', '--context', 'staging', '')).toEqual([]);
  });
});

/** A shell's environment with this build on the PATH as `tkctl`, the name the scripts call. */
function withTkctlOnPath(): NodeJS.ProcessEnv {
  const binDir = join(sb.dir, 'bin');
  mkdirSync(binDir, { recursive: true });
  writeFileSync(join(binDir, 'tkctl'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(binDir, 'tkctl'), 0o755);
  return { ...sb.env, PATH: `${binDir}:${sb.env.PATH}` };
}

describe('tkctl completion bash', () => {
  it('completes types and pod names in a real bash', async () => {
    const env = withTkctlOnPath();
    const script = (await tkctl(sb, ['completion', 'bash'])).stdout;
    writeFileSync(join(sb.dir, 'tkctl.bash'), script);
    const completeIn = async (line: string) => {
      const words = line.split(' ');
      const r = await run('bash', ['-c', `source ${join(sb.dir, 'tkctl.bash')}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
__tkctl_complete; printf '%s\\n' "\${COMPREPLY[@]}"`], env);
      expect(r.stderr).toBe('');
      return r.stdout.trimEnd().split('\n');
    };
    expect(await completeIn('tkctl get pod')).toEqual(['pods', 'pods.metrics.k8s.io']);
    expect(await completeIn('tkctl get pods w')).toEqual(['web', 'worker']);
    expect(await completeIn('tkctl desc')).toEqual(['describe']);
    // -f: directories, and files with a manifest's extension.
    const files = join(sb.dir, 'manifests');
    mkdirSync(join(files, 'more'), { recursive: true });
    for (const f of ['web.yaml', 'db.json', 'notes.txt', 'old.yml']) writeFileSync(join(files, f), '');
    const r = await run('bash', ['-c', `cd ${files} && source ${join(sb.dir, 'tkctl.bash')}
COMP_WORDS=(tkctl apply -f ''); COMP_CWORD=3
__tkctl_complete; printf '%s\\n' "\${COMPREPLY[@]}"`], env);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n').sort()).toEqual(['db.json', 'more', 'old.yml', 'web.yaml']);
  });

  it('refuses a shell it does not know, with kubectl\'s line', async () => {
    const r = await tkctl(sb, ['completion', 'tcsh']);
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', 'error: Unsupported shell type "tcsh".\nSee \'tkctl completion -h\' for help and examples\n']);
    expect((await tkctl(sb, ['completion', 'zsh'])).stdout).toMatch(/^#compdef tkctl\n/);
  });
});

const HAS_ZSH = spawnSync('zsh', ['-c', 'true'], { stdio: 'ignore' }).status === 0;
if (!HAS_ZSH) console.log('zsh is not installed: the zsh completion test is skipped');

describe.skipIf(!HAS_ZSH)('tkctl completion zsh', () => {
  it('loads under compinit in a real zsh, registers _tkctl and hands it what __complete answers', async () => {
    const env = withTkctlOnPath();
    writeFileSync(join(sb.dir, 'tkctl.zsh'), (await tkctl(sb, ['completion', 'zsh'])).stdout);
    // compsys's own builtins answer only inside a completion widget: here _describe and _files
    // print what they are given, and `words` and CURRENT are set as the widget sets them.
    const zsh = (body: string) => run('zsh', ['-f', '-c', `autoload -U compinit && compinit -u -D
source ${join(sb.dir, 'tkctl.zsh')}
_describe() { local -a opts=("\${@[3,-1]}"); print -r -- "describe \${opts[*]}"; print -rl -- "\${(@P)2}" }
_files() { print -r -- "files $*" }
${body}`], env);
    const completeIn = async (line: string) => {
      const words = line.split(' ');
      const r = await zsh(`words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _tkctl`);
      expect(r.stderr).toBe('');
      return r.stdout.trimEnd().split('\n');
    };
    expect(await zsh('print -r -- $_comps[tkctl]; whence -w _tkctl')).toEqual({ code: 0, stdout: '_tkctl\n_tkctl: function\n', stderr: '' });
    expect(await completeIn('tkctl get pod')).toEqual(['describe ', 'pods', 'pods.metrics.k8s.io']);
    expect(await completeIn('tkctl get pods w')).toEqual(['describe ', 'web', 'worker']);
    // name<TAB>description becomes _describe's name:description.
    expect(await completeIn('tkctl ge')).toEqual(['describe ', 'get:Display one or many resources']);
    expect(await completeIn('tkctl config use-context s')).toEqual(['describe ', 'staging']);
    // -f: the shell's own file listing, by the manifest extensions.
    expect(await completeIn('tkctl apply -f ')).toEqual(['files -g *.(json|yaml|yml)']);
    // Nothing to offer, and __complete says no file names either.
    expect(await completeIn('tkctl get pods -n kube-system ')).toEqual(['']);
  });
});
