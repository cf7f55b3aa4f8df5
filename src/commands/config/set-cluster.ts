import * as Flags from '@oclif/core/flags';
import { ConfigCommand, tristate } from '../../config-commands/command.js';

export default class ConfigSetCluster extends ConfigCommand {
  static summary = 'Set a cluster entry in kubeconfig';
  static strict = false;
  static flags = {
    server: Flags.string({ description: 'server for the cluster entry in kubeconfig' }),
    'tls-server-name': Flags.string({ description: 'tls-server-name for the cluster entry in kubeconfig' }),
    'insecure-skip-tls-verify': tristate('insecure-skip-tls-verify for the cluster entry in kubeconfig'),
    'certificate-authority': Flags.string({ description: 'Path to certificate-authority file for the cluster entry in kubeconfig' }),
    'embed-certs': tristate('embed-certs for the cluster entry in kubeconfig'),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ConfigSetCluster);
    const { setCluster } = await import('../../config-commands/entries.js');
    await this.execute(flags.kubeconfig, (session) =>
      setCluster(session, {
        args: argv as string[],
        server: flags.server,
        tlsServerName: flags['tls-server-name'],
        insecureSkipTlsVerify: flags['insecure-skip-tls-verify'],
        certificateAuthority: flags['certificate-authority'],
        embedCerts: flags['embed-certs'],
      }),
    );
  }
}
