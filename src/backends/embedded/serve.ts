// `tkctl cluster serve`: the embedded API server over HTTPS on loopback. Every request must carry
// a bearer token: the cluster's admin token (user kubernetes-admin in system:masters) or a
// ServiceAccount token from the TokenRequest API, whose requests RBAC authorizes. Anything else
// gets 401 before it reaches the API. Tokens are compared in constant time and never echoed.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { readFileSync } from 'node:fs';
import { gzip as gzipAsync } from 'node:zlib';
import type { HttpMethod } from '../transport.js';
import { clusterDir, clusterFiles, type OpenCluster } from './cluster.js';
import { errorResponse, type HandlerResponse } from './apiserver/server.js';
import { ApiError } from './apiserver/status.js';
import { handleStreamUpgrade } from './apiserver/stream-upgrade.js';
import { ClientRateLimiter, clientKey, type RateLimit } from './rate-limit.js';
import { ensureDefaultPolicy } from './apiserver/auth/bootstrap-policy.js';
import { bearerAuthenticator } from './authenticate.js';
import type { UserInfo } from './apiserver/auth/user.js';
import { actingUser } from './apiserver/auth/impersonation.js';

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

export interface ServedCluster {
  server: Server;
  /** Stop listening and end every connection, watches and upgraded streams (exec, port-forward) included. */
  close(): Promise<void>;
}

export function serveCluster(opts: ServeOptions): Promise<ServedCluster> {
  const files = clusterFiles(clusterDir(opts.home, opts.cluster.record.name));
  // Clusters created before the RBAC defaults existed get them now; bootstrap only adds what is missing.
  ensureDefaultPolicy(opts.cluster.server);
  const bearer = bearerAuthenticator(opts.cluster);
  const authenticate = (header: string | undefined): UserInfo | undefined => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    return m ? bearer(m[1]) : undefined;
  };
  const maxBody = opts.maxBodyBytes ?? 3 * 1024 * 1024;
  const limiter = new ClientRateLimiter(opts.rateLimit);
  const server = createServer(
    { cert: readFileSync(files.serverCert), key: readFileSync(files.serverKey), ca: readFileSync(files.caCert) },
    (req, res) => {
      const user = authenticate(req.headers.authorization);
      if (!user) {
        send(res, errorResponse(new ApiError(401, 'Unauthorized', 'Unauthorized')), false);
        req.resume();
        return;
      }
      if (!limiter.admit(clientKey(req.headers.authorization ?? '', req.socket.remoteAddress ?? '', req.headers['user-agent'] ?? ''))) {
        tooManyRequests(res);
        req.resume();
        return;
      }
      handle(opts.cluster, user, req, res, maxBody).catch((e) => send(res, errorResponse(e), false));
    },
  );
  // An upgraded connection leaves the HTTP server's bookkeeping: closeAllConnections() would not end it.
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req, socket, head) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    const user = authenticate(req.headers.authorization);
    if (!user) {
      refuseUpgrade(socket, new ApiError(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    // An upgraded exec, attach or port-forward needs "create" on the subresource, as
    // kube-apiserver requires of WebSocket upgrades since 1.31, by whom the request acts as.
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    try {
      const acting = actingUser(requestHeaders(req), user, opts.cluster.server.authorizer);
      opts.cluster.server.authorize({ method: 'POST', path: url.pathname, query: Object.fromEntries(url.searchParams) }, acting);
    } catch (e) {
      refuseUpgrade(socket, e instanceof ApiError ? e : new ApiError(500, 'InternalError', 'Internal error occurred'));
      return;
    }
    if (!handleStreamUpgrade(opts.cluster.server, req, socket, head)) refuseUpgrade(socket, new ApiError(401, 'Unauthorized', 'Unauthorized'));
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? opts.cluster.record.port, opts.address ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve({
        server,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
          for (const socket of upgraded) socket.destroy();
        }),
      });
    });
  });
}

function refuseUpgrade(socket: Duplex, e: ApiError): void {
  const status = e.code === 401 ? 'Unauthorized' : 'Forbidden';
  socket.end(`HTTP/1.1 ${e.code} ${status}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n` + JSON.stringify(e.toStatus()));
}

async function handle(cluster: OpenCluster, user: UserInfo, req: IncomingMessage, res: ServerResponse, maxBody: number): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const raw = await readBody(req, maxBody);
  // The API's bodies are text, except protobuf: its bytes pass through as a binary (latin1) string.
  const body = raw.toString(/protobuf/.test(req.headers['content-type'] ?? '') ? 'latin1' : 'utf8');
  if (!METHODS.has(method)) {
    send(res, errorResponse(new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource')), false);
    return;
  }
  const headers = requestHeaders(req);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const result = await cluster.server.handle({ method: method as HttpMethod, path: url.pathname, query, headers, body: body || undefined }, user);
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
      // A client that reads slowly holds its events in the watch's queue, not in socket buffers.
      if (!res.write(chunk)) await drained(res);
    }
  } finally {
    req.socket.off('close', stop);
    if (!res.destroyed) res.end();
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Pieces of a body are joined into writes of about this many characters (see writePieces). */
const WRITE_SIZE = 64 * 1024;

function send(res: ServerResponse, result: HandlerResponse, gzip: boolean): void {
  const headers: Record<string, string | number> = { ...result.headers, 'cache-control': 'no-cache, private' };
  const pieces = result.pieces;
  const length = pieces ? pieces.reduce((n, p) => n + p.length, 0) : (result.body ?? '').length;
  // kube-apiserver compresses large responses only; small ones are not worth the CPU. Compressed
  // off the event loop, on libuv's thread pool.
  if (gzip && length > 128 * 1024) {
    gzipAsync(result.body ?? '', { level: 1 }, (err, body) => {
      if (err) return send(res, { ...result, pieces: undefined, body: result.body }, false);
      res.writeHead(result.status, { ...headers, 'content-encoding': 'gzip', 'content-length': body.length });
      res.end(body);
    });
    return;
  }
  if (pieces) {
    // Chunked, as kube-apiserver sends a large body: no need to add up its length in bytes first.
    res.writeHead(result.status, headers);
    void writePieces(res, pieces);
    return;
  }
  const text = result.body ?? '';
  headers['content-length'] = Buffer.byteLength(text);
  res.writeHead(result.status, headers);
  res.end(text);
}

/**
 * A body in pieces (a LIST of thousands of objects) is written a batch of pieces at a time, each
 * once the socket has taken the one before: the whole body never exists as one string or buffer,
 * TLS encrypts as it goes, and other requests are answered in between.
 */
async function writePieces(res: ServerResponse, pieces: string[]): Promise<void> {
  for (let i = 0; i < pieces.length && !res.destroyed;) {
    let j = i + 1;
    for (let size = pieces[i].length; j < pieces.length && size + pieces[j].length <= WRITE_SIZE; j++) size += pieces[j].length;
    const more = res.write(j === i + 1 ? pieces[i] : pieces.slice(i, j).join(''));
    i = j;
    if (!more) await drained(res);
  }
  if (!res.destroyed) res.end();
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

/** The request's headers as the API server reads them; the credential stops here: nothing past authentication needs it. */
function requestHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'authorization') headers[k] = v;
  return headers;
}
