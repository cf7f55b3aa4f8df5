import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, out } from '../../cli/base.js';
import { generatorFlags } from '../../generators/generator-flags.js';

export default class CreateDeployment extends KubeCommand {
  static summary = 'Create a deployment with the specified name';
  static aliases = ['create:deploy'];
  static strict = false;
  static args = { name: Args.string({ description: 'NAME' }) };
  static flags = {
    ...generatorFlags,
    image: Flags.string({ multiple: true, multipleNonGreedy: true, description: 'Image names to run' }),
    replicas: Flags.string({ char: 'r', default: '1', description: 'Number of replicas to create' }),
    port: Flags.string({ default: '-1', description: 'The containerPort that this deployment exposes' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(CreateDeployment);
    // Words after "--" are the container's command.
    const dashes = this.argv.indexOf('--');
    const command = dashes < 0 ? [] : this.argv.slice(dashes + 1);
    const names = dashes < 0 ? (argv as string[]) : (argv as string[]).slice(0, (argv as string[]).length - command.length);
    const connection = await this.connect(flags);
    const { createDeployment } = await import('../../generators/create-commands.js');
    out(await createDeployment(connection, names, command, flags));
  }
}
