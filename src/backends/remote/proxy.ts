// Which proxy a request to the API server goes through, as client-go chooses it: the cluster's
// proxy-url, or else the environment as Go's http.ProxyFromEnvironment reads it; and the SOCKS5
// tunnel (RFC 1928, with RFC 1929's username and password) for socks5:// proxies.

import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { BlockList, connect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { Duplex } from 'node:stream';

/** The proxy for requests to `server`, or undefined to connect directly. */
export function proxyFor(proxyUrl: string | undefined, server: URL, env: NodeJS.ProcessEnv): URL | undefined {
  // The kubeconfig validation has already refused URLs client-go cannot parse or use.
  if (proxyUrl) return new URL(proxyUrl);
  return proxyFromEnvironment(server, env);
}

/**
 * HTTPS_PROXY for https servers and HTTP_PROXY for http ones (upper case first), unless NO_PROXY
 * names the host or the host is localhost or a loopback address, as Go's httpproxy package decides.
 */
export function proxyFromEnvironment(server: URL, env: NodeJS.ProcessEnv): URL | undefined {
  const setting = server.protocol === 'https:' ? envAny(env, 'HTTPS_PROXY', 'https_proxy') : envAny(env, 'HTTP_PROXY', 'http_proxy');
  // Go refuses HTTP_PROXY in a CGI handler, where a client could set it through a header.
  if (server.protocol === 'http:' && setting && env.REQUEST_METHOD) return undefined;
  const proxy = setting ? parseProxy(setting) : undefined;
  if (!proxy) return undefined;
  const host = server.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = server.port || (server.protocol === 'https:' ? '443' : '80');
  if (host === 'localhost' || isLoopback(host)) return undefined;
  return excluded(envAny(env, 'NO_PROXY', 'no_proxy'), host, port) ? undefined : proxy;
}

function envAny(env: NodeJS.ProcessEnv, ...names: string[]): string {
  for (const name of names) if (env[name]) return env[name]!;
  return '';
}

// A value that is no http, https or socks5 URL is read as host[:port] of an http proxy; one that
// does not parse either is ignored, as Go ignores it.
function parseProxy(value: string): URL | undefined {
  const parsed = tryUrl(value);
  if (parsed && ['http:', 'https:', 'socks5:'].includes(parsed.protocol)) return parsed;
  return tryUrl(`http://${value}`);
}

function tryUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

function isLoopback(host: string): boolean {
  return isIP(host) !== 0 && LOOPBACK.check(host, family(host));
}

function family(ip: string): 'ipv4' | 'ipv6' {
  return isIP(ip) === 6 ? 'ipv6' : 'ipv4';
}

/**
 * NO_PROXY: comma-separated entries, each "*" (everything), an IP address or CIDR block, or a
 * domain name (itself and its subdomains; with a leading "." or "*." its subdomains only), the last
 * two optionally with ":port".
 */
function excluded(noProxy: string, host: string, port: string): boolean {
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const ips = new BlockList();
    const cidr = /^(.+)\/(\d+)$/.exec(entry);
    if (cidr) {
      if (!isIP(cidr[1]!)) continue;
      ips.addSubnet(cidr[1]!, Number(cidr[2]), family(cidr[1]!));
      if (isIP(host) && ips.check(host, family(host))) return true;
      continue;
    }
    const { name, entryPort } = splitPort(entry);
    if (!name || (entryPort && entryPort !== port)) continue;
    if (isIP(name)) {
      ips.addAddress(name, family(name));
      if (isIP(host) && ips.check(host, family(host))) return true;
      continue;
    }
    const domain = name.startsWith('*.') ? name.slice(1) : name;
    if (domain.startsWith('.') ? host.endsWith(domain) : host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function splitPort(entry: string): { name: string; entryPort?: string } {
  const bracketed = /^\[(.*)\]:(\d+)$/.exec(entry);
  if (bracketed) return { name: bracketed[1]!, entryPort: bracketed[2] };
  const withPort = /^([^:]*):(\d+)$/.exec(entry);
  return withPort ? { name: withPort[1]!, entryPort: withPort[2] } : { name: entry };
}

/** An IPv6 address's 16 bytes. */
function ipv6Bytes(ip: string): number[] {
  const [head = '', tail = ''] = ip.split('::');
  const words = (part: string) => (part ? part.split(':') : []).flatMap((g) => (g.includes('.') ? v4Words(g) : [parseInt(g, 16)]));
  const [h, t] = [words(head), words(tail)];
  const all = ip.includes('::') ? [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t] : h;
  return all.flatMap((w) => [w >> 8, w & 0xff]);
}

/** The IPv4 tail of an IPv6 address (::ffff:1.2.3.4) as two 16-bit words. */
function v4Words(v4: string): number[] {
  const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
  return [(a << 8) | b, (c << 8) | d];
}

// RFC 1928's reply codes, in the words of Go's SOCKS client.
const SOCKS_REPLIES = [
  'succeeded', 'general SOCKS server failure', 'connection not allowed by ruleset', 'network unreachable',
  'host unreachable', 'connection refused', 'TTL expired', 'command not supported', 'address type not supported',
];

/** A TCP connection to host:port through a SOCKS5 proxy, ready for TLS or HTTP. */
export function socks5Tunnel(proxy: URL, host: string, port: number, timeoutMs: number): Promise<Socket> {
  const username = decodeURIComponent(proxy.username);
  const password = decodeURIComponent(proxy.password);
  const target = `${proxy.hostname}:${proxy.port || 1080}->${host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(proxy.port) || 1080, proxy.hostname.replace(/^\[(.*)\]$/, '$1'));
    const fail = (message: string, code?: string): void => {
      socket.destroy();
      reject(Object.assign(new Error(`socks connect tcp ${target}: ${message}`), { code }));
    };
    socket.setTimeout(timeoutMs, () => fail('i/o timeout', 'ETIMEDOUT'));
    socket.on('error', (e: NodeJS.ErrnoException) => fail(e.message, e.code));
    let received = Buffer.alloc(0);
    let step: 'method' | 'auth' | 'connect' = 'method';
    socket.on('connect', () => socket.write(Buffer.from(username ? [5, 2, 0, 2] : [5, 1, 0])));
    socket.on('data', function onData(chunk: Buffer) {
      received = Buffer.concat([received, chunk]);
      if (step === 'method') {
        if (received.length < 2) return;
        const method = received[1];
        received = received.subarray(2);
        if (method === 2 && username) {
          step = 'auth';
          const [u, p] = [Buffer.from(username), Buffer.from(password)];
          socket.write(Buffer.concat([Buffer.from([1, u.length]), u, Buffer.from([p.length]), p]));
          return;
        }
        if (method !== 0) return fail('no acceptable authentication methods');
        step = 'connect';
        socket.write(connectRequest(host, port));
      } else if (step === 'auth') {
        if (received.length < 2) return;
        if (received[1] !== 0) return fail('username/password authentication failed');
        received = received.subarray(2);
        step = 'connect';
        socket.write(connectRequest(host, port));
      } else {
        if (received.length < 5) return;
        const atyp = received[3];
        const length = 6 + (atyp === 1 ? 4 : atyp === 4 ? 16 : 1 + received[4]!);
        if (received.length < length) return;
        if (received[1] !== 0) return fail(`unknown error ${SOCKS_REPLIES[received[1]!] ?? `unknown code: ${received[1]}`}`);
        socket.off('data', onData);
        socket.removeAllListeners('error');
        socket.removeAllListeners('timeout');
        socket.setTimeout(0);
        if (received.length > length) socket.unshift(received.subarray(length));
        resolve(socket);
      }
    });
  });
}

function connectRequest(host: string, port: number): Buffer {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const address =
    isIP(bare) === 4 ? Buffer.from([1, ...bare.split('.').map(Number)])
    : isIP(bare) === 6 ? Buffer.from([4, ...ipv6Bytes(bare)])
    : Buffer.concat([Buffer.from([3, Buffer.byteLength(bare)]), Buffer.from(bare)]);
  return Buffer.concat([Buffer.from([5, 1, 0]), address, Buffer.from([port >> 8, port & 0xff])]);
}

/** A TCP connection to host:port through an HTTP(S) proxy's CONNECT tunnel. */
function connectTunnel(proxy: URL, host: string, port: number): Promise<Socket> {
  const target = `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
  const login = proxy.username ? { 'proxy-authorization': `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}` } : {};
  return new Promise((resolve, reject) => {
    const request = proxy.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request({ host: proxy.hostname.replace(/^\[(.*)\]$/, '$1'), port: proxy.port || undefined, method: 'CONNECT', path: target, headers: { host: target, ...login }, agent: false });
    req.on('connect', (res, socket, head) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(new Error(`proxyconnect tcp: ${res.statusCode} ${res.statusMessage ?? ''}`.trim()));
        return;
      }
      if (head.length) socket.unshift(head);
      resolve(socket);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * http.request's (and ws's) createConnection for an API server reached through `proxy`: the
 * tunnel, then TLS to the server with the options the request carries.
 */
export function proxiedConnection(proxy: URL, secure: boolean, timeoutMs: number) {
  return (options: RequestOptions, callback: (err: Error | null, socket: Duplex) => void): undefined => {
    const host = (options.hostname ?? options.host ?? 'localhost').replace(/^\[(.*)\]$/, '$1');
    const port = Number(options.port) || (secure ? 443 : 80);
    const tunnel = proxy.protocol === 'socks5:' ? socks5Tunnel(proxy, host, port, timeoutMs) : connectTunnel(proxy, host, port);
    tunnel.then(
      (socket) => callback(null, secure ? tlsConnect({ ...(options as ConnectionOptions), socket, servername: options.servername ?? (isIP(host) ? undefined : host) }) : socket),
      (err: Error) => callback(err, undefined as never),
    );
    return undefined;
  };
}
