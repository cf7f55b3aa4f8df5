import * as Args from '@oclif/core/args';
import { KubeCommand, out } from '../../cli/base.js';
import { dataSourceFlags, generatorFlags } from '../../generators/generator-flags.js';

export default class CreateConfigMap extends KubeCommand {
  static summary = 'Create a config map from a local file, directory or literal value';
  static aliases = ['create:cm'];
  static strict = false;
  static args = { name: Args.string({ description: 'NAME' }) };
  static flags = { ...generatorFlags, ...dataSourceFlags };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(CreateConfigMap);
    const connection = await this.connect(flags);
    const { createConfigMap } = await import('../../generators/create-commands.js');
    out(await createConfigMap(connection, argv as string[], flags));
  }
}
