import * as Flags from '@oclif/core/flags';
import { KubeCommand } from '../cli/base.js';
import { manifestFlags } from '../cli/manifest-flags.js';

export default class Create extends KubeCommand {
  static summary = 'Create a resource from a file or from stdin';
  static flags = {
    ...manifestFlags,
    'save-config': Flags.boolean({ description: 'If true, the configuration of current object will be saved in its annotation' }),
  };

  async run(): Promise<void> {
    const { flags, argv, metadata } = await this.parse(Create);
    const { recordCause } = await import('../set-commands/flags.js');
    const changeCause = recordCause('tkctl create', argv as string[], flags, metadata, (line) => process.stderr.write(line + '\n'));
    const { client, explicitNamespace } = await this.connect(flags);
    const [{ sendManifests }, { createOne, withLastApplied }] = await Promise.all([import('../cli/send-manifests.js'), import('../apply.js')]);
    // --save-config: the annotation a later `apply` reads, as kubectl writes it.
    const create: typeof createOne = flags['save-config'] ? (c, m, f) => createOne(c, { ...m, object: withLastApplied(m.object) }, f) : createOne;
    process.exitCode = await sendManifests('create', client, explicitNamespace, { ...flags, changeCause }, create);
  }
}
