// `port-forward`: local listeners whose connections reach a pod's port through one SPDY/3.1
// session with the pod's portforward subresource, as kubectl's: a SPDY upgrade on a real cluster,
// in-process to the simulated pod's HTTP answer on the embedded one.
import { createServer, type Server, type Socket } from 'node:net';
import type { KubeClient } from '../client/client.js';
import { CliError } from '../client/errors.js';
import { podsForObject, type Pod } from './pod-for-object.js';
import { PORT_FORWARD_SPDY, UpgradeRefused, type Channel, type Transport } from '../backends/transport.js';
import { SpdySession, type SpdyStream } from '../backends/spdy/session.js';
import { klogLine } from '../trace.js';
import { goQuote } from '../printers/go-syntax.js';

export interface PortPair { local: number; remote: number; remoteName?: string }

export interface PortForwardOptions {
  namespace: string;
  target: string;
  ports: string[];
  addresses: string[];
}

export interface PortForwardIO {
  out(text: string): void;
  err(text: string): void;
  /** Resolves when forwarding should stop (Ctrl-C). */
  stop: Promise<void>;
}

function portNumber(text: string, what: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 0 || n > 65535) throw new CliError(`error: ${what} "${text}" is not a valid port`);
  return n;
}

/** "8080:80", ":80" (any free local port) or "80" (the same on both sides). */
export function parsePortPair(spec: string): { local: number; remote: string } {
  const parts = spec.split(':');
  if (parts.length > 2) throw new CliError(`error: invalid port format '${spec}'`);
  const [local, remote] = parts.length === 2 ? parts : [parts[0]!, parts[0]!];
  return { local: local === '' ? 0 : portNumber(local!, 'local port'), remote: remote! };
}

/** A service port's target port in the pod (kubectl's translateServicePortToTargetPort). */
function serviceTargetPort(svc: any, pod: Pod, remote: string): number {
  const port = (svc.spec?.ports ?? []).find((p: any) => String(p.port) === remote || p.name === remote);
  if (!port) throw new CliError(`error: Service ${svc.metadata?.name} does not have a service port ${remote}`);
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number' || /^\d+$/.test(String(target))) return Number(target);
  return containerPortByName(pod, String(target));
}

function containerPortByName(pod: Pod, name: string): number {
  for (const c of pod.spec?.containers ?? []) {
    const p = (c.ports ?? []).find((x: any) => x.name === name);
    if (p) return p.containerPort;
  }
  throw new CliError(`error: Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}

/** Listen addresses for --address: "localhost" is both loopbacks, as kubectl binds them. */
export function listenAddresses(addresses: string[]): string[] {
  return addresses.flatMap((a) => a.split(',')).flatMap((a) => (a === 'localhost' ? ['127.0.0.1', '::1'] : [a]));
}

const shown = (address: string) => (address.includes(':') ? `[${address}]` : address);

export async function runPortForward(client: KubeClient, o: PortForwardOptions, io: PortForwardIO): Promise<void> {
  if (!o.target || o.ports.length === 0) throw new CliError("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples");
  const specs = o.ports.map(parsePortPair);
  const { pods } = await podsForObject(client, o.namespace, o.target);
  const pod = pods[0]!;
  if (pod.status?.phase !== 'Running') throw new CliError(`error: unable to forward port because pod is not running. Current status=${pod.status?.phase ?? 'Pending'}`);
  const [type, name] = o.target.includes('/') ? o.target.split('/', 2) : ['pod', o.target];
  const svc = /^(svc|service|services)$/i.test(type!) ? await client.request('GET', `/api/v1/namespaces/${o.namespace}/services/${name}`) : undefined;
  const pairs: PortPair[] = specs.map((s) => ({
    local: s.local,
    remote: svc ? serviceTargetPort(svc, pod, s.remote) : /^\d+$/.test(s.remote) ? portNumber(s.remote, 'remote port') : containerPortByName(pod, s.remote),
  }));
  const session = await dial(client.transport, pod);
  // The session ends when forwarding fails or the server goes away: kubectl's "lost connection".
  const lost = new Promise<never>((_, reject) => session.ended.then(() => reject(new CliError('error: lost connection to pod'))));
  const servers: Server[] = [];
  let requestID = 0;
  try {
    for (const pair of pairs) {
      let local = pair.local;
      for (const address of listenAddresses(o.addresses.length ? o.addresses : ['localhost'])) {
        const server = createServer((socket) => {
          io.out(`Handling connection for ${local}\n`);
          void forwardConnection(session.spdy, socket, pair.remote, requestID++).then((message) => {
            if (!message) return;
            io.err(klogLine(Date.now() * 1000, process.pid, 'portforward.go:424', `"Unhandled Error" err=${goQuote(`an error occurred forwarding ${local} -> ${pair.remote}: ${message}`)}`, 'E'));
            session.spdy.close();
          });
        });
        try {
          await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(local, address, () => resolve());
          });
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          // kubectl carries on when one loopback is missing (no IPv6), and fails when none listens.
          if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') continue;
          throw new CliError(`Unable to listen on port ${local}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 ${address}:${local}: bind: address already in use]\nerror: unable to listen on any of the requested ports: [{${local} ${pair.remote}}]`);
        }
        local = (server.address() as { port: number }).port;
        servers.push(server);
        io.out(`Forwarding from ${shown(address)}:${local} -> ${pair.remote}\n`);
      }
    }
    await Promise.race([io.stop, lost]);
  } finally {
    for (const s of servers) s.close();
    session.spdy.close();
  }
}

/**
 * Upgrade once to the pod's portforward subresource, as kubectl does, and speak SPDY/3.1 over it
 * as the client: in-process to the embedded cluster, a SPDY upgrade to a real one.
 */
async function dial(transport: Transport, pod: Pod): Promise<{ spdy: SpdySession; ended: Promise<void> }> {
  let channel: Channel;
  try {
    channel = await transport.channel({ path: `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/portforward`, query: {}, protocols: [PORT_FORWARD_SPDY] });
  } catch (e) {
    if (e instanceof UpgradeRefused) throw new CliError(`error: error upgrading connection: ${refusalMessage(e)}`);
    throw e;
  }
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const spdy = new SpdySession({ send: (bytes) => channel.send(bytes), close: () => channel.close() }, { role: 'client', onEnd: () => end() });
  channel.onMessage((bytes) => spdy.receive(bytes));
  channel.onClose(() => spdy.end());
  return { spdy, ended };
}

/** A refused upgrade in client-go's words: the Status's message, or the body as text. */
function refusalMessage(e: UpgradeRefused): string {
  try {
    const status = JSON.parse(e.body);
    if (status?.kind === 'Status' && status.message) return status.message;
  } catch { /* not a Status */ }
  return e.body.trim() || `${e.code}`;
}

/**
 * One local connection, as client-go's forwarder handles it: an error stream (closed at once, we
 * write nothing) and a data stream with the same port and request ID; bytes both ways until the
 * pod's side ends; then what the error stream said, if anything.
 */
async function forwardConnection(spdy: SpdySession, socket: Socket, port: number, requestID: number): Promise<string> {
  socket.on('error', () => socket.destroy());
  const headers = { streamtype: 'error', port: String(port), requestid: String(requestID) };
  let errorStream: SpdyStream;
  let dataStream: SpdyStream;
  try {
    errorStream = await spdy.open(headers);
    errorStream.end();
    dataStream = await spdy.open({ ...headers, streamtype: 'data' });
  } catch {
    socket.destroy();
    return '';
  }
  let message = '';
  errorStream.on('data', (d: Buffer) => (message += d.toString()));
  const errorRead = new Promise<void>((resolve) => errorStream.once('close', () => resolve()).once('end', () => resolve()));
  socket.pipe(dataStream);
  dataStream.pipe(socket);
  await new Promise<void>((resolve) => dataStream.once('end', () => resolve()).once('close', () => resolve()));
  dataStream.reset();
  await errorRead;
  return message;
}
