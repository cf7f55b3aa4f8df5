import { ConfigCommand } from '../../config-commands/command.js';

export default class ConfigUnset extends ConfigCommand {
  static summary = 'Unset an individual value in a kubeconfig file';
  static strict = false;

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ConfigUnset);
    const { unsetProperty } = await import('../../config-commands/property.js');
    await this.execute(flags.kubeconfig, (session) => unsetProperty(session, argv as string[]));
  }
}
