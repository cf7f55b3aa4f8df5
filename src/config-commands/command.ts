// What the `tkctl config …` commands share: kubectl's global flags (only --kubeconfig and, for
// view, --context matter), cobra's `--flag=true|false` form for boolean flags, and one way to print.

import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { connectionFlags } from '../cli/base.js';
import type { ConfigOutput, ConfigSession } from './session.js';

export abstract class ConfigCommand extends Command {
  static baseFlags = connectionFlags;

  async init(): Promise<void> {
    this.argv = cobraBooleans(this.argv, booleanFlags(this.ctor as typeof ConfigCommand));
    await super.init();
  }

  /** Opens the kubeconfig, runs the subcommand and prints what it returns. */
  protected async execute(kubeconfig: string | undefined, action: (session: ConfigSession) => ConfigOutput): Promise<void> {
    const { openConfig } = await import('./session.js');
    const result = action(openConfig(process.env, kubeconfig));
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) process.stderr.write(result.stderr);
    if (result.exitCode) process.exitCode = result.exitCode;
  }
}

/** A boolean flag that also takes cobra's `--name=false`. */
export const tristate = (description: string) => Flags.boolean({ description, allowNo: true });

function booleanFlags(command: typeof ConfigCommand): Set<string> {
  const flags = { ...command.baseFlags, ...command.flags };
  return new Set(Object.entries(flags).filter(([, f]) => f.type === 'boolean').map(([name]) => name));
}

/** cobra accepts `--flag=true` and `--flag=false` for boolean flags; oclif spells them `--flag` and `--no-flag`. */
export function cobraBooleans(argv: string[], booleans: Set<string>): string[] {
  return argv.map((arg) => {
    const match = /^--([^=]+)=(.*)$/.exec(arg);
    if (!match || !booleans.has(match[1]!)) return arg;
    const value = match[2]!;
    if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return `--${match[1]}`;
    if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return `--no-${match[1]}`;
    return arg;
  });
}
