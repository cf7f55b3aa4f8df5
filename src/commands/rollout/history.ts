import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, out } from '../../cli/base.js';
import { selectionFlags } from '../../set-commands/flags.js';

export default class RolloutHistory extends KubeCommand {
  static summary = 'View rollout history';
  static strict = false;
  static args = { resources: Args.string({ description: '(TYPE NAME | TYPE/NAME) [flags]' }) };
  static flags = {
    ...selectionFlags,
    revision: Flags.integer({ default: 0, description: 'See the details, including podTemplate of the revision specified' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(RolloutHistory);
    const { client } = await this.connect(flags);
    const { selectionOf } = await import('../../set-commands/flags.js');
    const { runRolloutHistory } = await import('../../rollout/run.js');
    out(await runRolloutHistory(client, argv as string[], selectionOf(flags), flags.revision));
  }
}
