import * as Args from '@oclif/core/args';
import { KubeCommand } from '../../cli/base.js';
import { CliError } from '../../client/errors.js';

/** `create secret` itself only names its subcommands: anything else is kubectl's unknown-command error. */
export default class CreateSecret extends KubeCommand {
  static summary = 'Create a secret using a specified subcommand';
  static strict = false;
  static args = { type: Args.string({ description: 'the secret type' }) };

  async run(): Promise<void> {
    const { argv } = await this.parse(CreateSecret);
    if (argv.length === 0) return this.config.runCommand('help', ['create', 'secret']);
    throw new CliError(`error: unknown command "${argv.join(' ')}"\nSee 'tkctl create secret -h' for help and examples`);
  }
}
