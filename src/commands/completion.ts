import * as Args from '@oclif/core/args';
import { Command } from '@oclif/core/command';
import { CliError } from '../client/errors.js';

export default class Completion extends Command {
  static summary = 'Output shell completion code for the specified shell (bash or zsh)';
  static args = { shell: Args.string({ description: 'bash or zsh' }) };

  async run(): Promise<void> {
    const { args } = await this.parse(Completion);
    const { completionScripts } = await import('../completion/scripts.js');
    if (!args.shell) throw new CliError('error: Shell not specified.\nSee \'tkctl completion -h\' for help and examples');
    const script = completionScripts[args.shell];
    if (!script) throw new CliError(`error: Unsupported shell type "${args.shell}".\nSee 'tkctl completion -h' for help and examples`);
    process.stdout.write(script);
  }
}
