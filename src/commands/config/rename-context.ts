import { ConfigCommand } from '../../config-commands/command.js';

export default class ConfigRenameContext extends ConfigCommand {
  static summary = 'Rename a context from the kubeconfig file';
  static strict = false;

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ConfigRenameContext);
    const { renameContext } = await import('../../config-commands/contexts.js');
    await this.execute(flags.kubeconfig, (session) => renameContext(session, argv as string[]));
  }
}
