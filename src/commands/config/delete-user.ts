import { ConfigCommand } from '../../config-commands/command.js';

export default class ConfigDeleteUser extends ConfigCommand {
  static summary = 'Delete the specified user from the kubeconfig';
  static strict = false;

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ConfigDeleteUser);
    const { deleteUser } = await import('../../config-commands/entries.js');
    await this.execute(flags.kubeconfig, (session) => deleteUser(session, argv as string[]));
  }
}
