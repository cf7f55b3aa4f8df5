import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, err } from '../../cli/base.js';
import { setFlags } from '../../set-commands/flags.js';

export default class SetResources extends KubeCommand {
  static summary = 'Update resource requests/limits on objects with pod templates';
  static strict = false;
  static args = { resources: Args.string({ description: '(-f FILENAME | TYPE NAME)' }) };
  static flags = {
    ...setFlags,
    containers: Flags.string({ char: 'c', default: '*', description: 'The names of containers in the selected pod templates to change, all containers are selected by default - may use wildcards' }),
    limits: Flags.string({ description: 'The resource requirement requests for this container.  For example, \'cpu=100m,memory=256Mi\'' }),
    requests: Flags.string({ description: 'The resource requirement requests for this container.  For example, \'cpu=100m,memory=256Mi\'' }),
  };

  async run(): Promise<void> {
    const { argv, flags, metadata } = await this.parse(SetResources);
    const { selectionOf, recordCause } = await import('../../set-commands/flags.js');
    const changeCause = recordCause('tkctl set resources', argv as string[], flags, metadata, err);
    const { client } = await this.connect(flags);
    const { runSetResources } = await import('../../set-commands/commands.js');
    const result = await runSetResources(client, argv as string[], {
      selection: selectionOf(flags), dryRun: flags['dry-run'], output: flags.output, changeCause,
      containers: flags.containers, limits: flags.limits, requests: flags.requests,
    });
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) err(result.stderr);
    process.exitCode = result.exitCode;
  }
}
