import { KubeCommand } from '../cli/base.js';
import { manifestFlags } from '../cli/manifest-flags.js';
import { sendManifests } from '../cli/send-manifests.js';
import { createOne } from '../apply.js';

export default class Create extends KubeCommand {
  static summary = 'Create a resource from a file or from stdin';
  static flags = manifestFlags;

  async run(): Promise<void> {
    const { flags } = await this.parse(Create);
    const { client, explicitNamespace } = await this.connect(flags);
    process.exitCode = await sendManifests('create', client, explicitNamespace, flags, createOne);
  }
}
