import { ConfigCommand, tristate } from '../../config-commands/command.js';

export default class ConfigSet extends ConfigCommand {
  static summary = 'Set an individual value in a kubeconfig file';
  static strict = false;
  static flags = {
    'set-raw-bytes': tristate('When writing a []byte PROPERTY_VALUE, write the given string directly without base64 decoding.'),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ConfigSet);
    const { setProperty } = await import('../../config-commands/property.js');
    await this.execute(flags.kubeconfig, (session) => setProperty(session, argv as string[], flags['set-raw-bytes']));
  }
}
