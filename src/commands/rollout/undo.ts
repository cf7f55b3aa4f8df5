import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, out } from '../../cli/base.js';
import { selectionFlags } from '../../set-commands/flags.js';

export default class RolloutUndo extends KubeCommand {
  static summary = 'Undo a previous rollout';
  static strict = false;
  static args = { resources: Args.string({ description: '(TYPE NAME | TYPE/NAME) [flags]' }) };
  static flags = {
    ...selectionFlags,
    'to-revision': Flags.integer({ default: 0, description: 'The revision to rollback to. Default to 0 (last revision).' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(RolloutUndo);
    const { client } = await this.connect(flags);
    const { selectionOf } = await import('../../set-commands/flags.js');
    const { runRolloutUndo } = await import('../../rollout/run.js');
    out(await runRolloutUndo(client, argv as string[], selectionOf(flags), flags['to-revision']));
  }
}
