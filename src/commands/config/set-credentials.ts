import * as Flags from '@oclif/core/flags';
import { ConfigCommand, tristate } from '../../config-commands/command.js';

export default class ConfigSetCredentials extends ConfigCommand {
  static summary = 'Set a user entry in kubeconfig';
  static strict = false;
  static flags = {
    'client-certificate': Flags.string({ description: 'Path to client-certificate file for the user entry in kubeconfig' }),
    'client-key': Flags.string({ description: 'Path to client-key file for the user entry in kubeconfig' }),
    token: Flags.string({ description: 'token for the user entry in kubeconfig' }),
    username: Flags.string({ description: 'username for the user entry in kubeconfig' }),
    password: Flags.string({ description: 'password for the user entry in kubeconfig' }),
    'embed-certs': tristate('Embed client cert/key for the user entry in kubeconfig'),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ConfigSetCredentials);
    const { setCredentials } = await import('../../config-commands/entries.js');
    await this.execute(flags.kubeconfig, (session) =>
      setCredentials(session, {
        args: argv as string[],
        clientCertificate: flags['client-certificate'],
        clientKey: flags['client-key'],
        token: flags.token,
        username: flags.username,
        password: flags.password,
        embedCerts: flags['embed-certs'],
      }),
    );
  }
}
