// What oclif needs of the `debug` package, without its start-up cost (it loads tty and
// supports-color and parses the environment on every start): `debug(namespace)(format, ...args)`
// writes to stderr when DEBUG names the namespace (comma- or space-separated, `*` as a wildcard,
// `-` to exclude), as debug does.
import { format } from 'node:util';

function enabled(namespace: string): boolean {
  const patterns = (process.env.DEBUG ?? '').split(/[\s,]+/).filter(Boolean);
  const matches = (p: string) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(namespace);
  return !patterns.some((p) => p.startsWith('-') && matches(p.slice(1))) && patterns.some((p) => !p.startsWith('-') && matches(p));
}

export default function debug(namespace: string) {
  const on = enabled(namespace);
  const log = (...args: unknown[]) => {
    if (on) process.stderr.write(`${namespace} ${format(...args)}\n`);
  };
  return Object.assign(log, { enabled: on, namespace });
}
