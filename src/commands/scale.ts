import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, err } from '../cli/base.js';
import { selectionFlags } from '../set-commands/flags.js';

export default class Scale extends KubeCommand {
  static summary = 'Set a new size for a deployment, replica set, replication controller, or stateful set';
  static strict = false;
  static args = { resources: Args.string({ description: '(-f FILENAME | TYPE NAME)' }) };
  static flags = {
    ...selectionFlags,
    replicas: Flags.integer({ description: 'The new desired number of replicas. Required.' }),
    'current-replicas': Flags.integer({ default: -1, description: 'Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.' }),
    'resource-version': Flags.string({ description: 'Precondition for resource version. Requires that the current resource version match this value in order to scale.' }),
    'dry-run': Flags.string({ default: 'none', description: 'Must be "none", "server", or "client"' }),
    output: Flags.string({ char: 'o', description: 'Output format. One of: (json, yaml, name, jsonpath)' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Scale);
    const { client } = await this.connect(flags);
    const { selectionOf } = await import('../set-commands/flags.js');
    const { runScale } = await import('../set-commands/scale.js');
    const result = await runScale(client, argv as string[], {
      selection: selectionOf(flags), replicas: flags.replicas, currentReplicas: flags['current-replicas'],
      resourceVersion: flags['resource-version'], dryRun: flags['dry-run'], output: flags.output,
    });
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) err(result.stderr);
    process.exitCode = result.exitCode;
  }
}
