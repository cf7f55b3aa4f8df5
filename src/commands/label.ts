import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, err } from '../cli/base.js';

export default class Label extends KubeCommand {
  static summary = 'Update the labels on a resource';
  static strict = false;
  static args = { resources: Args.string({ description: 'TYPE NAME or TYPE/NAME, then KEY_1=VAL_1 ... KEY_N- ...' }) };
  static flags = {
    overwrite: Flags.boolean({ description: 'If true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'field-selector': Flags.string({ description: 'Selector (field query) to filter on' }),
    all: Flags.boolean({ description: 'Select all resources, in the namespace of the specified resource types' }),
    'all-namespaces': Flags.boolean({ char: 'A', description: 'If true, check the specified action in all namespaces' }),
    list: Flags.boolean({ description: 'If true, display the labels for a given resource' }),
    'resource-version': Flags.string({ description: 'If non-empty, the label update will only succeed if this is the current resource-version for the object' }),
    'dry-run': Flags.string({ default: 'none', description: 'Must be "none", "server", or "client"' }),
    output: Flags.string({ char: 'o', description: 'Output format. One of: (json, yaml, name)' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Label);
    const { client } = await this.connect(flags);
    const { runMetadataEdit } = await import('../metadata-commands/label.js');
    const result = await runMetadataEdit(client, 'label', argv as string[], flags);
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) err(result.stderr);
    process.exitCode = result.exitCode;
  }
}
