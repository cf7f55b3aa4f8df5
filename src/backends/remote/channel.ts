// Exec and port-forward channels to a real API server: a WebSocket upgrade of the subresource's
// URL, with the context's TLS settings and credentials, in the Kubernetes channel subprotocols.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CliError } from '../../client/errors.js';
import { PORT_FORWARD_SPDY, UpgradeRefused, type Channel, type ChannelRequest } from '../transport.js';
import { socketChannel, wsChannel } from '../channels.js';
import type { TlsOptions } from './credentials.js';
import type { proxiedConnection } from './proxy.js';

/** The socket options of an upgrade: TLS, and the way through a proxy where there is one. */
export type ConnectionOptions = TlsOptions & { createConnection?: ReturnType<typeof proxiedConnection> };

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

export async function openChannel(server: string, tls: ConnectionOptions, headers: Record<string, string | string[]>, req: ChannelRequest): Promise<Channel> {
  if (req.protocols[0] === PORT_FORWARD_SPDY) return spdyUpgrade(server, tls, headers, req.path);
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

/**
 * Port-forward's SPDY session over a plain SPDY/3.1 upgrade (a POST, as client-go sends it): the
 * `ws` client takes only RFC 7230 tokens as subprotocols, and "SPDY/3.1+…" is none.
 */
function spdyUpgrade(server: string, tls: ConnectionOptions, headers: Record<string, string | string[]>, path: string): Promise<Channel> {
  const url = new URL(server.replace(/\/+$/, '') + path);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST', ...tls,
      headers: { ...headers, connection: 'Upgrade', upgrade: 'SPDY/3.1', 'x-stream-protocol-version': 'portforward.k8s.io' },
    });
    req.on('upgrade', (_res, socket, head) => resolve(socketChannel(socket, head, PORT_FORWARD_SPDY)));
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => reject(new UpgradeRefused(res.statusCode ?? 0, body)));
    });
    req.on('error', (e) => reject(new CliError(`error: ${e.message}`)));
    req.end();
  });
}
