import * as Args from '@oclif/core/args';
import { KubeCommand, err } from '../../cli/base.js';
import { selectionFlags } from '../../set-commands/flags.js';

export default class RolloutRestart extends KubeCommand {
  static summary = 'Restart a resource';
  static strict = false;
  static args = { resources: Args.string({ description: 'RESOURCE' }) };
  static flags = { ...selectionFlags };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(RolloutRestart);
    const { client } = await this.connect(flags);
    const { selectionOf } = await import('../../set-commands/flags.js');
    const { runRolloutRestart } = await import('../../rollout/run.js');
    const { stdout, errors } = await runRolloutRestart(client, argv as string[], selectionOf(flags), new Date());
    if (stdout) process.stdout.write(stdout);
    if (errors.length) err(errors.join('\n'));
    process.exitCode = errors.length ? 1 : 0;
  }
}
