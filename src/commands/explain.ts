import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, err } from '../cli/base.js';

export default class Explain extends KubeCommand {
  static summary = 'Get documentation for a resource';
  static strict = false;
  static args = { resource: Args.string({ description: 'TYPE[.FIELD...]' }) };
  static flags = {
    recursive: Flags.boolean({ description: 'When true, print the name of all the fields recursively' }),
    'api-version': Flags.string({ description: 'Use given api-version (group/version) of the resource' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Explain);
    const { client } = await this.connect(flags);
    const { runExplain } = await import('../metadata-commands/explain.js');
    const { text, error } = await runExplain(client, argv as string[], flags);
    process.stdout.write(text);
    if (error) {
      err(error);
      process.exitCode = 1;
    }
  }
}
