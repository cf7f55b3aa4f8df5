import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, out } from '../../../cli/base.js';
import { generatorFlags } from '../../../generators/generator-flags.js';

export default class CreateServiceNodePort extends KubeCommand {
  static summary = 'Create a NodePort service';
  static strict = false;
  static args = { name: Args.string({ description: 'NAME' }) };
  static flags = {
    ...generatorFlags,
    tcp: Flags.string({ multiple: true, multipleNonGreedy: true, description: "Port pairs can be specified as '<port>:<targetPort>'" }),
    'node-port': Flags.integer({ description: 'Port used to expose the service on each node in a cluster' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(CreateServiceNodePort);
    const connection = await this.connect(flags);
    const { createService } = await import('../../../generators/create-commands.js');
    out(await createService(connection, 'NodePort', argv as string[], flags));
  }
}
