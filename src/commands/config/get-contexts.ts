import * as Flags from '@oclif/core/flags';
import { ConfigCommand } from '../../config-commands/command.js';

export default class ConfigGetContexts extends ConfigCommand {
  static summary = 'Describe one or many contexts';
  static strict = false;
  static flags = {
    output: Flags.string({ char: 'o', description: 'Output format. One of: name' }),
    'no-headers': Flags.boolean({ description: "Don't print headers" }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ConfigGetContexts);
    const { getContexts } = await import('../../config-commands/contexts.js');
    await this.execute(flags.kubeconfig, (session) =>
      getContexts(session, { names: argv as string[], output: flags.output, noHeaders: flags['no-headers'] }),
    );
  }
}
