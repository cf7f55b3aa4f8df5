import { ConfigCommand } from '../../config-commands/command.js';

export default class ConfigGetClusters extends ConfigCommand {
  static summary = 'Display clusters defined in the kubeconfig';
  static strict = false;

  async run(): Promise<void> {
    const { flags } = await this.parse(ConfigGetClusters);
    const { getClusters } = await import('../../config-commands/entries.js');
    await this.execute(flags.kubeconfig, getClusters);
  }
}
