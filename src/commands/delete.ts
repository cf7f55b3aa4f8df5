import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand } from '../cli/base.js';
import { CliError } from '../client/errors.js';
import { dryRunMode } from '../cli/manifest-flags.js';
import { parseDuration } from '../cli/durations.js';
import type { DeleteTarget } from '../delete.js';

const CASCADE: Record<string, 'Background' | 'Foreground' | 'Orphan'> = {
  background: 'Background', true: 'Background', foreground: 'Foreground', orphan: 'Orphan', false: 'Orphan',
};

async function confirmDeletion(targets: DeleteTarget[]): Promise<boolean> {
  const [{ askYesNo }, { qualifiedKind }, { apiVersionOf }] = await Promise.all([
    import('../cli/prompts.js'), import('../printers/name.js'), import('../client/discovery.js'),
  ]);
  const names = targets.map((t) => `${qualifiedKind(t.resource.kind, apiVersionOf(t.resource))}/${t.name}\n`);
  process.stdout.write(`You are about to delete the following ${targets.length} resource(s):\n${names.join('')}`);
  return askYesNo('Do you want to continue?');
}

export default class Delete extends KubeCommand {
  static summary = 'Delete resources by file names, stdin, resources and names, or by resources and label selector';
  static strict = false;
  static args = { resources: Args.string({ description: 'TYPE NAME... or TYPE/NAME...' }) };
  static flags = {
    filename: Flags.string({ char: 'f', multiple: true, multipleNonGreedy: true, description: 'containing the resource to delete' }),
    recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f, --filename recursively' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'field-selector': Flags.string({ description: 'Selector (field query) to filter on' }),
    all: Flags.boolean({ description: 'Delete all resources, in the namespace of the specified resource types' }),
    'all-namespaces': Flags.boolean({ char: 'A', description: 'If present, list the requested object(s) across all namespaces' }),
    'ignore-not-found': Flags.boolean({ description: 'Treat "resource not found" as a successful delete' }),
    cascade: Flags.string({ default: 'background', description: 'Must be "background", "orphan", or "foreground"' }),
    'grace-period': Flags.integer({ default: -1, description: 'Period of time in seconds given to the resource to terminate gracefully' }),
    now: Flags.boolean({ description: 'If true, resources are signaled for immediate shutdown (same as --grace-period=1)' }),
    force: Flags.boolean({ description: 'If true, immediately remove resources from API and bypass graceful deletion' }),
    wait: Flags.string({ default: 'true', description: 'If true, wait for resources to be gone before returning' }),
    timeout: Flags.string({ default: '0s', description: 'The length of time to wait before giving up on a delete' }),
    'dry-run': Flags.string({ default: 'none', description: 'Must be "none", "server", or "client"' }),
    interactive: Flags.boolean({ char: 'i', description: 'If true, delete resource only when user confirms' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Delete);
    const cascade = CASCADE[flags.cascade];
    if (!cascade) throw new CliError(`error: invalid cascade value (${flags.cascade}). Must be "background", "foreground", or "orphan".`);
    let grace = flags['grace-period'];
    if (flags.now) grace = 1;
    if (flags.force && grace < 0) grace = 0;
    const dryRun = dryRunMode(flags['dry-run']);
    const { client, explicitNamespace } = await this.connect(flags);
    const [{ resolveDeleteTargets }, { deleteTargets }] = await Promise.all([import('../cli/delete-targets.js'), import('../delete.js')]);
    const targets = await resolveDeleteTargets(client, argv as string[], {
      filenames: flags.filename, recursive: flags.recursive, selector: flags.selector, fieldSelector: flags['field-selector'],
      all: flags.all, allNamespaces: flags['all-namespaces'], explicitNamespace,
    });
    if (targets.length === 0) {
      process.stdout.write('No resources found\n');
      return;
    }
    if (flags.force && grace === 0) process.stderr.write('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
    if (flags.interactive && !(await confirmDeletion(targets))) {
      process.stdout.write('deletion is cancelled\n');
      return;
    }
    const report = await deleteTargets(client, targets, {
      propagationPolicy: cascade,
      gracePeriodSeconds: grace >= 0 ? grace : undefined,
      ignoreNotFound: flags['ignore-not-found'] || flags.all || !!flags.selector,
      wait: flags.wait !== 'false',
      dryRun,
      timeoutMs: parseDuration(flags.timeout),
    }, (line) => process.stdout.write(line + '\n'));
    for (const e of report.errors) process.stderr.write(e + '\n');
    if (report.errors.length) process.exitCode = 1;
  }
}
