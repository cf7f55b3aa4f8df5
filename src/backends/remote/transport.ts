// The Transport to a real API server: HTTPS through one keep-alive undici Agent configured from the
// resolved kubeconfig context.

import { gunzipSync, createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import type { ResolvedContext } from '../../kubeconfig/index.js';
import { queryString, type ApiRequest, type ApiResponse, type ChannelRequest, type StreamResponse, type Transport } from '../transport.js';
import { openChannel } from './channel.js';
import { connectionError, TransportError } from './errors.js';
import { authHeaders, tlsOptions } from './credentials.js';
import { defaultMaxRetryDelayMs, maxAttempts, retryDelayMs } from './retry.js';

export interface RemoteTransportOptions {
  /** Whole-request deadline (kubectl's --request-timeout); defaults to the context's, none if unset. */
  timeoutMs?: number;
  userAgent?: string;
  /** Upper bound on one Retry-After wait. */
  maxRetryDelayMs?: number;
}

// Go's dialer gives up connecting after 30s; after that kubectl waits as long as the server takes.
const connectTimeoutMs = 30_000;

export function createRemoteTransport(ctx: ResolvedContext, opts: RemoteTransportOptions = {}): Transport {
  const server = ctx.cluster.server;
  const url = parseServer(server);
  const secure = url.protocol === 'https:';
  const tls = secure ? tlsOptions(ctx.cluster, ctx.user) : {};
  const agent = new Agent({
    connect: { timeout: connectTimeoutMs, ...tls },
    keepAliveTimeout: 30_000,
    headersTimeout: 0,
    // Watches stay quiet for minutes between events; only the caller's deadline ends them.
    bodyTimeout: 0,
  });
  // client-go sends credentials only over TLS.
  const credentials = secure ? authHeaders(ctx.user) : {};
  const basePath = url.pathname.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? ctx.requestTimeoutMs;
  const compress = !ctx.cluster['disable-compression'];
  const openStreams = new Set<() => void>();

  const send = async (req: ApiRequest, signal?: AbortSignal) => {
    const headers: Record<string, string | string[]> = {
      'user-agent': opts.userAgent ?? `tkctl (${process.platform}/${process.arch})`,
      ...(compress ? { 'accept-encoding': 'gzip' } : {}),
      ...credentials,
      ...req.headers,
    };
    try {
      return await agent.request({
        origin: url.origin,
        path: basePath + req.path + queryString(req.query),
        method: req.method,
        headers,
        body: req.body,
        signal: combine(signal, timeoutMs),
      });
    } catch (err) {
      throw connectionError(err, server);
    }
  };

  return {
    server,

    async request(req: ApiRequest): Promise<ApiResponse> {
      for (let attempt = 1; ; attempt++) {
        const res = await send(req);
        const headers = flattenHeaders(res.headers);
        let raw: Buffer;
        try {
          raw = Buffer.from(await res.body.arrayBuffer());
        } catch (err) {
          throw connectionError(err, server);
        }
        const delay =
          attempt < maxAttempts
            ? retryDelayMs(req.method, res.statusCode, headers, opts.maxRetryDelayMs ?? defaultMaxRetryDelayMs)
            : undefined;
        if (delay !== undefined) {
          await sleep(delay);
          continue;
        }
        const gzipped = isGzip(headers);
        return {
          status: res.statusCode,
          headers: gzipped ? decoded(headers) : headers,
          body: (gzipped ? gunzipSync(raw) : raw).toString('utf8'),
        };
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

    channel: (req: ChannelRequest) => openChannel(server, tls, credentials, req),

    async close(): Promise<void> {
      for (const closeStream of [...openStreams]) closeStream();
      await agent.close();
    },
  };
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
