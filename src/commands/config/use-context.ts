import { ConfigCommand } from '../../config-commands/command.js';

export default class ConfigUseContext extends ConfigCommand {
  static summary = 'Set the current-context in a kubeconfig file';
  static aliases = ['config:use'];
  static strict = false;

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ConfigUseContext);
    const { useContext, useContextHelp } = await import('../../config-commands/contexts.js');
    const args = argv as string[];
    if (args.length === 0) {
      // kubectl prints its help and an error; on a terminal tkctl offers the contexts to choose from instead.
      const picked = await this.pickContext(flags.kubeconfig);
      if (picked === undefined) {
        process.stdout.write(useContextHelp);
        process.stderr.write('error: Unexpected args: []\n');
        process.exitCode = 1;
        return;
      }
      args.push(picked);
    }
    await this.execute(flags.kubeconfig, (session) => useContext(session, args));
  }

  private async pickContext(kubeconfig: string | undefined): Promise<string | undefined> {
    const [{ pickOne }, { openConfig }] = await Promise.all([import('../../cli/prompts.js'), import('../../config-commands/session.js')]);
    const { config } = openConfig(process.env, kubeconfig).starting;
    if (config.contexts.length === 0) return undefined;
    return pickOne('Switch to context', config.contexts.map((c) => c.name).sort(), config['current-context']);
  }
}
