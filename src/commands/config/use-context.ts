import { ConfigCommand } from '../../config-commands/command.js';

export default class ConfigUseContext extends ConfigCommand {
  static summary = 'Set the current-context in a kubeconfig file';
  static aliases = ['config:use'];
  static strict = false;

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ConfigUseContext);
    const { useContext } = await import('../../config-commands/contexts.js');
    await this.execute(flags.kubeconfig, (session) => useContext(session, argv as string[]));
  }
}
