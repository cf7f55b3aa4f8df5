// `tkctl cluster serve`: the embedded API server over HTTPS on loopback. Every request must carry
// the cluster's bearer token; anything else gets 401 before it reaches the API.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { HttpMethod } from '../transport.js';
import { clusterDir, clusterFiles, type OpenCluster } from './cluster.js';
import { errorResponse, type HandlerResponse } from './apiserver/server.js';
import { ApiError } from './apiserver/status.js';
import { handleStreamUpgrade } from './apiserver/stream-upgrade.js';
import { ClientRateLimiter, clientKey, type RateLimit } from './rate-limit.js';

export interface ServeOptions {
  home: string;
  cluster: OpenCluster;
  address?: string;
  port?: number;
  /** Largest accepted request body (kube-apiserver's default: 3 MiB). */
  maxBodyBytes?: number;
  /** Requests each client may make; past it, 429 Too Many Requests. */
  rateLimit?: RateLimit;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export function serveCluster(opts: ServeOptions): Promise<Server> {
  const files = clusterFiles(clusterDir(opts.home, opts.cluster.record.name));
  const expected = Buffer.from(`Bearer ${opts.cluster.record.token}`);
  const maxBody = opts.maxBodyBytes ?? 3 * 1024 * 1024;
  const limiter = new ClientRateLimiter(opts.rateLimit);
  const server = createServer(
    { cert: readFileSync(files.serverCert), key: readFileSync(files.serverKey), ca: readFileSync(files.caCert) },
    (req, res) => {
      const auth = Buffer.from(req.headers.authorization ?? '');
      if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) {
        send(res, errorResponse(new ApiError(401, 'Unauthorized', 'Unauthorized')), false);
        req.resume();
        return;
      }
      if (!limiter.admit(clientKey(req.headers.authorization ?? '', req.socket.remoteAddress ?? '', req.headers['user-agent'] ?? ''))) {
        tooManyRequests(res);
        req.resume();
        return;
      }
      handle(opts.cluster, req, res, maxBody).catch((e) => send(res, errorResponse(e), false));
    },
  );
  server.on('upgrade', (req, socket, head) => {
    const auth = Buffer.from(req.headers.authorization ?? '');
    const authorized = auth.length === expected.length && timingSafeEqual(auth, expected);
    if (!authorized || !handleStreamUpgrade(opts.cluster.server, req, socket, head)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n' + JSON.stringify(new ApiError(401, 'Unauthorized', 'Unauthorized').toStatus()));
    }
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? opts.cluster.record.port, opts.address ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

async function handle(cluster: OpenCluster, req: IncomingMessage, res: ServerResponse, maxBody: number): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const raw = await readBody(req, maxBody);
  // The API's bodies are text, except protobuf: its bytes pass through as a binary (latin1) string.
  const body = raw.toString(/protobuf/.test(req.headers['content-type'] ?? '') ? 'latin1' : 'utf8');
  if (!METHODS.has(method)) {
    send(res, errorResponse(new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource')), false);
    return;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const result = await cluster.server.handle({ method: method as HttpMethod, path: url.pathname, query, headers, body: body || undefined });
  const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  if (!result.stream) {
    send(res, result, gzip);
    return;
  }
  const stream = result.stream;
  res.writeHead(result.status, { ...result.headers, 'cache-control': 'no-cache, private' });
  res.flushHeaders();
  const stop = () => stream.close();
  req.socket.once('close', stop);
  try {
    for await (const chunk of stream) {
      if (res.destroyed) break;
      res.write(chunk);
    }
  } finally {
    req.socket.off('close', stop);
    if (!res.destroyed) res.end();
  }
}

function send(res: ServerResponse, result: HandlerResponse, gzip: boolean): void {
  let body: Buffer = Buffer.from(result.body ?? '');
  const headers: Record<string, string | number> = { ...result.headers, 'cache-control': 'no-cache, private' };
  // kube-apiserver compresses large responses only; small ones are not worth the CPU.
  if (gzip && body.length > 128 * 1024) {
    body = gzipSync(body, { level: 1 });
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = body.length;
  res.writeHead(result.status, headers);
  res.end(body);
}

// kube-apiserver's answer when a client is past its share: retry in a second.
function tooManyRequests(res: ServerResponse): void {
  const status = new ApiError(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 1 }).toStatus();
  send(res, { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '1' }, body: JSON.stringify(status) }, false);
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > max) {
        // The rest of the body is read and dropped, so the client sees the 413 rather than a reset.
        req.off('data', onData);
        chunks.length = 0;
        req.resume();
        reject(new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${max}`));
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
