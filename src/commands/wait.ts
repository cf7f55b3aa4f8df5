import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand } from '../cli/base.js';
import { selectionFlags } from '../set-commands/flags.js';

export default class Wait extends KubeCommand {
  static summary = 'Experimental: Wait for a specific condition on one or many resources';
  static strict = false;
  static args = { resources: Args.string({ description: '([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)])' }) };
  static flags = {
    ...selectionFlags,
    'all-namespaces': Flags.boolean({ char: 'A', description: 'If present, list the requested object(s) across all namespaces' }),
    for: Flags.string({ description: "The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]" }),
    timeout: Flags.string({ default: '30s', description: 'The length of time to wait before giving up. Zero means check once and don\'t wait, negative means wait for a week.' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Wait);
    const { parseWaitFor, runWait } = await import('../wait.js');
    const { parseDuration } = await import('../cli/durations.js');
    const waitFor = parseWaitFor(flags.for ?? '');
    const timeout = flags.timeout.startsWith('-') ? 7 * 24 * 3_600_000 : parseDuration(flags.timeout);
    const { client } = await this.connect(flags);
    const { selectionOf } = await import('../set-commands/flags.js');
    await runWait(client, argv as string[], { selection: selectionOf(flags), for: waitFor, timeout, out: (t) => process.stdout.write(t) });
  }
}
