import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand } from '../../cli/base.js';

export default class TopNode extends KubeCommand {
  static summary = 'Display resource (CPU/memory) usage of nodes';
  static aliases = ['top:nodes', 'top:no'];
  static args = { name: Args.string({ description: 'NAME' }) };
  static flags = {
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'sort-by': Flags.string({ description: 'If non-empty, sort nodes list using specified field. The field can be either \'cpu\' or \'memory\'.' }),
    'no-headers': Flags.boolean({ description: 'If present, print output without headers' }),
    'show-capacity': Flags.boolean({ description: 'Print node resources based on Capacity instead of Allocatable(default) of the nodes.' }),
    'use-protocol-buffers': Flags.boolean({ default: true, allowNo: true, description: 'Enables using protocol-buffers to access Metrics API.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(TopNode);
    const { client } = await this.connect(flags);
    const { topNodes } = await import('../../pod-commands/top.js');
    const result = await topNodes(client, { name: args.name, selector: flags.selector, sortBy: flags['sort-by'], noHeaders: flags['no-headers'], showCapacity: flags['show-capacity'] });
    process.stdout.write(result.stdout);
  }
}
