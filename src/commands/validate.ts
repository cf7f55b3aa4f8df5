import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { readFileSync } from 'node:fs';
import { CliError } from '../client/errors.js';

export default class Validate extends Command {
  static summary = 'Validate manifests against the Kubernetes schemas, without a cluster';
  static flags = {
    filename: Flags.string({ char: 'f', multiple: true, multipleNonGreedy: true, description: 'The files or directories that contain the manifests ("-" for stdin)' }),
    recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f, --filename recursively' }),
    output: Flags.string({ char: 'o', description: 'Output format: json' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Validate);
    if (!flags.filename?.length) throw new CliError('error: must specify one of -f and -k');
    if (flags.output !== undefined && flags.output !== 'json') throw new CliError(`error: unable to match a printer suitable for the output format "${flags.output}", allowed formats are: json`);
    const { validateFiles, formatFindings } = await import('../validation/validate-files.js');
    const result = validateFiles(flags.filename, flags.recursive, () => readFileSync(0, 'utf8'));
    process.stdout.write(flags.output === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatFindings(result.findings));
    process.exitCode = result.findings.length ? 1 : 0;
  }
}
