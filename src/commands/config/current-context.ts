import { ConfigCommand } from '../../config-commands/command.js';

export default class ConfigCurrentContext extends ConfigCommand {
  static summary = 'Display the current-context';
  static strict = false;

  async run(): Promise<void> {
    const { flags } = await this.parse(ConfigCurrentContext);
    const { currentContext } = await import('../../config-commands/contexts.js');
    await this.execute(flags.kubeconfig, currentContext);
  }
}
