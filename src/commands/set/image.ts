import * as Args from '@oclif/core/args';
import { KubeCommand, err } from '../../cli/base.js';
import { setFlags } from '../../set-commands/flags.js';

export default class SetImage extends KubeCommand {
  static summary = 'Update the image of a pod template';
  static strict = false;
  static args = { resources: Args.string({ description: '(-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N' }) };
  static flags = { ...setFlags };

  async run(): Promise<void> {
    const { argv, flags, metadata } = await this.parse(SetImage);
    const { selectionOf, recordCause } = await import('../../set-commands/flags.js');
    const changeCause = recordCause('tkctl set image', argv as string[], flags, metadata, err);
    const { client } = await this.connect(flags);
    const { runSetImage } = await import('../../set-commands/commands.js');
    const result = await runSetImage(client, argv as string[], { selection: selectionOf(flags), dryRun: flags['dry-run'], output: flags.output, changeCause });
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) err(result.stderr);
    process.exitCode = result.exitCode;
  }
}
