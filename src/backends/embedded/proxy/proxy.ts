// kube-proxy for a served embedded cluster: every NodePort (and LoadBalancer) Service listens on
// 127.0.0.1:nodePort, kind's extraPortMappings add their host ports, and each connection goes to
// the next ready endpoint. The endpoints are simulated pods, so the pod's answer is simulated too.
import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import type { KubeObject } from '../apiserver/objects.js';
import type { Cache, CacheChange } from '../controllers/cache.js';
import { objectKey } from '../controllers/cache.js';
import type { Controller, ControllerContext } from '../controllers/controller.js';
import type { PortMapping } from '../kind-config.js';
import { simulatedResponse, type Backend } from './responses.js';

type Obj = KubeObject & { spec?: any; subsets?: any[] };

interface Listener {
  server: Server;
  /** The service key and node port this listener serves. */
  service: string;
  nodePort: number;
}

export interface ProxyOptions {
  address?: string;
  /** kind's extraPortMappings: host port -> node port (containerPort). */
  portMappings?: PortMapping[];
  /** Reports a port that cannot be opened (taken by another program). */
  warn?: (message: string) => void;
}

export class ProxyController implements Controller {
  readonly name = 'kube-proxy';
  readonly types = ['services', 'endpoints', 'pods'];
  private readonly listeners = new Map<number, Listener>();
  /** Round-robin position per service. */
  private readonly next = new Map<string, number>();
  private cache?: Cache;

  constructor(private readonly opts: ProxyOptions = {}) {}

  keysFor(change: CacheChange): string[] {
    return change.type === 'pods' ? [] : [objectKey(change.object)];
  }

  async sync(key: string, ctx: ControllerContext): Promise<undefined> {
    this.cache = ctx.cache;
    const svc = ctx.cache.get('services', key) as Obj | undefined;
    // Without a ready endpoint nothing listens, so clients are refused as kube-proxy's REJECT rule does.
    const ports: number[] = svc && exposesNodePorts(svc) ? (svc.spec.ports ?? []).map((p: any) => p.nodePort).filter(Boolean) : [];
    const wanted = new Set(ports.filter((nodePort) => this.readyBackends(key, nodePort).length > 0));
    for (const [port, l] of this.listeners) {
      if (l.service === key && !wanted.has(l.nodePort)) this.close(port);
    }
    for (const nodePort of wanted) {
      this.open(nodePort, key, nodePort);
      for (const m of this.opts.portMappings ?? []) {
        if (m.containerPort === nodePort && m.hostPort && m.hostPort !== nodePort) this.open(m.hostPort, key, nodePort);
      }
    }
    return undefined;
  }

  /** Close every listener (the server is stopping). */
  stop(): void {
    for (const port of [...this.listeners.keys()]) this.close(port);
  }

  private open(port: number, service: string, nodePort: number): void {
    const existing = this.listeners.get(port);
    if (existing && existing.service === service && existing.nodePort === nodePort) return;
    if (existing) this.close(port);
    const server = createServer((req, res) => this.answer(service, nodePort, req, res));
    server.on('error', (e: NodeJS.ErrnoException) => {
      this.listeners.delete(port);
      this.opts.warn?.(`kube-proxy: cannot listen on ${this.opts.address ?? '127.0.0.1'}:${port} for service ${service}: ${e.code === 'EADDRINUSE' ? 'address already in use' : e.message}`);
    });
    server.listen(port, this.opts.address ?? '127.0.0.1');
    this.listeners.set(port, { server, service, nodePort });
  }

  private close(port: number): void {
    this.listeners.get(port)?.server.close();
    this.listeners.delete(port);
  }

  private answer(serviceKey: string, nodePort: number, req: IncomingMessage, res: ServerResponse): void {
    const backends = this.readyBackends(serviceKey, nodePort);
    if (backends.length === 0) {
      // What a client sees from a real kube-proxy with no endpoints: the connection is refused.
      req.socket.destroy();
      return;
    }
    const i = (this.next.get(serviceKey) ?? 0) % backends.length;
    this.next.set(serviceKey, i + 1);
    const answer = simulatedResponse(backends[i], req.url ?? '/');
    res.writeHead(answer.status, answer.headers);
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  }

  /** Ready addresses of the service's Endpoints, with the pods behind them. */
  private readyBackends(serviceKey: string, nodePort: number): Backend[] {
    const cache = this.cache;
    const svc = cache?.get('services', serviceKey) as Obj | undefined;
    const endpoints = cache?.get('endpoints', serviceKey) as Obj | undefined;
    if (!cache || !svc || !endpoints) return [];
    const port = (svc.spec?.ports ?? []).find((p: any) => p.nodePort === nodePort);
    const out: Backend[] = [];
    for (const subset of endpoints.subsets ?? []) {
      const targetPort = (subset.ports ?? []).find((p: any) => !port?.name || p.name === port.name)?.port ?? port?.targetPort;
      for (const address of subset.addresses ?? []) {
        const podName = address.targetRef?.kind === 'Pod' ? address.targetRef.name : undefined;
        const pod = podName ? (cache.get('pods', `${endpoints.metadata?.namespace}/${podName}`) as Obj | undefined) : undefined;
        out.push({ ip: address.ip, port: Number(targetPort) || 80, pod });
      }
    }
    return out.sort((a, b) => a.ip.localeCompare(b.ip, 'en', { numeric: true }));
  }
}

function exposesNodePorts(svc: Obj): boolean {
  return svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer';
}
