import { KubeCommand } from '../cli/base.js';
import { manifestFlags } from '../cli/manifest-flags.js';

export default class Create extends KubeCommand {
  static summary = 'Create a resource from a file or from stdin';
  static flags = manifestFlags;

  async run(): Promise<void> {
    const { flags, argv, metadata } = await this.parse(Create);
    const { recordCause } = await import('../set-commands/flags.js');
    const changeCause = recordCause('tkctl create', argv as string[], flags, metadata, (line) => process.stderr.write(line + '\n'));
    const { client, explicitNamespace } = await this.connect(flags);
    const [{ sendManifests }, { createOne }] = await Promise.all([import('../cli/send-manifests.js'), import('../apply.js')]);
    process.exitCode = await sendManifests('create', client, explicitNamespace, { ...flags, changeCause }, createOne);
  }
}
