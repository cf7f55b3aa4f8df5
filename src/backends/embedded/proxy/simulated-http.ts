// A simulated pod's HTTP server, for port-forward: a node:http server whose answers come from
// simulatedResponse. It serves real sockets (a local listener) and byte streams that arrive some
// other way (a port-forward WebSocket channel) alike.
import { createServer, type Server } from 'node:http';
import { Duplex } from 'node:stream';
import type { KubeObject } from '../apiserver/objects.js';
import { simulatedResponse } from './responses.js';

/** `pod` is read per request, so that answers follow the pod as it is now. */
export function simulatedHttpServer(pod: () => unknown): Server {
  return createServer((req, res) => {
    const p = pod() as (KubeObject & { status?: any }) | undefined;
    // A pod deleted while the connection stays open answers nothing more.
    if (!p) return void req.socket.destroy();
    const answer = simulatedResponse({ ip: p.status?.podIP ?? '', port: 0, pod: p }, new URL(req.url ?? '/', 'http://pod').pathname);
    res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  });
}

export interface ByteStream {
  write(chunk: Buffer): void;
  end(): void;
}

/**
 * One connection to the pod's HTTP server over a byte stream: bytes in with write, out through
 * `send`; `closed` when the server ends the connection (after a "Connection: close" answer).
 */
export function connectSimulatedHttp(pod: () => unknown, send: (chunk: Buffer) => void, closed: () => void): ByteStream {
  const server = simulatedHttpServer(pod);
  const conn = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, done) {
      send(chunk);
      done();
    },
    final(done) {
      closed();
      done();
    },
  });
  server.emit('connection', conn);
  return {
    write: (chunk) => conn.push(chunk),
    end: () => {
      conn.push(null);
      conn.destroy();
    },
  };
}
