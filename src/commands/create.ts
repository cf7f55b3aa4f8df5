import { KubeCommand } from '../cli/base.js';
import { manifestFlags } from '../cli/manifest-flags.js';

export default class Create extends KubeCommand {
  static summary = 'Create a resource from a file or from stdin';
  static flags = manifestFlags;

  async run(): Promise<void> {
    const { flags } = await this.parse(Create);
    const { client, explicitNamespace } = await this.connect(flags);
    const [{ sendManifests }, { createOne }] = await Promise.all([import('../cli/send-manifests.js'), import('../apply.js')]);
    process.exitCode = await sendManifests('create', client, explicitNamespace, flags, createOne);
  }
}
