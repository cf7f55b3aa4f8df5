// The Transport to a real API server: HTTPS through one keep-alive undici Agent configured from the
// resolved kubeconfig context.

import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { Agent, ProxyAgent, buildConnector, withBaselineParser } from './undici.js';
import { proxiedConnection, proxyFor, socks5Tunnel } from './proxy.js';
import type { ResolvedContext } from '../../kubeconfig/index.js';
import { queryString, type ApiRequest, type ApiResponse, type ChannelRequest, type StreamResponse, type Transport } from '../transport.js';
import { openChannel } from './channel.js';
import { connectionError, TransportError } from './errors.js';
import { authHeaders, tlsOptions, usesExecPlugin, type TlsOptions } from './credentials.js';
import { ExecCredentialPlugin, type ExecCredential } from './exec-credential.js';
import { defaultMaxRetryDelayMs, maxAttempts, retryDelayMs } from './retry.js';

export interface RemoteTransportOptions {
  /** Whole-request deadline (kubectl's --request-timeout); defaults to the context's, none if unset. */
  timeoutMs?: number;
  userAgent?: string;
  /** Upper bound on one Retry-After wait. */
  maxRetryDelayMs?: number;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read when the cluster names no proxy-url. */
  env?: NodeJS.ProcessEnv;
}

// Go's dialer gives up connecting after 30s; after that kubectl waits as long as the server takes.
const connectTimeoutMs = 30_000;

export function createRemoteTransport(ctx: ResolvedContext, opts: RemoteTransportOptions = {}): Transport {
  const server = ctx.cluster.server;
  const url = parseServer(server);
  const secure = url.protocol === 'https:';
  // Read now, so that an unreadable file fails before any request.
  const tls = secure ? tlsOptions(ctx.cluster, ctx.user) : undefined;
  // client-go sends credentials only over TLS, and asks an exec plugin only when the user has no other.
  const credentials = secure ? authHeaders(ctx.user) : {};
  const plugin = secure && usesExecPlugin(ctx.user) ? new ExecCredentialPlugin(ctx.user.exec!, ctx.cluster) : undefined;
  // Chosen now, so that a proxy we cannot use fails before any request.
  const proxy = proxyFor(ctx.cluster['proxy-url'], url, opts.env ?? process.env);
  const dispatchers = dispatcherCache(proxy, tls);
  if (!plugin) dispatchers.get(undefined);
  const basePath = url.pathname.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? ctx.requestTimeoutMs;
  const compress = !ctx.cluster['disable-compression'];
  const openStreams = new Set<() => void>();

  const dispatch = async (req: ApiRequest, credential: ExecCredential | undefined, signal?: AbortSignal) => {
    const headers: Record<string, string | string[]> = {
      'user-agent': opts.userAgent ?? `tkctl (${process.platform}/${process.arch})`,
      ...(compress ? { 'accept-encoding': 'gzip' } : {}),
      ...credentials,
      ...bearer(credential),
      ...req.headers,
    };
    const dispatcher = dispatchers.get(credential);
    try {
      return await withBaselineParser(() =>
        dispatcher.request({
          origin: url.origin,
          path: basePath + req.path + queryString(req.query),
          method: req.method,
          headers,
          body: req.body,
          signal: combine(signal, timeoutMs),
        }),
      );
    } catch (err) {
      throw connectionError(err, server);
    }
  };

  // A plugin's credential the server refuses is asked for again once, and the request repeated
  // with the new one (a 401 means the server did nothing).
  const send = async (req: ApiRequest, signal?: AbortSignal) => {
    const credential = await plugin?.credential();
    const res = await dispatch(req, credential, signal);
    if (res.statusCode !== 401 || !plugin || !credential) return res;
    const fresh = await plugin.refresh(credential);
    if (sameCredential(fresh, credential)) return res;
    await res.body.dump();
    return dispatch(req, fresh, signal);
  };

  return {
    server,

    async request(req: ApiRequest): Promise<ApiResponse> {
      for (let attempt = 1; ; attempt++) {
        const res = await send(req);
        const headers = flattenHeaders(res.headers);
        const delay =
          attempt < maxAttempts
            ? retryDelayMs(req.method, res.statusCode, headers, opts.maxRetryDelayMs ?? defaultMaxRetryDelayMs)
            : undefined;
        const gzipped = isGzip(headers);
        let body: Buffer;
        try {
          if (delay !== undefined) {
            await res.body.dump();
            await sleep(delay);
            continue;
          }
          // Decompressed as it arrives, while the rest is still on the wire.
          body = await collect(gzipped ? gunzipped(res.body) : res.body);
        } catch (err) {
          throw connectionError(err, server);
        }
        return { status: res.statusCode, headers: gzipped ? decoded(headers) : headers, body: body.toString('utf8') };
      }
    },

    async stream(req: ApiRequest): Promise<StreamResponse> {
      const controller = new AbortController();
      const res = await send(req, controller.signal);
      const headers = flattenHeaders(res.headers);
      const gzipped = isGzip(headers);
      const body: Readable = gzipped ? gunzipped(res.body) : res.body;
      const close = (): void => {
        openStreams.delete(close);
        controller.abort();
        body.destroy();
      };
      openStreams.add(close);
      return {
        status: res.statusCode,
        headers: gzipped ? decoded(headers) : headers,
        chunks: textChunks(body, () => controller.signal.aborted, server, () => openStreams.delete(close)),
        close,
      };
    },

    async channel(req: ChannelRequest) {
      const credential = await plugin?.credential();
      const connection = proxy ? { createConnection: proxiedConnection(proxy, secure, connectTimeoutMs) } : {};
      return openChannel(server, { ...withClientCert(tls, credential), ...connection }, { ...credentials, ...bearer(credential), ...req.headers }, req);
    },

    async close(): Promise<void> {
      for (const closeStream of [...openStreams]) closeStream();
      await dispatchers.close();
    },
  };
}

/** An exec plugin's token as the Authorization header. */
function bearer(credential: ExecCredential | undefined): Record<string, string> {
  return credential?.token ? { authorization: `Bearer ${credential.token}` } : {};
}

/** The TLS options with an exec plugin's client certificate, where it gives one. */
function withClientCert(tls: TlsOptions | undefined, credential: ExecCredential | undefined): TlsOptions | undefined {
  return tls && credential?.cert ? { ...tls, cert: credential.cert, key: credential.key } : tls;
}

interface DispatcherCache {
  /** The connection pool for this credential's client certificate (a plugin may rotate it). */
  get(credential: ExecCredential | undefined): Dispatcher;
  close(): Promise<void>;
}

function dispatcherCache(proxy: URL | undefined, tls: TlsOptions | undefined): DispatcherCache {
  let current: { cert?: string; dispatcher: Dispatcher } | undefined;
  const retired: Dispatcher[] = [];
  return {
    get(credential) {
      if (current && current.cert === credential?.cert) return current.dispatcher;
      if (current) retired.push(current.dispatcher);
      current = { cert: credential?.cert, dispatcher: createDispatcher(proxy, withClientCert(tls, credential)) };
      return current.dispatcher;
    },
    async close() {
      await Promise.all([...retired, ...(current ? [current.dispatcher] : [])].map((d) => d.close()));
    },
  };
}

function createDispatcher(proxy: URL | undefined, tls: TlsOptions | undefined): Dispatcher {
  const options = {
    connect: { timeout: connectTimeoutMs, ...tls },
    keepAliveTimeout: 30_000,
    headersTimeout: 0,
    // Watches stay quiet for minutes between events; only the caller's deadline ends them.
    bodyTimeout: 0,
  };
  if (!proxy) return new Agent(options);
  if (proxy.protocol === 'socks5:') return new Agent({ ...options, connect: socks5Connector(proxy, tls) });
  // An HTTP(S) proxy: a CONNECT tunnel, as Go's transport makes one.
  return new ProxyAgent({ ...options, uri: proxy.href, requestTls: { timeout: connectTimeoutMs, ...tls } });
}

/** Connections through a SOCKS5 proxy, with TLS to the API server on top (undici's own TLS connector, undici's SOCKS5 agent being experimental). */
function socks5Connector(proxy: URL, tls: TlsOptions | undefined): buildConnector.connector {
  const overTls = buildConnector({ timeout: connectTimeoutMs, ...tls });
  return (opts, callback) => {
    socks5Tunnel(proxy, opts.hostname, Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80), connectTimeoutMs).then(
      (socket) => (opts.protocol === 'https:' ? overTls({ ...opts, httpSocket: socket }, callback) : callback(null, socket)),
      (err: Error) => callback(err, null),
    );
  };
}

function sameCredential(a: ExecCredential, b: ExecCredential): boolean {
  return a.token === b.token && a.cert === b.cert && a.key === b.key;
}

function parseServer(server: string): URL {
  try {
    return new URL(server);
  } catch {
    throw new TransportError(`error: couldn't parse server address "${server}"`);
  }
}

function combine(signal: AbortSignal | undefined, timeoutMs: number | undefined): AbortSignal | undefined {
  const signals = [signal, timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined].filter((s) => s !== undefined);
  return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
}

async function* textChunks(
  body: Readable,
  closedByCaller: () => boolean,
  server: string,
  done: () => void,
): AsyncIterable<string> {
  // Streaming decode: a multi-byte character may be split across two network reads.
  const decoder = new TextDecoder();
  try {
    for await (const chunk of body) {
      const text = decoder.decode(chunk as Buffer, { stream: true });
      if (text) yield text;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch (err) {
    if (!closedByCaller()) throw connectionError(err, server);
  } finally {
    done();
  }
}

async function collect(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function gunzipped(body: Readable): Readable {
  const gunzip = createGunzip();
  body.on('error', (err) => gunzip.destroy(err));
  gunzip.on('close', () => body.destroy());
  return body.pipe(gunzip);
}

function isGzip(headers: Record<string, string>): boolean {
  return headers['content-encoding']?.toLowerCase() === 'gzip';
}

// Like Go's transport after it decompresses for the caller: the encoding and length no longer apply.
function decoded(headers: Record<string, string>): Record<string, string> {
  const { 'content-encoding': _encoding, 'content-length': _length, ...rest } = headers;
  return rest;
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
