import { KubeCommand } from '../cli/base.js';
import { manifestFlags } from '../cli/manifest-flags.js';

export default class Apply extends KubeCommand {
  static summary = 'Apply a configuration to a resource by file name or stdin';
  static flags = manifestFlags;

  async run(): Promise<void> {
    const { flags } = await this.parse(Apply);
    const { client, explicitNamespace } = await this.connect(flags);
    const [{ sendManifests }, { applyOne }] = await Promise.all([import('../cli/send-manifests.js'), import('../apply.js')]);
    process.exitCode = await sendManifests('apply', client, explicitNamespace, flags, applyOne);
  }
}
