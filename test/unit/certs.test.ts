import { execFile, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClusterCerts, type ClusterCerts } from '../../src/backends/embedded/certs.js';
import { createRemoteTransport } from '../../src/backends/remote/index.js';
import type { ResolvedContext } from '../../src/kubeconfig/index.js';

const run = promisify(execFile);
const available = (command: string, ...args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

let certs: ClusterCerts;
let server: Server;
let url: string;
let dir: string;

beforeAll(async () => {
  certs = await generateClusterCerts(['127.0.0.1', 'localhost']);
  dir = mkdtempSync(join(tmpdir(), 'tkctl-certs-'));
  writeFileSync(join(dir, 'ca.pem'), certs.caCert);
  server = createServer({ cert: certs.serverCert, key: certs.serverKey }, (req, res) => {
    res.setHeader('content-type', req.url === '/healthz' ? 'text/plain' : 'application/json');
    res.end(req.url === '/healthz' ? 'ok' : '{"kind":"APIVersions","versions":["v1"]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function context(caData?: string): ResolvedContext {
  return {
    contextName: 'c',
    clusterName: 'c',
    userName: 'u',
    namespace: 'default',
    explicitNamespace: false,
    cluster: { server: url, ...(caData ? { 'certificate-authority-data': caData } : {}) },
    user: {},
  };
}

describe('generateClusterCerts', () => {
  it('makes a CA and a server certificate for the given hosts', () => {
    const ca = new X509Certificate(certs.caCert);
    const leaf = new X509Certificate(certs.serverCert);

    expect(ca.subject).toBe('CN=tkctl-ca');
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.issuer).toBe('CN=tkctl-ca');
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(leaf.publicKey.asymmetricKeyType).toBe('ec');
    const days = (Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / 86_400_000;
    expect(days).toBe(365);
    expect(leaf.serialNumber).not.toBe(ca.serialNumber);
    expect(certs.serverKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('serves HTTPS that a client trusting only the CA accepts', async () => {
    const agent = new Agent({ connect: { ca: certs.caCert } });
    const res = await agent.request({ origin: url, path: '/healthz', method: 'GET' });
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe('ok');
    await agent.close();

    const byName = new Agent({ connect: { ca: certs.caCert } });
    const port = new URL(url).port;
    const named = await byName.request({ origin: `https://localhost:${port}`, path: '/healthz', method: 'GET' });
    expect(named.statusCode).toBe(200);
    await named.body.text();
    await byName.close();
  });

  it('is rejected, in kubectl words, by a client that does not trust the CA', async () => {
    const untrusting = createRemoteTransport(context());
    await expect(untrusting.request({ method: 'GET', path: '/healthz' })).rejects.toThrow(
      'Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority',
    );
    await untrusting.close();

    const trusting = createRemoteTransport(context(Buffer.from(certs.caCert).toString('base64')));
    expect(await trusting.request({ method: 'GET', path: '/healthz' })).toMatchObject({ status: 200, body: 'ok' });
    await trusting.close();
  });

  it('is accepted by curl --cacert', async () => {
    if (!available('curl', '--version')) {
      console.log('skipped: curl is not on the PATH');
      return;
    }
    const { stdout } = await run('curl', ['-sS', '--cacert', join(dir, 'ca.pem'), `${url}/healthz`]);
    expect(stdout).toBe('ok');
  });

  it("is accepted by Go's TLS stack (real kubectl)", async () => {
    if (!available('kubectl', 'version', '--client')) {
      console.log('skipped: kubectl is not on the PATH');
      return;
    }
    const args = ['--kubeconfig', '/dev/null', '--server', url, '--token', 'x', 'get', '--raw', '/healthz'];
    const trusted = [...args.slice(0, 4), '--certificate-authority', join(dir, 'ca.pem'), ...args.slice(4)];
    const { stdout } = await run('kubectl', trusted);
    expect(stdout).toBe('ok');
    const refused = await run('kubectl', args).catch((err: { stderr: string }) => err);
    expect('stderr' in refused ? refused.stderr.trim() : '').toBe(
      'Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority',
    );
  });
});
