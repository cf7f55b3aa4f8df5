import * as Args from '@oclif/core/args';
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { CliError } from '../../client/errors.js';
import { DEFAULT_CLUSTER } from '../../embedded-context.js';
import { kubeconfigPaths } from '../../kubeconfig/index.js';

export default class ClusterDelete extends Command {
  static summary = 'Delete an embedded cluster and its kubeconfig context';
  static args = { name: Args.string({ description: 'cluster name' }) };
  static flags = {
    name: Flags.string({ description: 'cluster name (overrides the argument)' }),
    kubeconfig: Flags.string({ description: 'kubeconfig file to remove the context from' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClusterDelete);
    const name = flags.name ?? args.name ?? DEFAULT_CLUSTER;
    const { tkctlHome, ClusterError } = await import('../../backends/embedded/cluster.js');
    const { deleteAndUnregister } = await import('../../clusters.js');
    process.stderr.write(`Deleting cluster "${name}" ...\n`);
    try {
      deleteAndUnregister(tkctlHome(), name, kubeconfigPaths(process.env, flags.kubeconfig)[0]);
    } catch (e) {
      if (e instanceof ClusterError) throw new CliError(`error: ${e.message}`);
      throw e;
    }
  }
}
