import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand } from '../../cli/base.js';
import { selectionFlags } from '../../set-commands/flags.js';

export default class RolloutStatus extends KubeCommand {
  static summary = 'Show the status of the rollout';
  static strict = false;
  static args = { resources: Args.string({ description: '(TYPE NAME | TYPE/NAME) [flags]' }) };
  static flags = {
    ...selectionFlags,
    watch: Flags.boolean({ char: 'w', default: true, allowNo: true, description: 'Watch the status of the rollout until it\'s done.' }),
    revision: Flags.integer({ default: 0, description: 'Pin to a specific revision for showing its status. Defaults to 0 (last revision).' }),
    timeout: Flags.string({ default: '0s', description: 'The length of time to wait before ending watch, zero means never.' }),
  };

  async run(): Promise<void> {
    // kubectl's boolean flags take =true/=false; oclif's take a --no- prefix.
    this.argv = this.argv.map((a) => (/^(--watch|-w)=false$/i.test(a) ? '--no-watch' : a.replace(/^(--watch|-w)=true$/i, '$1')));
    const { argv, flags } = await this.parse(RolloutStatus);
    const { parseDuration } = await import('../../cli/durations.js');
    const timeout = parseDuration(flags.timeout);
    const { client } = await this.connect(flags);
    const { selectionOf } = await import('../../set-commands/flags.js');
    const { runRolloutStatus } = await import('../../rollout/run.js');
    const { interruption } = await import('../../cli/interrupt.js');
    const interrupted = interruption();
    await runRolloutStatus(client, argv as string[], selectionOf(flags), {
      revision: flags.revision, watch: flags.watch, timeout, out: (t) => process.stdout.write(t), interrupted,
    });
  }
}
