import * as Flags from '@oclif/core/flags';
import { ConfigCommand, tristate } from '../../config-commands/command.js';

export default class ConfigView extends ConfigCommand {
  static summary = 'Display merged kubeconfig settings or a specified kubeconfig file';
  static strict = false;
  static flags = {
    output: Flags.string({ char: 'o', description: 'Output format: yaml or json' }),
    merge: tristate('Merge the full hierarchy of kubeconfig files'),
    raw: Flags.boolean({ description: 'Display raw byte data' }),
    flatten: Flags.boolean({ description: 'Flatten the resulting kubeconfig file into self-contained output' }),
    minify: Flags.boolean({ description: 'Remove all information not used by current-context from the output' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ConfigView);
    const { viewConfig } = await import('../../config-commands/view.js');
    await this.execute(flags.kubeconfig, (session) => ({
      stdout: viewConfig(session, { ...flags, args: argv as string[] }),
    }));
  }
}
