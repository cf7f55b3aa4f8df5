import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand } from '../cli/base.js';

export default class ApiResources extends KubeCommand {
  static summary = 'Print the supported API resources on the server';
  static strict = false;
  static args = { extra: Args.string({ hidden: true }) };
  static flags = {
    output: Flags.string({ char: 'o', description: 'Output format. One of: wide|name' }),
    namespaced: Flags.string({ description: 'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default' }),
    'api-group': Flags.string({ description: 'Limit to resources in the specified API group' }),
    verbs: Flags.string({ multiple: true, multipleNonGreedy: true, description: 'Limit to resources that support the specified verbs' }),
    'sort-by': Flags.string({ description: "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'" }),
    'no-headers': Flags.boolean({ description: "When using the default or custom-column output format, don't print headers" }),
    cached: Flags.boolean({ description: 'Use the cached list of resources if available' }),
  };

  async run(): Promise<void> {
    // A bare --namespaced means true, as a Go boolean flag does.
    const argv = this.argv.map((a) => (a === '--namespaced' ? '--namespaced=true' : a));
    const { argv: args, flags } = await this.parse(ApiResources, argv);
    const { parseGoBool, runApiResources } = await import('../metadata-commands/api-resources.js');
    const namespaced = flags.namespaced === undefined ? undefined : parseGoBool(flags.namespaced, 'namespaced', 'api-resources');
    const { client } = await this.connect(flags);
    process.stdout.write(await runApiResources(client, args as string[], {
      ...flags, namespaced, verbs: flags.verbs?.flatMap((v) => v.split(',')),
    }));
  }
}
