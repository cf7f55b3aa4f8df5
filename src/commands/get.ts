import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, err } from '../cli/base.js';
import { CliError } from '../client/errors.js';

export default class Get extends KubeCommand {
  static summary = 'Display one or many resources';
  static strict = false;
  static args = { resources: Args.string({ description: 'TYPE[,TYPE...] [NAME...] or TYPE/NAME...' }) };
  static flags = {
    output: Flags.string({ char: 'o', description: 'Output format: json, yaml, name, wide, jsonpath=, jsonpath-file=, jsonpath-as-json=, custom-columns=, custom-columns-file=' }),
    template: Flags.string({ description: 'Template string or path to template file to use when -o=jsonpath, -o=jsonpath-file' }),
    'allow-missing-template-keys': Flags.boolean({ default: true, allowNo: true, description: 'If true, ignore any errors in templates when a field or map key is missing in the template' }),
    'sort-by': Flags.string({ description: 'If non-empty, sort list types using this field specification (a JSONPath expression)' }),
    watch: Flags.boolean({ char: 'w', description: 'After listing/getting the requested object, watch for changes' }),
    'watch-only': Flags.boolean({ description: 'Watch for changes to the requested object(s), without listing/getting first' }),
    'output-watch-events': Flags.boolean({ description: 'Output watch event objects when --watch or --watch-only is used' }),
    'all-namespaces': Flags.boolean({ char: 'A', description: 'List the requested object(s) across all namespaces' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'field-selector': Flags.string({ description: 'Selector (field query) to filter on' }),
    'show-labels': Flags.boolean({ description: 'When printing, show all labels as the last column' }),
    'label-columns': Flags.string({ char: 'L', multiple: true, multipleNonGreedy: true, description: 'Labels to present as columns' }),
    'no-headers': Flags.boolean({ description: 'Don\'t print headers' }),
    'ignore-not-found': Flags.boolean({ description: 'If the requested object does not exist the command will return exit code 0' }),
    'show-managed-fields': Flags.boolean({ description: 'If true, keep the managedFields when printing objects in JSON or YAML format' }),
    'chunk-size': Flags.integer({ default: 500, description: 'Return large lists in chunks rather than all at once' }),
  };

  async run(): Promise<void> {
    // kubectl's boolean flags take =true/=false; oclif's take a --no- prefix.
    this.argv = this.argv.map((a) => (/^--allow-missing-template-keys=false$/i.test(a) ? '--no-allow-missing-template-keys' : a.replace(/^(--allow-missing-template-keys)=true$/i, '$1')));
    const { argv, flags } = await this.parse(Get);
    if (flags['output-watch-events'] && !flags.watch && !flags['watch-only']) {
      throw new CliError('error: --output-watch-events option can only be used with --watch or --watch-only');
    }
    const { client } = await this.connect(flags);
    const options = {
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
      sortBy: flags['sort-by'],
      template: flags.template,
      allowMissingKeys: flags['allow-missing-template-keys'],
      showManagedFields: flags['show-managed-fields'],
    };
    if (flags.watch || flags['watch-only']) {
      const { runGetWatch } = await import('../get-watch.js');
      const { interruption } = await import('../cli/interrupt.js');
      const interrupted = interruption();
      process.exitCode = await runGetWatch(client, { ...options, watchOnly: flags['watch-only'], outputWatchEvents: flags['output-watch-events'] }, {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
        interrupted,
      });
      return;
    }
    const { runGet } = await import('../get.js');
    const result = await runGet(client, options);
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) err(result.stderr);
    process.exitCode = result.exitCode;
  }
}
