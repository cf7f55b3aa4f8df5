import * as Flags from '@oclif/core/flags';
import { KubeCommand } from '../cli/base.js';
import { CliError } from '../client/errors.js';
import { formatVersion } from '../version.js';

export default class Version extends KubeCommand {
  static summary = 'Print the client and server version information';
  static flags = {
    client: Flags.boolean({ description: 'If true, shows client version only (no server required).' }),
    output: Flags.string({ char: 'o', description: "One of 'yaml' or 'json'." }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Version);
    const output = flags.output ?? '';
    if (!['', 'json', 'yaml'].includes(output)) throw new CliError(`error: --output must be 'yaml' or 'json'`);
    if (flags.client) {
      process.stdout.write(formatVersion(output));
      return;
    }
    const { client } = await this.connect(flags);
    try {
      // kubectl asks through its discovery client, which gives the server 32s.
      const server = await client.request('GET', '/version', { query: { timeout: '32s' } });
      process.stdout.write(formatVersion(output, server));
    } catch (e) {
      // kubectl prints what it knows before the error.
      process.stdout.write(formatVersion(output));
      throw e;
    }
  }
}
