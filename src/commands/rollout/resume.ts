import * as Args from '@oclif/core/args';
import { KubeCommand, err } from '../../cli/base.js';
import { selectionFlags } from '../../set-commands/flags.js';

export default class RolloutResume extends KubeCommand {
  static summary = 'Resume the rollout of a resource';
  static strict = false;
  static args = { resources: Args.string({ description: 'RESOURCE' }) };
  static flags = { ...selectionFlags };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(RolloutResume);
    const { client } = await this.connect(flags);
    const { selectionOf } = await import('../../set-commands/flags.js');
    const { runRolloutPause } = await import('../../rollout/run.js');
    const { stdout, errors } = await runRolloutPause(client, argv as string[], selectionOf(flags), 'resume');
    if (stdout) process.stdout.write(stdout);
    if (errors.length) err(errors.join('\n'));
    process.exitCode = errors.length ? 1 : 0;
  }
}
