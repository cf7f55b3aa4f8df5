// `version`: what tkctl and the server report, in kubectl's layouts. Kept free of imports so the
// launcher can answer `version --client` without loading the rest of the CLI.

export const CLIENT_VERSION = {
  major: '1',
  minor: '36',
  gitVersion: 'v1.36.0+tkctl',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-01T00:00:00Z',
  goVersion: 'node' + (typeof process !== 'undefined' ? process.versions.node : ''),
  compiler: 'tkctl',
  platform: typeof process !== 'undefined' ? `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}` : '',
};

export type VersionInfo = typeof CLIENT_VERSION;

/** kubectl's `version` output for -o '' | json | yaml; `server` is absent with --client. */
export function formatVersion(output: string, server?: Record<string, string>): string {
  if (output === 'json') {
    const doc: Record<string, unknown> = { clientVersion: CLIENT_VERSION };
    if (server) doc.serverVersion = server;
    return JSON.stringify(doc, null, 2) + '\n';
  }
  if (output === 'yaml') {
    const block = (name: string, v: Record<string, string>) =>
      `${name}:\n` + Object.keys(v).sort().map((k) => `  ${k}: ${yamlScalar(v[k])}\n`).join('');
    return block('clientVersion', CLIENT_VERSION) + (server ? block('serverVersion', server) : '');
  }
  return `Client Version: ${CLIENT_VERSION.gitVersion}\n` + (server ? `Server Version: ${server.gitVersion}\n` : '');
}

/** The few scalars a version document holds, quoted where YAML would read them as something else. */
function yamlScalar(s: string): string {
  return /^[0-9.]+$|^$|:|^(true|false|null|yes|no|on|off)$/i.test(s) ? `"${s}"` : s;
}

/** True when argv (after `version`) asks for the client only, in a form the launcher can answer alone. */
export function clientOnlyOutput(args: string[]): string | undefined {
  let client = false;
  let output = '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--client' || a === '--client=true') client = true;
    else if (a === '-o' || a === '--output') output = args[++i] ?? '\0';
    else if (a.startsWith('-o=') || a.startsWith('--output=')) output = a.slice(a.indexOf('=') + 1);
    else if (a.startsWith('-o') && a.length > 2) output = a.slice(2);
    else return undefined;
  }
  return client && ['', 'json', 'yaml'].includes(output) ? output : undefined;
}
