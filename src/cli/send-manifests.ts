// apply and create share everything but the per-object write: read, map, send, report.
import type { KubeClient } from '../client/client.js';
import { CliError, FatalError, formatError } from '../client/errors.js';
import { readManifests, type Manifest } from '../manifests.js';
import { matchesLabels, parseLabelSelector } from '../selectors/index.js';
import { recorded } from '../set-commands/record.js';
import { mapManifests, type MappedManifest } from '../mapping.js';
import type { Outcome, WriteFlags } from '../apply.js';
import { checkManifests } from '../validation/manifests.js';
import { dryRunMode, fieldValidation } from './manifest-flags.js';
import { heldSignal, holdSignals } from './interrupt.js';

export interface SendFlags {
  filename?: string[];
  recursive: boolean;
  validate: string;
  'dry-run': string;
  output?: string;
  /** -l: only the manifests whose labels match are sent. */
  selector?: string;
  /** --record: the command line kubectl stores in kubernetes.io/change-cause. */
  changeCause?: string;
}

function selectedBy(selector: string): (m: Manifest) => boolean {
  let requirements;
  try {
    requirements = parseLabelSelector(selector);
  } catch (e) {
    throw new CliError(`error: ${(e as Error).message}`);
  }
  return (m) => matchesLabels(requirements, m.object.metadata?.labels);
}

/** Returns the exit code; lines go out as each object is done, as kubectl prints them. */
export async function sendManifests(
  verb: 'apply' | 'create' | 'replace', client: KubeClient, explicitNamespace: boolean, flags: SendFlags,
  send: (client: KubeClient, m: MappedManifest, flags: WriteFlags) => Promise<Outcome>,
): Promise<number> {
  if (!flags.filename?.length) throw new CliError('error: must specify one of -f and -k');
  if (flags.output && flags.output !== 'name') {
    throw new CliError(`error: unable to match a printer suitable for the output format "${flags.output}", allowed formats are: name`);
  }
  const write: WriteFlags = { fieldValidation: fieldValidation(flags.validate), dryRun: dryRunMode(flags['dry-run']), nameOnly: flags.output === 'name' };
  let manifests = await readManifests(flags.filename, { recursive: flags.recursive });
  if (flags.selector) manifests = manifests.filter(selectedBy(flags.selector));
  if (manifests.length === 0) throw new CliError(`error: no objects passed to ${verb}`);
  if (flags.changeCause) manifests = manifests.map((m) => ({ ...m, object: recorded(m.object, flags.changeCause!) }));
  const checked = checkManifests(manifests, write.fieldValidation, verb === 'replace' ? 'replacing' : 'creating');
  for (const warning of checked.warnings) process.stderr.write(`Warning: ${warning}\n`);
  if (checked.errors.length) {
    for (const e of checked.errors) process.stderr.write(formatError(e) + '\n');
    return 1;
  }
  const mapped = await mapManifests(client, manifests, client.namespace, explicitNamespace);
  let failed = false;
  // Ctrl-C stops between two objects: the one in flight is finished and reported first.
  const release = holdSignals();
  try {
    for (const m of mapped) {
      // In-process writes never wait for I/O: let the event loop see a signal between two objects.
      await new Promise((resolve) => setImmediate(resolve));
      if (heldSignal()) break;
      const outcome = await send(client, m, write);
      if ('line' in outcome) process.stdout.write(outcome.line + '\n');
      else if (outcome.error instanceof FatalError) throw outcome.error;
      else {
        failed = true;
        process.stderr.write(formatError(outcome.error) + '\n');
      }
    }
  } finally {
    release();
  }
  return failed ? 1 : 0;
}
