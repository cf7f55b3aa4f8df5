import { ConfigCommand } from '../../config-commands/command.js';

export default class ConfigDeleteContext extends ConfigCommand {
  static summary = 'Delete the specified context from the kubeconfig';
  static strict = false;

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ConfigDeleteContext);
    const { deleteContext } = await import('../../config-commands/contexts.js');
    await this.execute(flags.kubeconfig, (session) => deleteContext(session, argv as string[]));
  }
}
