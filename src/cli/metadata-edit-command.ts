// `label` and `annotate`: one command, told which of the two metadata maps it edits.
import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, err } from './base.js';

export function metadataEditCommand(kind: 'label' | 'annotation') {
  const many = `${kind}s`;
  return class MetadataEdit extends KubeCommand {
    static summary = `Update the ${many} on a resource`;
    static strict = false;
    static args = { resources: Args.string({ description: 'TYPE NAME or TYPE/NAME, then KEY_1=VAL_1 ... KEY_N- ...' }) };
    static flags = {
      overwrite: Flags.boolean({ description: `If true, allow ${many} to be overwritten, otherwise reject ${kind} updates that overwrite existing ${many}` }),
      selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
      'field-selector': Flags.string({ description: 'Selector (field query) to filter on' }),
      all: Flags.boolean({ description: 'Select all resources, in the namespace of the specified resource types' }),
      'all-namespaces': Flags.boolean({ char: 'A', description: 'If true, check the specified action in all namespaces' }),
      list: Flags.boolean({ description: `If true, display the ${many} for a given resource` }),
      'resource-version': Flags.string({ description: `If non-empty, the ${kind} update will only succeed if this is the current resource-version for the object` }),
      'dry-run': Flags.string({ default: 'none', description: 'Must be "none", "server", or "client"' }),
      output: Flags.string({ char: 'o', description: 'Output format. One of: (json, yaml, name)' }),
    };

    async run(): Promise<void> {
      const { argv, flags } = await this.parse(MetadataEdit);
      const { client } = await this.connect(flags);
      const { runMetadataEdit } = await import('../metadata-commands/label.js');
      const result = await runMetadataEdit(client, kind, argv as string[], flags);
      if (result.stdout) process.stdout.write(result.stdout);
      if (result.stderr) err(result.stderr);
      process.exitCode = result.exitCode;
    }
  };
}
