import { KubeCommand } from '../cli/base.js';

export default class ApiVersions extends KubeCommand {
  static summary = 'Print the supported API versions on the server, in the form of "group/version"';

  async run(): Promise<void> {
    const { flags } = await this.parse(ApiVersions);
    const { client } = await this.connect(flags);
    const { runApiVersions } = await import('../metadata-commands/api-resources.js');
    process.stdout.write(await runApiVersions(client));
  }
}
