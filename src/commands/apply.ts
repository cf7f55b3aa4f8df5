import * as Flags from '@oclif/core/flags';
import { KubeCommand } from '../cli/base.js';
import { dryRunMode, manifestFlags } from '../cli/manifest-flags.js';
import type { MappedManifest } from '../mapping.js';

export default class Apply extends KubeCommand {
  static summary = 'Apply a configuration to a resource by file name or stdin';
  static flags = {
    ...manifestFlags,
    'server-side': Flags.boolean({ description: 'If true, apply runs in the server instead of the client' }),
    'field-manager': Flags.string({ description: 'Name of the manager used to track field ownership' }),
    'force-conflicts': Flags.boolean({ description: 'If true, server-side apply will force the changes against conflicts' }),
    prune: Flags.boolean({ description: 'Automatically delete resource objects that do not appear in the configs and are created by apply' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
  };

  async run(): Promise<void> {
    const { flags, argv, metadata } = await this.parse(Apply);
    const { recordCause } = await import('../set-commands/flags.js');
    const changeCause = recordCause('tkctl apply', argv as string[], flags, metadata, (line) => process.stderr.write(line + '\n'));
    const { checkServerSideFlags, serverSideApplier, pruneUnapplied } = await import('../apply-server-side.js');
    const dryRun = dryRunMode(flags['dry-run']);
    const serverSide = flags['server-side'];
    checkServerSideFlags({ serverSide, forceConflicts: flags['force-conflicts'], dryRun, prune: flags.prune, selector: flags.selector });
    const { client, explicitNamespace } = await this.connect(flags);
    const [{ sendManifests }, { applyOne }] = await Promise.all([import('../cli/send-manifests.js'), import('../apply.js')]);
    const send = serverSide ? serverSideApplier({ fieldManager: flags['field-manager'] ?? 'kubectl', forceConflicts: flags['force-conflicts'] }) : applyOne;
    const applied: MappedManifest[] = [];
    process.exitCode = await sendManifests('apply', client, explicitNamespace, { ...flags, changeCause }, (c, m, w) => {
      applied.push(m);
      return send(c, m, w);
    });
    // Interrupted, the objects not yet applied would look unwanted: nothing is pruned.
    const { heldSignal } = await import('../cli/interrupt.js');
    if (flags.prune && process.exitCode === 0 && !heldSignal()) {
      const namespaces = [...new Set(applied.flatMap((m) => (m.namespace ? [m.namespace] : [])))];
      await pruneUnapplied(client, applied, { selector: flags.selector!, dryRun, namespaces }, (line) => process.stdout.write(line + '\n'));
    }
  }
}
