import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, out } from '../../../cli/base.js';
import { generatorFlags } from '../../../generators/generator-flags.js';

export default class CreateServiceClusterIP extends KubeCommand {
  static summary = 'Create a ClusterIP service';
  static strict = false;
  static args = { name: Args.string({ description: 'NAME' }) };
  static flags = {
    ...generatorFlags,
    tcp: Flags.string({ multiple: true, multipleNonGreedy: true, description: "Port pairs can be specified as '<port>:<targetPort>'" }),
    clusterip: Flags.string({ description: "Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing)" }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(CreateServiceClusterIP);
    const connection = await this.connect(flags);
    const { createService } = await import('../../../generators/create-commands.js');
    out(await createService(connection, 'ClusterIP', argv as string[], flags));
  }
}
