import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, out } from '../../../cli/base.js';
import { dataSourceFlags, generatorFlags } from '../../../generators/generator-flags.js';

export default class CreateSecretGeneric extends KubeCommand {
  static summary = 'Create a secret from a local file, directory, or literal value';
  static strict = false;
  static args = { name: Args.string({ description: 'NAME' }) };
  static flags = { ...generatorFlags, ...dataSourceFlags, type: Flags.string({ description: 'The type of secret to create' }) };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(CreateSecretGeneric);
    const connection = await this.connect(flags);
    const { createSecretGeneric } = await import('../../../generators/create-commands.js');
    out(await createSecretGeneric(connection, argv as string[], flags));
  }
}
