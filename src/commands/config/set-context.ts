import * as Flags from '@oclif/core/flags';
import { ConfigCommand } from '../../config-commands/command.js';

export default class ConfigSetContext extends ConfigCommand {
  static summary = 'Set a context entry in kubeconfig';
  static strict = false;
  static flags = {
    current: Flags.boolean({ description: 'Modify the current context', allowNo: true }),
    cluster: Flags.string({ description: 'cluster for the context entry in kubeconfig' }),
    user: Flags.string({ description: 'user for the context entry in kubeconfig' }),
    namespace: Flags.string({ description: 'namespace for the context entry in kubeconfig' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ConfigSetContext);
    const { setContext } = await import('../../config-commands/contexts.js');
    await this.execute(flags.kubeconfig, (session) => setContext(session, { ...flags, args: argv as string[] }));
  }
}
