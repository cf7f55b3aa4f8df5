import { ConfigCommand } from '../../config-commands/command.js';

export default class ConfigDeleteCluster extends ConfigCommand {
  static summary = 'Delete the specified cluster from the kubeconfig';
  static strict = false;

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ConfigDeleteCluster);
    const { deleteCluster } = await import('../../config-commands/entries.js');
    await this.execute(flags.kubeconfig, (session) => deleteCluster(session, argv as string[]));
  }
}
