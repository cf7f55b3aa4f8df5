import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, out } from '../cli/base.js';

export default class Autoscale extends KubeCommand {
  static summary = 'Auto-scale a deployment, replica set, stateful set, or replication controller';
  static strict = false;
  static args = { resources: Args.string({ description: '(-f FILENAME | TYPE NAME | TYPE/NAME)' }) };
  static flags = {
    min: Flags.integer({ default: -1, description: 'The lower limit for the number of pods that can be set by the autoscaler.' }),
    max: Flags.integer({ default: -1, description: 'The upper limit for the number of pods that can be set by the autoscaler. Required.' }),
    'cpu-percent': Flags.integer({ default: -1, description: 'The target average CPU utilization (represented as a percent of requested CPU) over all the pods.' }),
    name: Flags.string({ description: 'The name for the newly created object. If not specified, the name of the input resource will be used.' }),
    'dry-run': Flags.string({ default: 'none', description: 'Must be "none", "server", or "client"' }),
    output: Flags.string({ char: 'o', description: 'Output format. One of: (json, yaml, name, jsonpath)' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Autoscale);
    const { client } = await this.connect(flags);
    const { runAutoscale } = await import('../set-commands/scale.js');
    out(await runAutoscale(client, argv as string[], {
      name: flags.name, min: flags.min, max: flags.max, cpuPercent: flags['cpu-percent'], dryRun: flags['dry-run'], output: flags.output,
      explicitNamespace: flags.namespace !== undefined,
    }));
  }
}
