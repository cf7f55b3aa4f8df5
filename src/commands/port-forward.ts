import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand } from '../cli/base.js';

export default class PortForward extends KubeCommand {
  static summary = 'Forward one or more local ports to a pod';
  static strict = false;
  static args = { target: Args.string({ description: 'TYPE/NAME' }) };
  static flags = {
    address: Flags.string({ multiple: true, multipleNonGreedy: true, description: 'Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value.' }),
    'pod-running-timeout': Flags.string({ default: '1m0s', description: 'The length of time to wait until at least one pod is running' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(PortForward);
    const { client } = await this.connect(flags);
    const { runPortForward } = await import('../pod-commands/port-forward.js');
    const [target = '', ...ports] = argv as string[];
    const stop = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await runPortForward(client, { namespace: client.namespace, target, ports, addresses: flags.address ?? [] }, {
      out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), stop,
    });
  }
}
