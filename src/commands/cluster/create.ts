import { readFileSync } from 'node:fs';
import * as Args from '@oclif/core/args';
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { CliError } from '../../client/errors.js';
import { DEFAULT_CLUSTER, contextName } from '../../embedded-context.js';
import { kubeconfigPaths } from '../../kubeconfig/index.js';

export default class ClusterCreate extends Command {
  static summary = 'Create an embedded cluster and a kubeconfig context for it';
  static args = { name: Args.string({ description: 'cluster name' }) };
  static flags = {
    name: Flags.string({ description: 'cluster name (overrides the argument)' }),
    config: Flags.string({ description: 'path to a kind config file (kind.x-k8s.io/v1alpha4 Cluster)' }),
    kubeconfig: Flags.string({ description: 'kubeconfig file to register the context in' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClusterCreate);
    const name = flags.name ?? args.name ?? DEFAULT_CLUSTER;
    const { DEFAULT_CLUSTER_CONFIG, parseClusterConfig, ClusterConfigError } = await import('../../backends/embedded/kind-config.js');
    const { tkctlHome, ClusterError } = await import('../../backends/embedded/cluster.js');
    const { createAndRegister } = await import('../../clusters.js');
    let config = DEFAULT_CLUSTER_CONFIG;
    if (flags.config) {
      let text: string;
      try {
        text = readFileSync(flags.config, 'utf8');
      } catch {
        throw new CliError(`error: open ${flags.config}: no such file or directory`);
      }
      try {
        config = parseClusterConfig(text, flags.config);
      } catch (e) {
        if (e instanceof ClusterConfigError) throw new CliError(`error: ${e.message}`);
        throw e;
      }
    }
    process.stderr.write(`Creating cluster "${name}" ...\n`);
    try {
      await createAndRegister(tkctlHome(), name, config, kubeconfigPaths(process.env, flags.kubeconfig)[0], new Date());
    } catch (e) {
      if (e instanceof ClusterError) throw new CliError(`error: ${e.message}`);
      throw e;
    }
    const ctx = contextName(name);
    process.stderr.write(`Set kubectl context to "${ctx}"\nYou can now use your cluster with:\n\ntkctl get nodes --context ${ctx}\n\nTo reach it with kubectl too, serve it: tkctl cluster serve ${name}\n`);
  }
}
