import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand } from '../cli/base.js';

export default class Logs extends KubeCommand {
  static summary = 'Print the logs for a container in a pod';
  static strict = false;
  static args = {
    target: Args.string({ description: 'POD or TYPE/NAME' }),
    container: Args.string({ description: 'CONTAINER' }),
  };
  static flags = {
    container: Flags.string({ char: 'c', description: 'Print the logs of this container' }),
    follow: Flags.boolean({ char: 'f', description: 'Specify if the logs should be streamed.' }),
    previous: Flags.boolean({ char: 'p', description: 'If true, print the logs for the previous instance of the container in a pod if it exists.' }),
    tail: Flags.integer({ default: -1, description: 'Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.' }),
    since: Flags.string({ description: 'Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs.' }),
    'since-time': Flags.string({ description: 'Only return logs after a specific date (RFC3339). Defaults to all logs.' }),
    timestamps: Flags.boolean({ description: 'Include timestamps on each line in the log output' }),
    'all-containers': Flags.boolean({ description: 'Get all containers\' logs in the pod(s).' }),
    'all-pods': Flags.boolean({ description: 'Get logs from all pod(s). Sets prefix to true.' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    prefix: Flags.boolean({ description: 'Prefix each log line with the log source (pod name and container name)' }),
    'max-log-requests': Flags.integer({ default: 5, description: 'Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.' }),
    'limit-bytes': Flags.integer({ default: 0, description: 'Maximum bytes of logs to return. Defaults to no limit.' }),
    'ignore-errors': Flags.boolean({ description: 'If watching / following pod logs, allow for any errors that occur to be non-fatal' }),
    'pod-running-timeout': Flags.string({ default: '20s', description: 'The length of time to wait until at least one pod is running' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Logs);
    const { client } = await this.connect(flags);
    const { runLogs } = await import('../pod-commands/logs.js');
    const { interruption } = await import('../cli/interrupt.js');
    const interrupted = interruption();
    process.exitCode = await runLogs(client, {
      args: argv as string[], namespace: client.namespace, container: flags.container, follow: flags.follow, previous: flags.previous,
      tail: flags.tail, since: flags.since, sinceTime: flags['since-time'], timestamps: flags.timestamps, allContainers: flags['all-containers'],
      allPods: flags['all-pods'], selector: flags.selector, prefix: flags.prefix || flags['all-pods'], maxLogRequests: flags['max-log-requests'],
      limitBytes: flags['limit-bytes'] || undefined, ignoreErrors: flags['ignore-errors'],
    }, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), interrupted });
  }
}
