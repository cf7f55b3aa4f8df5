// Upgraded requests of a served embedded cluster: pods/exec over WebSocket with the Kubernetes
// channel subprotocols (v5.channel.k8s.io, v4.channel.k8s.io), as kubectl 1.30+ speaks them, and
// pods/portforward over WebSocket (one connection per forwarded connection). Refusals are written
// as kube-apiserver's Status with the HTTP code, which kubectl reports as "unable to upgrade
// connection: …".
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiServer } from './server.js';
import { ApiError, badRequest } from './status.js';
import { ExecSession, containerSandbox, execOptions, execTarget } from './pod-exec.js';
import { findResource } from './resources.js';
import { connectSimulatedHttp } from '../proxy/simulated-http.js';

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const PORT_FORWARD_PROTOCOLS = ['v4.channel.k8s.io', 'portforward.k8s.io'];

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: pickProtocol });

function pickProtocol(offered: Set<string>, req: IncomingMessage): string | false {
  const wanted = /\/portforward$/.test(new URL(req.url ?? '/', 'http://x').pathname) ? PORT_FORWARD_PROTOCOLS : EXEC_PROTOCOLS;
  return wanted.find((p) => offered.has(p)) ?? false;
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
    const pod = server.registry.get(findResource('', 'v1', 'pods')!, namespace, name) as any;
    if (pod.status?.phase !== 'Running') throw badRequest(`pod ${name} is not running`);
    if (!websocket) throw badRequest('tkctl serves port-forward over WebSocket only (v4.channel.k8s.io)');
    const ports = (url.searchParams.get('ports') ?? '').split(',').filter(Boolean).map(Number);
    if (!ports.length || ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) throw badRequest('at least 1 port is required');
    wss.handleUpgrade(req, socket, head, (ws) => runPortForward(ws, ports, () => server.registry.get(findResource('', 'v1', 'pods')!, namespace, name)));
  } catch (e) {
    refuse(socket, e);
  }
  return true;
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

function runPortForward(ws: WebSocket, ports: number[], pod: () => unknown): void {
  const streams = ports.map((port, i) => {
    const header = Buffer.from([port & 0xff, port >> 8]);
    ws.send(frame(2 * i, header));
    ws.send(frame(2 * i + 1, header));
    return connectSimulatedHttp(pod, (chunk) => ws.send(frame(2 * i, chunk)));
  });
  ws.on('message', (data: Buffer) => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
    const stream = streams[(bytes[0] ?? 0) / 2];
    if (bytes.length > 1 && stream && bytes[0]! % 2 === 0) stream.write(bytes.subarray(1));
  });
  ws.on('close', () => streams.forEach((s) => s.end()));
}
