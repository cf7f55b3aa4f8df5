// --record: kubectl's deprecated flag that stores the command line in kubernetes.io/change-cause.

export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
export const RECORD_DEPRECATION = 'Flag --record has been deprecated, --record will be removed in the future';

/**
 * The command line as kubectl records it: the command path, the positional arguments, then every
 * flag the user set as --name=value in flag-name order (pflag visits flags sorted).
 */
export function changeCause(commandPath: string, args: string[], setFlags: Record<string, unknown>): string {
  const flags = Object.keys(setFlags).sort().flatMap((name) => {
    const value = setFlags[name];
    const values = Array.isArray(value) ? value : [value];
    return values.map((v) => `--${name}=${String(v)}`);
  });
  return [commandPath, ...args, ...flags].join(' ');
}

/** The object with its change-cause annotation set (not mutated). */
export function recorded(obj: Record<string, any>, cause: string): Record<string, any> {
  const copy = structuredClone(obj);
  copy.metadata = { ...copy.metadata, annotations: { ...copy.metadata?.annotations, [CHANGE_CAUSE]: cause } };
  return copy;
}
