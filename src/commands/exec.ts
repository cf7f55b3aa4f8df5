import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand } from '../cli/base.js';

export default class Exec extends KubeCommand {
  static summary = 'Execute a command in a container';
  static strict = false;
  static args = { target: Args.string({ description: 'POD or TYPE/NAME' }) };
  static flags = {
    container: Flags.string({ char: 'c', description: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' }),
    stdin: Flags.boolean({ char: 'i', description: 'Pass stdin to the container' }),
    tty: Flags.boolean({ char: 't', description: 'Stdin is a TTY' }),
    quiet: Flags.boolean({ char: 'q', description: 'Only print output from the remote session' }),
    'pod-running-timeout': Flags.string({ default: '1m0s', description: 'The length of time to wait until at least one pod is running' }),
  };

  async run(): Promise<void> {
    // Everything after "--" is the command, flags included; only what precedes it is ours.
    const dashes = this.argv.indexOf('--');
    const command = dashes < 0 ? [] : this.argv.slice(dashes + 1);
    if (dashes >= 0) this.argv = this.argv.slice(0, dashes);
    const { argv, flags } = await this.parse(Exec);
    const { client } = await this.connect(flags);
    const { runExec } = await import('../pod-commands/exec.js');
    const [target = '', ...rest] = argv as string[];
    // kubectl guards a terminal given as stdin: a signal restores it and exits 1. Otherwise the
    // signal ends the process.
    const { interruption } = await import('../cli/interrupt.js');
    const interrupted = flags.stdin && process.stdin.isTTY ? interruption() : undefined;
    process.exitCode = await runExec(client, {
      namespace: client.namespace, target, container: flags.container, command: [...rest, ...command], stdin: flags.stdin, tty: flags.tty, quiet: flags.quiet,
    }, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, interrupted });
  }
}
