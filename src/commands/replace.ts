import { KubeCommand } from '../cli/base.js';
import { manifestFlags } from '../cli/manifest-flags.js';

export default class Replace extends KubeCommand {
  static summary = 'Replace a resource by file name or stdin';
  static flags = manifestFlags;

  async run(): Promise<void> {
    const { flags, argv, metadata } = await this.parse(Replace);
    const { recordCause } = await import('../set-commands/flags.js');
    const changeCause = recordCause('tkctl replace', argv as string[], flags, metadata, (line) => process.stderr.write(line + '\n'));
    const { client, explicitNamespace } = await this.connect(flags);
    const [{ sendManifests }, { replaceOne }] = await Promise.all([import('../cli/send-manifests.js'), import('../apply.js')]);
    process.exitCode = await sendManifests('replace', client, explicitNamespace, { ...flags, changeCause }, replaceOne);
  }
}
