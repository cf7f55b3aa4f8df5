import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, err } from '../../cli/base.js';
import { setFlags } from '../../set-commands/flags.js';

export default class SetEnv extends KubeCommand {
  static summary = 'Update environment variables on a pod template';
  static strict = false;
  static args = { resources: Args.string({ description: 'RESOURCE/NAME KEY_1=VAL_1 ... KEY_N=VAL_N' }) };
  static flags = {
    ...setFlags,
    containers: Flags.string({ char: 'c', default: '*', description: 'The names of containers in the selected pod templates to change - may use wildcards' }),
    list: Flags.boolean({ description: 'If true, display the environment and any changes in the standard format' }),
    from: Flags.string({ description: 'The name of a resource from which to inject environment variables' }),
    prefix: Flags.string({ description: 'Prefix to append to variable names' }),
  };

  async run(): Promise<void> {
    const { argv, flags, metadata } = await this.parse(SetEnv);
    const { selectionOf, recordCause } = await import('../../set-commands/flags.js');
    const changeCause = recordCause('tkctl set env', argv as string[], flags, metadata, err);
    const { client } = await this.connect(flags);
    const { runSetEnv } = await import('../../set-commands/commands.js');
    const result = await runSetEnv(client, argv as string[], {
      selection: selectionOf(flags), dryRun: flags['dry-run'], output: flags.output, changeCause,
      containers: flags.containers, list: flags.list, from: flags.from, prefix: flags.prefix,
    });
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) err(result.stderr);
    process.exitCode = result.exitCode;
  }
}
