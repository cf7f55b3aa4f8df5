// Upgraded requests of a served embedded cluster: pods/exec over WebSocket with the Kubernetes
// channel subprotocols (v5.channel.k8s.io, v4.channel.k8s.io), as kubectl 1.30+ speaks them, and
// pods/portforward three ways: SPDY/3.1 tunnelled in WebSocket binary messages
// ("SPDY/3.1+portforward.k8s.io", kubectl 1.31+), SPDY/3.1 over the upgraded connection itself
// (older kubectl, kubectl 1.31+ when the WebSocket upgrade fails, and tkctl), and the WebSocket
// channel protocol (one connection per forwarded connection, as @kubernetes/client-node speaks it).
// The same sessions run in-process for the embedded transport (channelSession). Refusals are
// written as kube-apiserver's Status with the HTTP code, which kubectl reports as "unable to
// upgrade connection: …".
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ApiServer } from './server.js';
import { ApiError, badRequest } from './status.js';
import { ExecSession, containerSandbox, execOptions, execTarget } from './pod-exec.js';
import { findResource } from './resources.js';
import { connectSimulatedHttp } from '../proxy/simulated-http.js';
import { SpdySession } from '../../spdy/session.js';
import { PORT_FORWARD_SPDY, type Channel } from '../../transport.js';
import { socketChannel, wsChannel } from '../../channels.js';
import { forwardError, portForwardStreams } from '../portforward/port-forward.js';

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const SPDY_PORT_FORWARD = 'portforward.k8s.io';
const PORT_FORWARD_PROTOCOLS = [PORT_FORWARD_SPDY, 'v4.channel.k8s.io', 'portforward.k8s.io'];

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (offered, req) => pickProtocol(offered, req.url ?? '/') ?? false });

function pickProtocol(offered: Set<string>, path: string): string | undefined {
  const wanted = /\/portforward(\?|$)/.test(path) ? PORT_FORWARD_PROTOCOLS : EXEC_PROTOCOLS;
  return wanted.find((p) => offered.has(p));
}

// ws takes only RFC 7230 tokens for subprotocols, and the "/" of "SPDY/3.1+…" is none: the tunnel's
// upgrades are handed to it with the protocol percent-encoded, and answered with the real name.
const tunnel = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: () => PORT_FORWARD_SPDY });

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

/**
 * A refusal's status code, content type and body. The kubelet's own refusals pass through as its
 * plain text, which kubectl words as "unable to upgrade connection: …"; the API server's are Status objects.
 */
export function refusalOf(e: unknown): { code: number; type: string; body: string } {
  const err = e instanceof ApiError ? e : new ApiError(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`);
  if (err.reason === '') return { code: err.code, type: 'text/plain; charset=utf-8', body: `${err.message}\n` };
  return { code: err.code, type: 'application/json', body: JSON.stringify(err.toStatus()) };
}

function refuse(socket: Duplex, e: unknown): void {
  const { code, type, body } = refusalOf(e);
  const reason = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' }[code] ?? 'Internal Server Error';
  socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

const STREAM_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|portforward)$/;

/** A running pod, and a reader of it as it is now (undefined once deleted). */
function runningPod(server: ApiServer, namespace: string, name: string): () => any {
  const pods = findResource('', 'v1', 'pods')!;
  const pod = server.registry.get(pods, namespace, name) as any;
  if (pod.status?.phase !== 'Running') throw badRequest(`pod ${name} is not running`);
  return () => {
    try {
      return server.registry.get(pods, namespace, name);
    } catch {
      return undefined;
    }
  };
}

/**
 * An exec or port-forward in the channel protocol, checked: the subprotocol agreed on and how to
 * serve it on an open channel. Throws the refusal (an ApiError); undefined when the path is
 * neither. Served over WebSocket, and in-process by the embedded transport.
 */
export function channelSession(server: ApiServer, path: string, query: URLSearchParams, offered: Set<string>): { protocol: string; run(peer: Channel): void } | undefined {
  const m = STREAM_PATH.exec(path);
  if (!m) return undefined;
  const [, namespace, name, sub] = m.map(decodeURIComponent) as [string, string, string, string];
  const protocol = pickProtocol(offered, path) ?? '';
  if (sub === 'exec') {
    const opts = execOptions(query);
    const { pod, container } = execTarget(server.registry, namespace, name, opts);
    const sandbox = containerSandbox(server.registry, pod, container);
    return { protocol, run: (peer) => runExec(peer, new ExecSession(sandbox, opts, sessionOutput(peer, opts.command))) };
  }
  const pod = runningPod(server, namespace, name);
  if (protocol === PORT_FORWARD_SPDY) return { protocol, run: (peer) => serveSpdy(peer, pod) };
  const ports = (query.get('ports') ?? '').split(',').filter(Boolean).map(Number);
  if (!ports.length || ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) throw badRequest('at least 1 port is required');
  return { protocol, run: (peer) => runPortForward(peer, ports, pod) };
}

/** Handle an upgrade request; false when the path is no streaming subresource (the caller answers it). */
export function handleStreamUpgrade(server: ApiServer, req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const m = STREAM_PATH.exec(url.pathname);
  if (!m) return false;
  const [, namespace, name, sub] = m.map(decodeURIComponent) as [string, string, string, string];
  const websocket = (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
  const offered = offeredProtocols(req);
  try {
    if (sub === 'portforward' && !websocket) {
      const pod = runningPod(server, namespace, name);
      if (!/^spdy\/3\.1$/i.test(req.headers.upgrade ?? '')) throw badRequest(`unsupported upgrade: ${req.headers.upgrade}`);
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${SPDY_PORT_FORWARD}\r\n\r\n`);
      serveSpdy(socketChannel(socket, head, SPDY_PORT_FORWARD), pod);
      return true;
    }
    const session = channelSession(server, url.pathname, url.searchParams, offered)!;
    if (session.protocol === PORT_FORWARD_SPDY) {
      req.headers['sec-websocket-protocol'] = encodeURIComponent(PORT_FORWARD_SPDY);
      tunnel.handleUpgrade(req, socket, head, (ws) => session.run(wsChannel(ws)));
      return true;
    }
    if (!websocket) throw badRequest('tkctl serves exec over WebSocket only (v5.channel.k8s.io, v4.channel.k8s.io)');
    wss.handleUpgrade(req, socket, head, (ws) => session.run(wsChannel(ws)));
  } catch (e) {
    refuse(socket, e);
  }
  return true;
}

/** Port-forward's SPDY session over a channel whose messages carry its bytes. */
function serveSpdy(peer: Channel, pod: () => any): void {
  const session = new SpdySession({ send: (bytes) => peer.send(bytes), close: () => peer.close() }, { role: 'server', onStream: portForwardStreams(pod) });
  peer.onMessage((bytes) => session.receive(bytes));
  peer.onClose(() => session.end());
}

function frame(channel: number, data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.from([channel]), body]);
}

function sessionOutput(peer: Channel, command: string[]) {
  return {
    stdout: (text: string) => peer.send(frame(CHANNEL.stdout, text)),
    stderr: (text: string) => peer.send(frame(CHANNEL.stderr, text)),
    exit: (code: number) => {
      peer.send(frame(CHANNEL.error, exitStatus(code, command)));
      peer.close();
    },
  };
}

function runExec(peer: Channel, session: ExecSession): void {
  const v5 = peer.protocol === 'v5.channel.k8s.io';
  peer.onMessage((bytes) => {
    if (bytes.length === 0) return;
    const channel = bytes[0]!;
    if (channel === CHANNEL.stdin) session.input(bytes.subarray(1).toString('utf8'));
    else if (v5 && channel === CHANNEL.close && bytes[1] === CHANNEL.stdin) session.endInput();
  });
  // A v4 client cannot half-close: its stdin ends with the connection.
  peer.onClose(() => session.endInput());
  session.start();
}

function runPortForward(peer: Channel, ports: number[], pod: () => any): void {
  ports.forEach((port, i) => {
    const header = Buffer.from([port & 0xff, port >> 8]);
    peer.send(frame(2 * i, header));
    peer.send(frame(2 * i + 1, header));
  });
  // As the kubelet does: a port that cannot be reached gets its error on its error channel, and the
  // streams end, and with them the connection.
  const problems = ports.map((port) => forwardError(pod(), port));
  if (problems.some(Boolean)) {
    problems.forEach((problem, i) => problem && peer.send(frame(2 * i + 1, problem)));
    peer.close();
    return;
  }
  // The connection ends once the pod has ended every port's stream, as the kubelet's does.
  let open = ports.length;
  const streams = ports.map((_, i) => connectSimulatedHttp(pod, (chunk) => peer.send(frame(2 * i, chunk)), () => --open === 0 && peer.close()));
  peer.onMessage((bytes) => {
    const stream = streams[(bytes[0] ?? 0) / 2];
    if (bytes.length > 1 && stream && bytes[0]! % 2 === 0) stream.write(bytes.subarray(1));
  });
  peer.onClose(() => streams.forEach((s) => s.end()));
}
