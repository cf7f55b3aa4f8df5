import { Args, Flags } from '@oclif/core';
import { KubeCommand, err } from '../cli/base.js';

export default class Get extends KubeCommand {
  static summary = 'Display one or many resources';
  static strict = false;
  static args = { resources: Args.string({ description: 'TYPE[,TYPE...] [NAME...] or TYPE/NAME...' }) };
  static flags = {
    output: Flags.string({ char: 'o', description: 'Output format: json, yaml, name, wide' }),
    'all-namespaces': Flags.boolean({ char: 'A', description: 'List the requested object(s) across all namespaces' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'field-selector': Flags.string({ description: 'Selector (field query) to filter on' }),
    'show-labels': Flags.boolean({ description: 'When printing, show all labels as the last column' }),
    'label-columns': Flags.string({ char: 'L', multiple: true, description: 'Labels to present as columns' }),
    'no-headers': Flags.boolean({ description: 'Don\'t print headers' }),
    'ignore-not-found': Flags.boolean({ description: 'If the requested object does not exist the command will return exit code 0' }),
    'chunk-size': Flags.integer({ default: 500, description: 'Return large lists in chunks rather than all at once' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Get);
    const { client } = await this.connect(flags);
    const { runGet } = await import('../get.js');
    const result = await runGet(client, {
      args: argv as string[],
      namespace: client.namespace,
      allNamespaces: flags['all-namespaces'],
      labelSelector: flags.selector,
      fieldSelector: flags['field-selector'],
      output: flags.output,
      showLabels: flags['show-labels'],
      labelColumns: flags['label-columns']?.flatMap((l) => l.split(',')),
      noHeaders: flags['no-headers'],
      ignoreNotFound: flags['ignore-not-found'],
      chunkSize: flags['chunk-size'],
    });
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) err(result.stderr);
    process.exitCode = result.exitCode;
  }
}
