import { ConfigCommand } from '../../config-commands/command.js';

export default class ConfigGetUsers extends ConfigCommand {
  static summary = 'Display users defined in the kubeconfig';
  static strict = false;

  async run(): Promise<void> {
    const { flags } = await this.parse(ConfigGetUsers);
    const { getUsers } = await import('../../config-commands/entries.js');
    await this.execute(flags.kubeconfig, getUsers);
  }
}
