// Upgraded requests of a served embedded cluster: pods/exec over WebSocket with the Kubernetes
// channel subprotocols (v5.channel.k8s.io, v4.channel.k8s.io), as kubectl 1.30+ speaks them, and
// pods/portforward three ways: SPDY/3.1 tunnelled in WebSocket binary messages
// ("SPDY/3.1+portforward.k8s.io", kubectl 1.31+), SPDY/3.1 over the upgraded connection itself
// (older kubectl, and 1.31+ when the WebSocket upgrade fails), and the WebSocket channel protocol
// (one connection per forwarded connection, tkctl's own). Refusals are written as kube-apiserver's
// Status with the HTTP code, which kubectl reports as "unable to upgrade connection: …".
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiServer } from './server.js';
import { ApiError, badRequest } from './status.js';
import { ExecSession, containerSandbox, execOptions, execTarget } from './pod-exec.js';
import { findResource } from './resources.js';
import { connectSimulatedHttp } from '../proxy/simulated-http.js';
import { SpdySession, type Link } from '../portforward/spdy.js';
import { forwardError, portForwardStreams } from '../portforward/port-forward.js';

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const SPDY_PORT_FORWARD = 'portforward.k8s.io';
const TUNNELLED_SPDY = `SPDY/3.1+${SPDY_PORT_FORWARD}`;
const PORT_FORWARD_PROTOCOLS = [TUNNELLED_SPDY, 'v4.channel.k8s.io', 'portforward.k8s.io'];

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (offered, req) => pickProtocol(offered, req) ?? false });

function pickProtocol(offered: Set<string>, req: IncomingMessage): string | undefined {
  const wanted = /\/portforward$/.test(new URL(req.url ?? '/', 'http://x').pathname) ? PORT_FORWARD_PROTOCOLS : EXEC_PROTOCOLS;
  return wanted.find((p) => offered.has(p));
}

// ws takes only RFC 7230 tokens for subprotocols, and the "/" of "SPDY/3.1+…" is none: the tunnel's
// upgrades are handed to it with the protocol percent-encoded, and answered with the real name.
const tunnel = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: () => TUNNELLED_SPDY });

function offeredProtocols(req: IncomingMessage): Set<string> {
  return new Set((req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean));
}

/** The Status an exec ends with on the error channel, as the kubelet reports an exit code. */
export function exitStatus(code: number, command: string[]): string {
  if (code === 0) return JSON.stringify({ metadata: {}, status: 'Success' });
  return JSON.stringify({
    metadata: {}, status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  });
}

function refuse(socket: Duplex, e: unknown): void {
  const err = e instanceof ApiError ? e : new ApiError(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`);
  // The kubelet's own refusals pass through as its plain text, which kubectl words as
  // "unable to upgrade connection: …"; the API server's are Status objects.
  const [type, body] = err.reason === '' ? ['text/plain; charset=utf-8', `${err.message}\n`] : ['application/json', JSON.stringify(err.toStatus())];
  const reason = { 400: 'Bad Request', 404: 'Not Found' }[err.code] ?? 'Internal Server Error';
  socket.end(`HTTP/1.1 ${err.code} ${reason}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Handle an upgrade request; false when the path is no streaming subresource (the caller answers it). */
export function handleStreamUpgrade(server: ApiServer, req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|portforward)$/.exec(url.pathname);
  if (!m) return false;
  const [, namespace, name, sub] = m.map(decodeURIComponent) as [string, string, string, string];
  const websocket = (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
  try {
    if (sub === 'exec') {
      const opts = execOptions(url.searchParams);
      const { pod, container } = execTarget(server.registry, namespace, name, opts);
      if (!websocket) throw badRequest('tkctl serves exec over WebSocket only (v5.channel.k8s.io, v4.channel.k8s.io)');
      const sandbox = containerSandbox(server.registry, pod, container);
      wss.handleUpgrade(req, socket, head, (ws) => runExec(ws, new ExecSession(sandbox, opts, sessionOutput(ws, opts.command))));
      return true;
    }
    const pods = findResource('', 'v1', 'pods')!;
    const pod = server.registry.get(pods, namespace, name) as any;
    if (pod.status?.phase !== 'Running') throw badRequest(`pod ${name} is not running`);
    const current = () => {
      try {
        return server.registry.get(pods, namespace, name) as any;
      } catch {
        return undefined;
      }
    };
    if (!websocket) {
      if (!/^spdy\/3\.1$/i.test(req.headers.upgrade ?? '')) throw badRequest(`unsupported upgrade: ${req.headers.upgrade}`);
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${SPDY_PORT_FORWARD}\r\n\r\n`);
      serveSpdy({ send: (bytes) => socket.write(bytes), close: () => socket.end() }, socket, head, current);
      return true;
    }
    if (pickProtocol(offeredProtocols(req), req) === TUNNELLED_SPDY) {
      req.headers['sec-websocket-protocol'] = encodeURIComponent(TUNNELLED_SPDY);
      tunnel.handleUpgrade(req, socket, head, (ws) => {
        const session = new SpdySession({ send: (bytes) => ws.send(bytes), close: () => ws.close(1000) }, portForwardStreams(current));
        ws.on('message', (data: Buffer) => session.receive(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer)));
        ws.on('close', () => session.end());
      });
      return true;
    }
    const ports = (url.searchParams.get('ports') ?? '').split(',').filter(Boolean).map(Number);
    if (!ports.length || ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) throw badRequest('at least 1 port is required');
    wss.handleUpgrade(req, socket, head, (ws) => runPortForward(ws, ports, current));
  } catch (e) {
    refuse(socket, e);
  }
  return true;
}

/** A SPDY session straight over the upgraded connection. */
function serveSpdy(link: Link, socket: Duplex, head: Buffer, pod: () => any): void {
  const session = new SpdySession(link, portForwardStreams(pod));
  if (head.length) session.receive(head);
  socket.on('data', (bytes: Buffer) => session.receive(bytes));
  socket.on('close', () => session.end());
  socket.on('error', () => socket.destroy());
}

function frame(channel: number, data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.from([channel]), body]);
}

function sessionOutput(ws: WebSocket, command: string[]) {
  return {
    stdout: (text: string) => ws.send(frame(CHANNEL.stdout, text)),
    stderr: (text: string) => ws.send(frame(CHANNEL.stderr, text)),
    exit: (code: number) => {
      ws.send(frame(CHANNEL.error, exitStatus(code, command)));
      ws.close(1000);
    },
  };
}

function runExec(ws: WebSocket, session: ExecSession): void {
  const v5 = ws.protocol === 'v5.channel.k8s.io';
  ws.on('message', (data: Buffer) => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
    if (bytes.length === 0) return;
    const channel = bytes[0]!;
    if (channel === CHANNEL.stdin) session.input(bytes.subarray(1).toString('utf8'));
    else if (v5 && channel === CHANNEL.close && bytes[1] === CHANNEL.stdin) session.endInput();
  });
  // A v4 client cannot half-close: its stdin ends with the connection.
  ws.on('close', () => session.endInput());
  session.start();
}

function runPortForward(ws: WebSocket, ports: number[], pod: () => any): void {
  ports.forEach((port, i) => {
    const header = Buffer.from([port & 0xff, port >> 8]);
    ws.send(frame(2 * i, header));
    ws.send(frame(2 * i + 1, header));
  });
  // As the kubelet does: a port that cannot be reached gets its error on its error channel, and the
  // streams end, and with them the connection.
  const problems = ports.map((port) => forwardError(pod(), port));
  if (problems.some(Boolean)) {
    problems.forEach((problem, i) => problem && ws.send(frame(2 * i + 1, problem)));
    ws.close(1000);
    return;
  }
  const streams = ports.map((_, i) => connectSimulatedHttp(pod, (chunk) => ws.send(frame(2 * i, chunk))));
  ws.on('message', (data: Buffer) => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
    const stream = streams[(bytes[0] ?? 0) / 2];
    if (bytes.length > 1 && stream && bytes[0]! % 2 === 0) stream.write(bytes.subarray(1));
  });
  ws.on('close', () => streams.forEach((s) => s.end()));
}
