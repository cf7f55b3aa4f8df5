import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand } from '../../cli/base.js';

export default class AuthCanI extends KubeCommand {
  static summary = 'Check whether an action is allowed';
  static usage = 'auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL]';
  static strict = false;
  static args = {
    verb: Args.string({ description: 'VERB' }),
    target: Args.string({ description: 'TYPE, TYPE/NAME or NONRESOURCEURL' }),
  };
  static flags = {
    'all-namespaces': Flags.boolean({ char: 'A', description: 'If true, check the specified action in all namespaces.' }),
    quiet: Flags.boolean({ char: 'q', description: 'If true, suppress output and just return the exit code.' }),
    subresource: Flags.string({ description: 'SubResource such as pod/log or deployment/scale' }),
    list: Flags.boolean({ description: 'If true, prints all allowed actions.' }),
    'no-headers': Flags.boolean({ description: 'If true, prints allowed actions without headers' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(AuthCanI);
    const { client } = await this.connect(flags);
    const { runCanI } = await import('../../auth-commands/can-i.js');
    process.exitCode = await runCanI(client, {
      args: argv as string[], namespace: flags['all-namespaces'] ? '' : client.namespace, subresource: flags.subresource, list: flags.list,
      quiet: flags.quiet, noHeaders: flags['no-headers'], allNamespaces: flags['all-namespaces'],
    }, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
  }
}
