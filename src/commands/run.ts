import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { KubeCommand, out } from '../cli/base.js';

export default class Run extends KubeCommand {
  static summary = 'Run a particular image on the cluster';
  static strict = false;
  static args = { name: Args.string({ description: 'NAME' }) };
  static flags = {
    image: Flags.string({ description: 'The image for the container to run' }),
    port: Flags.string({ description: 'The port that this container exposes' }),
    labels: Flags.string({ char: 'l', description: 'Comma separated labels to apply to the pod(s)' }),
    env: Flags.string({ multiple: true, multipleNonGreedy: true, description: 'Environment variables to set in the container' }),
    annotations: Flags.string({ multiple: true, multipleNonGreedy: true, description: 'Annotations to apply to the pod' }),
    restart: Flags.string({ default: 'Always', description: 'The restart policy for this Pod: Always, OnFailure or Never' }),
    command: Flags.boolean({ description: 'If true and extra arguments are present, use them as the command field in the container' }),
    expose: Flags.boolean({ description: 'If true, create a ClusterIP service associated with the pod' }),
    'image-pull-policy': Flags.string({ description: 'The image pull policy for the container' }),
    privileged: Flags.boolean({ description: 'If true, run the container in privileged mode' }),
    output: Flags.string({ char: 'o', description: 'Output format. One of: (json, yaml, name)' }),
    'dry-run': Flags.string({ default: 'none', description: 'Must be "none", "server", or "client"' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Run);
    // Every word after NAME ("--" or not) is the container's args, or its command with --command.
    const [name, ...words] = (argv as string[]).filter((a) => a !== '--');
    const connection = await this.connect(flags);
    const { runPod } = await import('../generators/run-command.js');
    out(await runPod(connection, name === undefined ? [] : [name], words, flags));
  }
}
