// Which command lines run their command directly (without oclif's Config.load), and which go to
// oclif: the command found must be the one oclif would find, or oclif must decide.
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli-entry.js';
import { namedCommand } from '../../src/main.js';

const ids = Object.entries(commands).flatMap(([id, command]) => [id, ...(command.aliases ?? [])]);
const named = (...argv: string[]) => {
  const found = namedCommand(argv, commands, ids);
  return found && { id: found.id, words: found.words };
};

describe('commands run directly', () => {
  it('finds the command the leading words name, up to its arguments or flags', () => {
    expect(named('get', 'pods', '-o', 'wide')).toEqual({ id: 'get', words: 1 });
    expect(named('get')).toEqual({ id: 'get', words: 1 });
    expect(named('cluster', 'create', 'dev')).toEqual({ id: 'cluster:create', words: 2 });
    expect(named('rollout', 'undo', 'deploy/web')).toEqual({ id: 'rollout:undo', words: 2 });
    expect(named('create', 'secret', 'generic', 's', '--from-literal=a=b')).toEqual({ id: 'create:secret:generic', words: 3 });
    expect(named('version', '--client')).toEqual({ id: 'version', words: 1 });
    // `--help` after `--` is an argument, not a request for help.
    expect(named('get', '--', '--help')).toEqual({ id: 'get', words: 1 });
  });

  it('finds a command by its alias and runs it under its own id', () => {
    expect(named('create', 'cm', 'x', '--from-literal=a=b')).toEqual({ id: 'create:configmap', words: 2 });
    expect(named('top', 'pods')).toEqual({ id: 'top:pod', words: 2 });
  });

  it('leaves help, topics, unknown commands, stray words and the completion command to oclif', () => {
    expect(named()).toBeUndefined();
    expect(named('--version')).toBeUndefined();
    expect(named('get', 'pods', '--help')).toBeUndefined();
    expect(named('rollout')).toBeUndefined();
    expect(named('rollout', 'frob')).toBeUndefined();
    expect(named('frob')).toBeUndefined();
    // version takes no arguments: oclif reads `version foo` as the unknown command `version foo`.
    expect(named('version', 'foo')).toBeUndefined();
    expect(named('__complete', 'get', '')).toBeUndefined();
  });
});
