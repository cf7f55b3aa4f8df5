// `port-forward`: local listeners whose connections reach a pod's port — over the portforward
// WebSocket protocol on a real cluster (one WebSocket a connection, channel 0 data, 1 errors),
// or the simulated pod's HTTP answer on the embedded one.
import { createServer, type Server, type Socket } from 'node:net';
import type { KubeClient } from '../client/client.js';
import { CliError } from '../client/errors.js';
import { podsForObject, type Pod } from './pod-for-object.js';
import type { Channel, Transport } from '../backends/transport.js';
import { UpgradeRefused } from '../backends/transport.js';
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
  const servers: Server[] = [];
  // A connection whose forwarding fails ends the whole session, as client-go's forwarder does.
  let lose!: (message: string) => void;
  const lost = new Promise<never>((_, reject) => {
    lose = (message) => {
      io.err(klogLine(Date.now() * 1000, process.pid, 'portforward.go:424', `"Unhandled Error" err=${goQuote(message)}`, 'E'));
      reject(new CliError('error: lost connection to pod'));
    };
  });
  const connect = channelConnector(client.transport, pod, io);
  try {
    for (const pair of pairs) {
      let local = pair.local;
      for (const address of listenAddresses(o.addresses.length ? o.addresses : ['localhost'])) {
        const server = createServer((socket) => {
          io.out(`Handling connection for ${local}\n`);
          connect(socket, pair.remote, (message) => lose(`an error occurred forwarding ${local} -> ${pair.remote}: ${message}`));
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
  }
}

/** Forward one local connection to the pod's port; `fail` reports what the pod's side wrote on its error stream. */
type Connector = (socket: Socket, port: number, fail: (message: string) => void) => void;

/**
 * One channel connection per local connection, in the portforward channel protocol: channel 0
 * carries the data, 1 the errors, and the first message on each only names the port.
 */
function channelConnector(transport: Transport, pod: Pod, io: PortForwardIO): Connector {
  const path = `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/portforward`;
  return (socket, port, fail) => {
    let channel: Channel | undefined;
    const pending: Buffer[] = [];
    const send = (d: Buffer) => channel!.send(Buffer.concat([Buffer.from([0]), d]));
    socket.on('data', (d: Buffer) => (channel ? send(d) : pending.push(d)));
    socket.on('close', () => channel?.close());
    socket.on('error', () => socket.destroy());
    transport.channel({ path, query: { ports: String(port) }, protocols: ['v4.channel.k8s.io', 'portforward.k8s.io'] }).then((opened) => {
      channel = opened;
      if (socket.destroyed) return opened.close();
      for (const d of pending.splice(0)) send(d);
      const seen = new Set<number>();
      let error = '';
      opened.onMessage((data) => {
        const id = data[0]!;
        if (!seen.has(id)) {
          seen.add(id);
          return;
        }
        if (id === 0) socket.write(data.subarray(1));
        else error += data.subarray(1).toString();
      });
      opened.onClose(() => {
        socket.end();
        if (error) fail(error);
      });
    }, (e) => {
      io.err(`error: ${e instanceof UpgradeRefused ? e.body.trim() : (e as Error).message.replace(/^error: /, '')}\n`);
      socket.destroy();
    });
  };
}
