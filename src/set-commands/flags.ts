// Flags the workload-editing commands share, and what --record turns them into.
import * as Flags from '@oclif/core/flags';
import { changeCause, RECORD_DEPRECATION } from './record.js';
import type { Selection } from './objects.js';

export const selectionFlags = {
  filename: Flags.string({ char: 'f', multiple: true, multipleNonGreedy: true, description: 'Filename, directory, or URL to files identifying the resource' }),
  recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f, --filename recursively' }),
  selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
  all: Flags.boolean({ description: 'Select all resources, in the namespace of the specified resource types' }),
};

export const setFlags = {
  ...selectionFlags,
  'all-namespaces': Flags.boolean({ char: 'A', description: 'If true, check the specified action in all namespaces' }),
  'dry-run': Flags.string({ default: 'none', description: 'Must be "none", "server", or "client"' }),
  output: Flags.string({ char: 'o', description: 'Output format. One of: (json, yaml, name, jsonpath)' }),
  record: Flags.boolean({ description: 'Record current kubectl command in the resource annotation (deprecated)' }),
};

export interface SelectionFlagValues {
  filename?: string[];
  recursive?: boolean;
  selector?: string;
  all?: boolean;
  'all-namespaces'?: boolean;
  namespace?: string;
}

export function selectionOf(f: SelectionFlagValues): Selection {
  return {
    filenames: f.filename, recursive: f.recursive, selector: f.selector, all: f.all,
    allNamespaces: f['all-namespaces'], explicitNamespace: f.namespace !== undefined,
  };
}

/** With --record: kubectl's deprecation warning (stderr) and the change-cause to store. */
export function recordCause(
  commandPath: string, args: string[], flags: Record<string, unknown>, metadata: { flags: Record<string, { setFromDefault?: boolean }> },
  warn: (line: string) => void,
): string | undefined {
  if (!flags.record) return undefined;
  warn(RECORD_DEPRECATION);
  const set: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(flags)) {
    if (value !== undefined && !metadata.flags[name]?.setFromDefault) set[name] = value;
  }
  return changeCause(commandPath, args, set);
}
