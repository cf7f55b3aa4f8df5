import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateClusterCerts, type ClusterCerts } from '../../src/backends/embedded/certs.js';
import { createRemoteTransport, TransportError } from '../../src/backends/remote/index.js';
import { retryDelayMs } from '../../src/backends/remote/retry.js';
import type { ClusterInfo, ResolvedContext, UserInfo } from '../../src/kubeconfig/index.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  clientCert: boolean;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let certs: ClusterCerts;
let server: Server;
let port: number;
let seen: Seen[];
let handler: Handler;
let dir: string;

beforeAll(async () => {
  certs = await generateClusterCerts(['127.0.0.1', 'localhost']);
  dir = mkdtempSync(join(tmpdir(), 'tkctl-remote-'));
  // requestCert without verification: the tests only need to see whether a client certificate came.
  server = createServer(
    { cert: certs.serverCert, key: certs.serverKey, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const clientCert = Object.keys((req.socket as TLSSocket).getPeerCertificate()).length > 0;
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body, clientCert });
        handler(req, res);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  seen = [];
  handler = (_req, res) => res.end('{}');
});

const caData = () => Buffer.from(certs.caCert).toString('base64');

function context(cluster: Partial<ClusterInfo> = {}, user: UserInfo = {}): ResolvedContext {
  return {
    contextName: 'c',
    clusterName: 'c',
    userName: 'u',
    namespace: 'default',
    explicitNamespace: false,
    cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': caData(), ...cluster },
    user,
  };
}

describe('remote transport requests', () => {
  it('sends method, path, query, body and a bearer token; asks for gzip', async () => {
    handler = (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-multi', ['a', 'b']);
      res.statusCode = 201;
      res.end('{"kind":"Pod"}');
    };
    const transport = createRemoteTransport(context({}, { token: 'sekret' }));
    const res = await transport.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      query: { fieldManager: 'kubectl-client-side-apply', dryRun: '' },
      headers: { 'content-type': 'application/json' },
      body: '{"kind":"Pod"}',
    });
    await transport.close();

    expect(res).toMatchObject({ status: 201, body: '{"kind":"Pod"}' });
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-multi']).toBe('a, b');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/v1/namespaces/default/pods?fieldManager=kubectl-client-side-apply',
      body: '{"kind":"Pod"}',
    });
    expect(seen[0]!.headers).toMatchObject({
      authorization: 'Bearer sekret',
      'accept-encoding': 'gzip',
      'content-type': 'application/json',
    });
    expect(seen[0]!.headers['user-agent']).toMatch(/^tkctl/);
  });

  it('decompresses a gzip response', async () => {
    const text = JSON.stringify({ kind: 'PodList', items: Array.from({ length: 50 }, (_, i) => ({ name: `p${i}` })) });
    handler = (_req, res) => {
      res.setHeader('content-encoding', 'gzip');
      res.end(gzipSync(text));
    };
    const transport = createRemoteTransport(context());
    const res = await transport.request({ method: 'GET', path: '/api/v1/pods' });
    await transport.close();
    expect(res.body).toBe(text);
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('does not ask for gzip when the cluster disables compression', async () => {
    const transport = createRemoteTransport(context({ 'disable-compression': true }));
    await transport.request({ method: 'GET', path: '/api' });
    await transport.close();
    expect(seen[0]!.headers['accept-encoding']).toBeUndefined();
  });

  it('reads a token file (trimmed) and sends basic auth and impersonation headers', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'from-file\n');
    const byFile = createRemoteTransport(context({}, { tokenFile }));
    await byFile.request({ method: 'GET', path: '/api' });
    await byFile.close();
    const basic = createRemoteTransport(
      context({}, { username: 'admin', password: 'pw', as: 'jane', 'as-groups': ['dev', 'ops'] }),
    );
    await basic.request({ method: 'GET', path: '/api' });
    await basic.close();

    expect(seen[0]!.headers.authorization).toBe('Bearer from-file');
    expect(seen[1]!.headers.authorization).toBe('Basic ' + Buffer.from('admin:pw').toString('base64'));
    expect(seen[1]!.headers['impersonate-user']).toBe('jane');
    expect(seen[1]!.headers['impersonate-group']).toBe('dev, ops');
  });

  it('presents the client certificate from the kubeconfig user', async () => {
    const other = await generateClusterCerts(['client']);
    const transport = createRemoteTransport(
      context(
        {},
        {
          'client-certificate-data': Buffer.from(other.serverCert).toString('base64'),
          'client-key-data': Buffer.from(other.serverKey).toString('base64'),
        },
      ),
    );
    await transport.request({ method: 'GET', path: '/api' });
    await transport.close();
    expect(seen[0]!.clientCert).toBe(true);
  });

  it('keeps the path prefix of the server URL', async () => {
    const transport = createRemoteTransport(context({ server: `https://127.0.0.1:${port}/k8s/clusters/c-1/` }));
    await transport.request({ method: 'GET', path: '/api/v1/nodes', query: { limit: '500' } });
    await transport.close();
    expect(seen[0]!.url).toBe('/k8s/clusters/c-1/api/v1/nodes?limit=500');
  });

  it('verifies against tls-server-name, and skips verification only when told to', async () => {
    const named = createRemoteTransport(context({ 'tls-server-name': 'localhost' }));
    expect((await named.request({ method: 'GET', path: '/api' })).status).toBe(200);
    await named.close();

    const wrongName = createRemoteTransport(context({ 'tls-server-name': 'foo' }));
    // kubectl 1.32 prints exactly this against the same certificate.
    await expect(wrongName.request({ method: 'GET', path: '/api' })).rejects.toThrow(
      'Unable to connect to the server: tls: failed to verify certificate: x509: certificate is valid for localhost, not foo',
    );
    await wrongName.close();

    const insecure = createRemoteTransport(
      context({ 'certificate-authority-data': undefined, 'insecure-skip-tls-verify': true }),
    );
    expect((await insecure.request({ method: 'GET', path: '/api' })).status).toBe(200);
    await insecure.close();
  });
});

describe('remote transport failures', () => {
  it('reports a refused connection as kubectl does', async () => {
    const closedPort = await freePort();
    const transport = createRemoteTransport(context({ server: `https://127.0.0.1:${closedPort}` }));
    const failure = await transport.request({ method: 'GET', path: '/api' }).catch((err: unknown) => err);
    await transport.close();
    expect(failure).toBeInstanceOf(TransportError);
    expect((failure as TransportError).message).toBe(
      `The connection to the server 127.0.0.1:${closedPort} was refused - did you specify the right host or port?`,
    );
    expect((failure as TransportError).code).toBe('ECONNREFUSED');
  });

  it('reports an unknown host with kubectl prefix', async () => {
    const transport = createRemoteTransport(context({ server: 'https://nohost.invalid:6443' }));
    const failure = (await transport.request({ method: 'GET', path: '/api' }).catch((err: unknown) => err)) as Error;
    await transport.close();
    expect(failure.message).toMatch(/^Unable to connect to the server: dial tcp: lookup nohost\.invalid( on \S+)?: no such host$/);
  });

  it('reports an untrusted certificate as kubectl does', async () => {
    const transport = createRemoteTransport(context({ 'certificate-authority-data': undefined }));
    await expect(transport.request({ method: 'GET', path: '/api' })).rejects.toThrow(
      'Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority',
    );
    await transport.close();
  });

  it('gives up after the request timeout with kubectl message', async () => {
    handler = () => undefined;
    const transport = createRemoteTransport(context(), { timeoutMs: 200 });
    await expect(transport.request({ method: 'GET', path: '/hang' })).rejects.toThrow(
      'Unable to connect to the server: context deadline exceeded',
    );
    await transport.close();
  });

  it('reports an unreadable token file', async () => {
    expect(() => createRemoteTransport(context({}, { tokenFile: join(dir, 'missing') }))).toThrow(
      `error: open ${join(dir, 'missing')}: no such file or directory`,
    );
  });
});

describe('retries', () => {
  it('retries a GET on 429 after the Retry-After delay', async () => {
    handler = (_req, res) => {
      if (seen.length === 1) {
        res.writeHead(429, { 'retry-after': '1' });
        res.end('{"kind":"Status","code":429}');
      } else res.end('{"kind":"PodList"}');
    };
    const transport = createRemoteTransport(context());
    const started = Date.now();
    const res = await transport.request({ method: 'GET', path: '/api/v1/pods' });
    await transport.close();
    expect(res).toMatchObject({ status: 200, body: '{"kind":"PodList"}' });
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('tries at most 3 times, with the wait capped, and never repeats a POST', async () => {
    handler = (_req, res) => {
      res.writeHead(503, { 'retry-after': '120' });
      res.end('busy');
    };
    const transport = createRemoteTransport(context(), { maxRetryDelayMs: 20 });
    expect((await transport.request({ method: 'GET', path: '/api' })).status).toBe(503);
    expect(seen).toHaveLength(3);
    seen = [];
    expect((await transport.request({ method: 'POST', path: '/api/v1/pods', body: '{}' })).status).toBe(503);
    expect(seen).toHaveLength(1);
    await transport.close();
  });

  it('retries only what client-go retries', () => {
    expect(retryDelayMs('GET', 429, { 'retry-after': '2' })).toBe(2000);
    expect(retryDelayMs('GET', 500, { 'retry-after': '1' })).toBe(1000);
    expect(retryDelayMs('GET', 429, {})).toBeUndefined();
    expect(retryDelayMs('GET', 429, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' })).toBeUndefined();
    expect(retryDelayMs('GET', 404, { 'retry-after': '1' })).toBeUndefined();
    expect(retryDelayMs('DELETE', 429, { 'retry-after': '1' })).toBeUndefined();
    expect(retryDelayMs('GET', 429, { 'retry-after': '60' }, 5000)).toBe(5000);
  });
});

describe('streams', () => {
  it('yields chunks as they arrive and stops on close()', async () => {
    let finish: (() => void) | undefined;
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"ADDED"}\n');
      finish = () => res.end('{"type":"DELETED"}\n');
    };
    const transport = createRemoteTransport(context());
    const stream = await transport.stream({ method: 'GET', path: '/api/v1/pods', query: { watch: '1' } });
    expect(stream.status).toBe(200);
    const iterator = stream.chunks[Symbol.asyncIterator]();
    // The first event arrives while the server still holds the response open.
    expect((await iterator.next()).value).toBe('{"type":"ADDED"}\n');
    expect(finish).toBeDefined();
    stream.close();
    expect((await iterator.next()).done).toBe(true);
    await transport.close();
    expect(seen[0]!.url).toBe('/api/v1/pods?watch=1');
  });

  it('decompresses a gzip stream and ends when the server does', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(gzipSync('line one\nline two ✓\n'));
    };
    const transport = createRemoteTransport(context());
    const stream = await transport.stream({ method: 'GET', path: '/api/v1/namespaces/default/pods/p/log' });
    let text = '';
    for await (const chunk of stream.chunks) text += chunk;
    await transport.close();
    expect(text).toBe('line one\nline two ✓\n');
    expect(stream.headers['content-encoding']).toBeUndefined();
  });

  it('close() on the transport ends open streams', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.write('first\n');
    };
    const transport = createRemoteTransport(context());
    const stream = await transport.stream({ method: 'GET', path: '/watch' });
    const iterator = stream.chunks[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe('first\n');
    await transport.close();
    expect((await iterator.next()).done).toBe(true);
  });
});

/** A port nothing listens on: bind one, then release it. */
async function freePort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

describe('exec credential plugins', () => {
  it('present the client certificate a plugin prints, once for several requests', async () => {
    const client = await generateClusterCerts(['client']);
    const answer = join(dir, 'credential.json');
    writeFileSync(answer, JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      kind: 'ExecCredential',
      status: { clientCertificateData: client.serverCert, clientKeyData: client.serverKey },
    }));
    const runs = join(dir, 'runs');
    const exec = { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'sh', args: ['-c', `echo run >> ${runs}; cat ${answer}`], interactiveMode: 'Never' as const };
    const transport = createRemoteTransport(context({}, { exec }));
    await Promise.all([transport.request({ method: 'GET', path: '/api' }), transport.request({ method: 'GET', path: '/apis' })]);
    await transport.close();
    expect(seen.map((s) => [s.clientCert, s.headers.authorization])).toEqual([[true, undefined], [true, undefined]]);
    expect(readFileSync(runs, 'utf8')).toBe('run\n');
  });
});
