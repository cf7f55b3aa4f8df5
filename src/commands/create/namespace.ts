import * as Args from '@oclif/core/args';
import { KubeCommand, out } from '../../cli/base.js';
import { generatorFlags } from '../../generators/generator-flags.js';

export default class CreateNamespace extends KubeCommand {
  static summary = 'Create a namespace with the specified name';
  static aliases = ['create:ns'];
  static strict = false;
  static args = { name: Args.string({ description: 'NAME' }) };
  static flags = generatorFlags;

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(CreateNamespace);
    const connection = await this.connect(flags);
    const { createNamespace } = await import('../../generators/create-commands.js');
    out(await createNamespace(connection, argv as string[], flags));
  }
}
