import { KubeCommand } from '../cli/base.js';

export default class ClusterInfo extends KubeCommand {
  static summary = 'Display cluster information';

  async run(): Promise<void> {
    const { flags } = await this.parse(ClusterInfo);
    const { client } = await this.connect(flags);
    const [{ runClusterInfo }, { serverUrl }] = await Promise.all([import('../metadata-commands/cluster-info.js'), import('../metadata-commands/server-url.js')]);
    process.stdout.write(await runClusterInfo(client, serverUrl(flags)));
  }
}
