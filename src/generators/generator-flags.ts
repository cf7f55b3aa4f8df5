// The flags kubectl gives every `create <kind>` generator.
import * as Flags from '@oclif/core/flags';

export const generatorFlags = {
  output: Flags.string({ char: 'o', description: 'Output format. One of: (json, yaml, name)' }),
  'dry-run': Flags.string({ default: 'none', description: 'Must be "none", "server", or "client"' }),
  validate: Flags.string({ default: 'strict', description: 'Must be one of: strict (or true), warn, ignore (or false)' }),
  'save-config': Flags.boolean({ description: "If true, the configuration of current object will be saved in its annotation" }),
};

export const dataSourceFlags = {
  'from-literal': Flags.string({ multiple: true, multipleNonGreedy: true, description: 'Specify a key and literal value to insert (i.e. mykey=somevalue)' }),
  'from-file': Flags.string({ multiple: true, multipleNonGreedy: true, description: 'Key file can be specified using its file path, in which case file basename will be used as key' }),
  'from-env-file': Flags.string({ multiple: true, multipleNonGreedy: true, description: 'Specify the path to a file to read lines of key=val pairs' }),
};
