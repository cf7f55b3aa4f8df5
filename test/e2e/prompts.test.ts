// The questions tkctl asks: `delete -i` (kubectl's confirmation, on a pipe and on a terminal) and
// `config use-context` with no name (a picker on a terminal, kubectl's help without one). The
// terminal is a real pseudo-terminal (python3's pty module) when python3 is there.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { HAS_PTY, sandbox, tkctl, tkctlOnTerminal, type Sandbox } from './harness.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = sandbox();
  expect((await tkctl(sb, ['create', 'configmap', 'keep', '--from-literal=a=b'])).code).toBe(0);
}, 60_000);
afterAll(() => sb?.cleanup());

const onTerminal = (args: string[], answers: Array<[string, string]>) => tkctlOnTerminal(sb.env, args, answers);

const exists = async (name: string) => (await tkctl(sb, ['get', 'cm', name, '-o', 'name', '--ignore-not-found'])).stdout === `configmap/${name}\n`;

describe('delete -i', () => {
  const listing = 'You are about to delete the following 2 resource(s):\nconfigmap/one\nconfigmap/two\nDo you want to continue? (y/n): ';

  it('lists what it would delete and stops unless the answer is y, as kubectl does on a pipe', async () => {
    expect((await tkctl(sb, ['create', 'configmap', 'one'])).code).toBe(0);
    expect((await tkctl(sb, ['create', 'configmap', 'two'])).code).toBe(0);
    for (const answer of ['n\n', 'yes\n', '']) {
      const r = await tkctl(sb, ['delete', 'cm', 'one', 'two', '-i'], answer);
      expect([r.code, r.stdout, r.stderr]).toEqual([0, listing + 'deletion is cancelled\n', '']);
    }
    expect(await exists('one')).toBe(true);
    const r = await tkctl(sb, ['delete', 'cm', 'one', 'two', '--interactive'], 'Y\n');
    expect([r.code, r.stdout, r.stderr]).toEqual([0, listing + 'configmap "one" deleted\nconfigmap "two" deleted\n', '']);
    expect(await exists('one')).toBe(false);
  });

  it('asks nothing when a selector finds nothing', async () => {
    const r = await tkctl(sb, ['delete', 'cm', '-l', 'app=none', '-i'], 'y\n');
    expect([r.code, r.stdout]).toEqual([0, 'No resources found\n']);
  });

  it.skipIf(!HAS_PTY)('asks on a terminal with inquirer, and deletes only after y', async () => {
    expect((await tkctl(sb, ['create', 'configmap', 'three'])).code).toBe(0);
    const declined = await onTerminal(['delete', 'cm', 'three', '-i'], [['(y/n)', 'n\r']]);
    expect(declined.code).toBe(0);
    expect(declined.stdout).toContain('You are about to delete the following 1 resource(s):\nconfigmap/three\n');
    expect(declined.stdout).toMatch(/Do you want to continue\? \(y\/n\): n\n(.|\n)*deletion is cancelled\n$/);
    expect(await exists('three')).toBe(true);
    const accepted = await onTerminal(['delete', 'cm', 'three', '-i'], [['(y/n)', 'y\r']]);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(/Do you want to continue\? \(y\/n\): y\n(.|\n)*configmap "three" deleted\n$/);
    expect(await exists('three')).toBe(false);
  });
});

describe('config use-context without a name', () => {
  beforeAll(async () => {
    expect((await tkctl(sb, ['config', 'set-context', 'other', '--cluster=elsewhere', '--user=someone'])).code).toBe(0);
  });

  it('prints kubectl\'s help and fails without a terminal, changing nothing', async () => {
    const before = readFileSync(sb.kubeconfig, 'utf8');
    const r = await tkctl(sb, ['config', 'use-context']);
    expect([r.code, r.stderr]).toEqual([1, 'error: Unexpected args: []\n']);
    expect(r.stdout).toMatch(/^Set the current-context in a kubeconfig file\.\n(.|\n)*Usage:\n  tkctl config use-context CONTEXT_NAME \[options\]\n/);
    expect(readFileSync(sb.kubeconfig, 'utf8')).toBe(before);
  });

  it.skipIf(!HAS_PTY)('offers the contexts on a terminal and switches to the one picked', async () => {
    expect((await tkctl(sb, ['config', 'current-context'])).stdout).toBe('tkctl-default\n');
    // Sorted by name as get-contexts lists them, the current context preselected: up once, then Enter.
    const contexts = (await tkctl(sb, ['config', 'get-contexts', '-o', 'name'])).stdout.trim().split('\n');
    expect(contexts).toEqual(['other', 'tkctl-default']);
    const r = await onTerminal(['config', 'use-context'], [['Switch to context', '\x1b[A\r']]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('other\n');
    expect(r.stdout).toMatch(/Switched to context "other"\.\n$/);
    expect((await tkctl(sb, ['config', 'current-context'])).stdout).toBe('other\n');
  });
});
