// The flags shared by the commands that send manifests (apply, create) and their meaning.
import * as Flags from '@oclif/core/flags';
import { CliError } from '../client/errors.js';

export const manifestFlags = {
  filename: Flags.string({ char: 'f', multiple: true, multipleNonGreedy: true, description: 'The files, directories or URLs that contain the configuration' }),
  recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f, --filename recursively' }),
  validate: Flags.string({ default: 'strict', description: "Must be one of: strict (or true), warn, ignore (or false)" }),
  'dry-run': Flags.string({ default: 'none', description: 'Must be "none", "server", or "client"' }),
  output: Flags.string({ char: 'o', description: 'Output format: name' }),
  record: Flags.boolean({ description: 'Record current kubectl command in the resource annotation (deprecated)' }),
};

/** kubectl's --validate values to the server's fieldValidation directive. */
export function fieldValidation(value: string): string {
  switch (value.toLowerCase()) {
    case 'strict': case 'true': return 'Strict';
    case 'warn': return 'Warn';
    case 'ignore': case 'false': return 'Ignore';
  }
  throw new CliError(`error: invalid - validate option "${value}"; must be one of: strict (or true), warn, ignore (or false)`);
}

export function dryRunMode(value: string): 'none' | 'server' | 'client' {
  if (value === 'none' || value === 'server' || value === 'client') return value;
  if (value === 'true' || value === '') return 'client';
  if (value === 'false') return 'none';
  throw new CliError(`error: Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
}
