import { KubeCommand } from '../cli/base.js';
import { manifestFlags } from '../cli/manifest-flags.js';
import { sendManifests } from '../cli/send-manifests.js';
import { applyOne } from '../apply.js';

export default class Apply extends KubeCommand {
  static summary = 'Apply a configuration to a resource by file name or stdin';
  static flags = manifestFlags;

  async run(): Promise<void> {
    const { flags } = await this.parse(Apply);
    const { client, explicitNamespace } = await this.connect(flags);
    process.exitCode = await sendManifests('apply', client, explicitNamespace, flags, applyOne);
  }
}
