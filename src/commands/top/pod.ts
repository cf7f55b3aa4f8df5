import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, err } from '../../cli/base.js';

export default class TopPod extends KubeCommand {
  static summary = 'Display resource (CPU/memory) usage of pods';
  static aliases = ['top:pods', 'top:po'];
  static args = { name: Args.string({ description: 'NAME' }) };
  static flags = {
    'all-namespaces': Flags.boolean({ char: 'A', description: 'If present, list the requested object(s) across all namespaces.' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'field-selector': Flags.string({ description: 'Selector (field query) to filter on' }),
    containers: Flags.boolean({ description: 'If present, print usage of containers within a pod.' }),
    'sort-by': Flags.string({ description: 'If non-empty, sort pods list using specified field. The field can be either \'cpu\' or \'memory\'.' }),
    'no-headers': Flags.boolean({ description: 'If present, print output without headers.' }),
    sum: Flags.boolean({ description: 'Print the sum of the resource usage' }),
    'use-protocol-buffers': Flags.boolean({ default: true, allowNo: true, description: 'Enables using protocol-buffers to access Metrics API.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(TopPod);
    const { client } = await this.connect(flags);
    const { topPods } = await import('../../pod-commands/top.js');
    const result = await topPods(client, {
      namespace: client.namespace, allNamespaces: flags['all-namespaces'], name: args.name, selector: flags.selector, fieldSelector: flags['field-selector'],
      containers: flags.containers, sortBy: flags['sort-by'], noHeaders: flags['no-headers'], sum: flags.sum,
    });
    if (result.stderr) err(result.stderr);
    process.stdout.write(result.stdout);
  }
}
