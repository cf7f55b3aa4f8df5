// Exec and port-forward channels to a real API server: a WebSocket upgrade of the subresource's
// URL, with the context's TLS settings and credentials, in the Kubernetes channel subprotocols.
import { CliError } from '../../client/errors.js';
import { UpgradeRefused, type Channel, type ChannelRequest } from '../transport.js';
import { wsChannel } from '../ws-channel.js';
import type { TlsOptions } from './credentials.js';

/**
 * A WebSocket URL for an API path. Repeated parameters (exec's command) are given as arrays and
 * encoded in Go's url.Values order (sorted by key).
 */
export function webSocketUrl(server: string, path: string, query: Record<string, string | string[]>): string {
  const base = server.replace(/^http/, 'ws').replace(/\/+$/, '');
  const params = new URLSearchParams();
  for (const key of Object.keys(query).sort()) for (const v of [query[key]!].flat()) params.append(key, v);
  const qs = params.toString();
  return `${base}${path}${qs ? `?${qs}` : ''}`;
}

export async function openChannel(server: string, tls: TlsOptions, headers: Record<string, string | string[]>, req: ChannelRequest): Promise<Channel> {
  const { WebSocket } = await import('ws');
  const ws = new WebSocket(webSocketUrl(server, req.path, req.query), req.protocols, { ...tls, headers, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => reject(new UpgradeRefused(res.statusCode ?? 0, body)));
    });
    ws.on('error', (e) => reject(new CliError(`error: ${e.message}`)));
  });
  return wsChannel(ws);
}
