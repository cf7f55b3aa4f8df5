import { Command } from '@oclif/core/command';

export default class ClusterList extends Command {
  static summary = 'List embedded clusters';

  async run(): Promise<void> {
    await this.parse(ClusterList);
    const { listClusters, tkctlHome } = await import('../../backends/embedded/cluster.js');
    const names = listClusters(tkctlHome());
    if (names.length === 0) process.stderr.write('No clusters found.\n');
    for (const n of names) process.stdout.write(n + '\n');
  }
}
