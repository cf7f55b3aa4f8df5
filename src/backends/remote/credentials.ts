// What a kubeconfig user and cluster turn into on the wire: TLS options for the socket and the
// headers that authenticate and impersonate.

import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { ClusterInfo, UserInfo } from '../../kubeconfig/index.js';
import { TransportError } from './errors.js';

export type TlsOptions = Pick<ConnectionOptions, 'ca' | 'cert' | 'key' | 'servername' | 'rejectUnauthorized'>;

export function tlsOptions(cluster: ClusterInfo, user: UserInfo): TlsOptions {
  const options: TlsOptions = { rejectUnauthorized: !cluster['insecure-skip-tls-verify'] };
  // As in client-go, inline data wins over a file, and a given CA replaces the system roots.
  const ca = inlineOrFile(cluster['certificate-authority-data'], cluster['certificate-authority']);
  if (ca && !cluster['insecure-skip-tls-verify']) options.ca = ca;
  const cert = inlineOrFile(user['client-certificate-data'], user['client-certificate']);
  const key = inlineOrFile(user['client-key-data'], user['client-key']);
  if (cert && key) {
    options.cert = cert;
    options.key = key;
  }
  if (cluster['tls-server-name']) options.servername = cluster['tls-server-name'];
  return options;
}

/** Authorization and Impersonate-* headers; values are lists where HTTP repeats the header. */
export function authHeaders(user: UserInfo): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  const token = user.token || (user.tokenFile ? readTokenFile(user.tokenFile) : '');
  if (token) headers.authorization = `Bearer ${token}`;
  else if (user.username || user.password) {
    headers.authorization = 'Basic ' + Buffer.from(`${user.username ?? ''}:${user.password ?? ''}`).toString('base64');
  }
  if (user.as) headers['impersonate-user'] = user.as;
  if (user['as-uid']) headers['impersonate-uid'] = user['as-uid'];
  if (user['as-groups']?.length) headers['impersonate-group'] = user['as-groups'];
  for (const [key, values] of Object.entries(user['as-user-extra'] ?? {})) {
    headers[`impersonate-extra-${encodeURIComponent(key)}`] = values;
  }
  return headers;
}

/** client-go runs the user's exec plugin only when no token, basic auth or client certificate is set. */
export function usesExecPlugin(user: UserInfo): boolean {
  const other = user.token || user.tokenFile || user.username || user.password;
  const cert = user['client-certificate'] || user['client-certificate-data'];
  return !!user.exec && !other && !cert;
}

function inlineOrFile(base64: string | undefined, path: string | undefined): Buffer | undefined {
  if (base64) return Buffer.from(base64, 'base64');
  if (path) return readOrFail(path);
  return undefined;
}

// client-go trims the token file, so a trailing newline from `echo token > file` is harmless.
function readTokenFile(path: string): string {
  return readOrFail(path).toString('utf8').trim();
}

function readOrFail(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code;
    throw new TransportError(`error: open ${path}: ${reason}`, code);
  }
}
