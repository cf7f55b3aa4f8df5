import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, err } from '../cli/base.js';

export default class Describe extends KubeCommand {
  static summary = 'Show details of a specific resource or group of resources';
  static strict = false;
  static args = { resources: Args.string({ description: 'TYPE [NAME_PREFIX] or TYPE/NAME' }) };
  static flags = {
    filename: Flags.string({ char: 'f', multiple: true, multipleNonGreedy: true, description: 'Filename, directory, or URL to files containing the resource to describe' }),
    recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f, --filename recursively' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'all-namespaces': Flags.boolean({ char: 'A', description: 'If present, list the requested object(s) across all namespaces' }),
    'show-events': Flags.boolean({ default: true, allowNo: true, description: 'If true, display events related to the described object' }),
    'chunk-size': Flags.integer({ default: 500, description: 'Return large lists in chunks rather than all at once' }),
  };

  async run(): Promise<void> {
    // kubectl spells the negation --show-events=false, which oclif's boolean flags do not take.
    this.argv = this.argv.map((a) => (a === '--show-events=false' ? '--no-show-events' : a === '--show-events=true' ? '--show-events' : a));
    const { argv, flags } = await this.parse(Describe);
    const { client, explicitNamespace } = await this.connect(flags);
    const { runDescribe } = await import('../describe/index.js');
    const result = await runDescribe(client, {
      args: argv as string[],
      namespace: client.namespace,
      explicitNamespace,
      allNamespaces: flags['all-namespaces'],
      labelSelector: flags.selector,
      filenames: flags.filename,
      recursive: flags.recursive,
      showEvents: flags['show-events'],
      chunkSize: flags['chunk-size'],
    });
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) err(result.stderr);
    process.exitCode = result.exitCode;
  }
}
