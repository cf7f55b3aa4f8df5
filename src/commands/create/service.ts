import * as Args from '@oclif/core/args';
import { KubeCommand } from '../../cli/base.js';
import { CliError } from '../../client/errors.js';

/** `create service` itself only names its subcommands: anything else is kubectl's unknown-command error. */
export default class CreateService extends KubeCommand {
  static summary = 'Create a service using a specified subcommand';
  static strict = false;
  static args = { type: Args.string({ description: 'the service type' }) };

  async run(): Promise<void> {
    const { argv } = await this.parse(CreateService);
    if (argv.length === 0) return this.config.runCommand('help', ['create', 'service']);
    throw new CliError(`error: unknown command "${argv.join(' ')}"\nSee 'tkctl create service -h' for help and examples`);
  }
}
