// TLS material for `tkctl cluster serve`: a private CA and a server certificate it signs, so real
// kubectl can trust the served API through `certificate-authority-data` instead of skipping TLS checks.

import { isIP } from 'node:net';
import { randomFillSync, webcrypto } from 'node:crypto';
import { createRequire } from 'node:module';

export interface ClusterCerts {
  /** PEM of the self-signed CA (what kubeconfig's certificate-authority-data carries). */
  caCert: string;
  /** PEM of the serving certificate, signed by the CA. */
  serverCert: string;
  /** PEM (PKCS#8) of the serving certificate's private key. */
  serverKey: string;
}

// ECDSA P-256 keys are generated in milliseconds, unlike RSA, and Go's TLS stack accepts them.
const keyAlgorithm: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const signingAlgorithm: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const validityMs = 365 * 24 * 60 * 60 * 1000;
// Backdated a little so a client whose clock runs slightly behind still accepts a fresh certificate.
const clockSkewMs = 5 * 60 * 1000;

export async function generateClusterCerts(hosts: string[]): Promise<ClusterCerts> {
  // Read here, not at load: the first read of webcrypto loads its implementation (milliseconds
  // that every command would pay, since cluster.ts imports this module).
  const crypto = webcrypto as unknown as Crypto;
  const x509 = await loadX509();
  const notBefore = new Date(Date.now() - clockSkewMs);
  const notAfter = new Date(notBefore.getTime() + validityMs);

  const caKeys = await crypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: 'CN=tkctl-ca',
      notBefore,
      notAfter,
      keys: caKeys,
      signingAlgorithm,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  const serverKeys = await crypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify']);
  const server = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: 'CN=tkctl-apiserver',
      issuer: ca.subject,
      notBefore,
      notAfter,
      publicKey: serverKeys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(
          hosts.map((host) => ({ type: isIP(host) ? ('ip' as const) : ('dns' as const), value: host })),
        ),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  const pkcs8 = await crypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
  return {
    caCert: ca.toString('pem') + '\n',
    serverCert: server.toString('pem') + '\n',
    serverKey: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') + '\n',
  };
}

/** 128 random bits as a positive DER integer: top bit cleared, next bit set so no byte is dropped. */
function randomSerial(): string {
  const bytes = randomFillSync(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return Buffer.from(bytes).toString('hex');
}

/**
 * @peculiar/x509 uses tsyringe, which needs the Reflect metadata API (a proposal Node does not
 * ship); both load on first use so that commands that never make certificates do not pay for them.
 */
async function loadX509(): Promise<typeof import('@peculiar/x509')> {
  // require, not import(): the CLI bundle runs from V8's code cache, where import() is unavailable.
  const require = createRequire(import.meta.url);
  require('reflect-metadata');
  return require('@peculiar/x509');
}
