import { Command } from '@oclif/core/command';
import type { CommandSpec } from '../completion/words.js';

/** cobra's hidden `__complete`: the candidates for the last word, one a line, then `:DIRECTIVE`. */
export default class Complete extends Command {
  static summary = 'Request shell completion choices for the specified command-line';
  static hidden = true;
  // Read from oclif's loaded configuration: the command is run through oclif (src/main.ts).
  static readsCommandTable = true;
  static strict = false;

  async run(): Promise<void> {
    const { completeLine } = await import('../completion/complete.js');
    const commands: CommandSpec[] = this.config.commands.map((c) => {
      const flags = Object.entries(c.flags ?? {});
      const valueFlags = new Set(flags.filter(([, f]) => f.type === 'option').flatMap(([name, f]) => [name, ...(f.char ? [f.char] : [])]));
      return { id: c.id, summary: c.summary, hidden: c.hidden, valueFlags, flagNames: flags.map(([name]) => name) };
    });
    const { stdout, stderr } = await completeLine(this.argv, commands);
    process.stdout.write(stdout);
    process.stderr.write(stderr);
  }
}
