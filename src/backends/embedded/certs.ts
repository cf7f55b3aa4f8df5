// TLS material for `tkctl cluster serve`: a private CA and a server certificate it signs, so real
// kubectl can trust the served API through `certificate-authority-data` instead of skipping TLS checks.

import { isIP } from 'node:net';
import { webcrypto } from 'node:crypto';

export interface ClusterCerts {
  /** PEM of the self-signed CA (what kubeconfig's certificate-authority-data carries). */
  caCert: string;
  /** PEM of the serving certificate, signed by the CA. */
  serverCert: string;
  /** PEM (PKCS#8) of the serving certificate's private key. */
  serverKey: string;
}

const crypto = webcrypto as unknown as Crypto;
// ECDSA P-256 keys are generated in milliseconds, unlike RSA, and Go's TLS stack accepts them.
const keyAlgorithm: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const signingAlgorithm: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const validityMs = 365 * 24 * 60 * 60 * 1000;
// Backdated a little so a client whose clock runs slightly behind still accepts a fresh certificate.
const clockSkewMs = 5 * 60 * 1000;

export async function generateClusterCerts(hosts: string[]): Promise<ClusterCerts> {
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
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return Buffer.from(bytes).toString('hex');
}

type MetadataMap = Map<unknown, unknown>;
type ReflectWithMetadata = typeof Reflect & {
  getMetadata?: (key: unknown, target: object, property?: string | symbol) => unknown;
};

/**
 * @peculiar/x509 uses tsyringe, which refuses to load without the Reflect metadata API (a proposal
 * that Node does not ship). The few calls it makes are provided here rather than adding a polyfill
 * package, and the library is imported lazily so commands that never make certificates do not pay
 * for loading it.
 */
async function loadX509(): Promise<typeof import('@peculiar/x509')> {
  const reflect = Reflect as ReflectWithMetadata;
  if (typeof reflect.getMetadata !== 'function') installReflectMetadata();
  return import('@peculiar/x509');
}

function installReflectMetadata(): void {
  const store = new WeakMap<object, Map<string | symbol | undefined, MetadataMap>>();
  const own = (target: object, property: string | symbol | undefined, create: boolean): MetadataMap | undefined => {
    let byProperty = store.get(target);
    if (!byProperty) {
      if (!create) return undefined;
      byProperty = new Map();
      store.set(target, byProperty);
    }
    let metadata = byProperty.get(property);
    if (!metadata && create) {
      metadata = new Map();
      byProperty.set(property, metadata);
    }
    return metadata;
  };
  const defineMetadata = (key: unknown, value: unknown, target: object, property?: string | symbol): void => {
    own(target, property, true)!.set(key, value);
  };
  const getOwnMetadata = (key: unknown, target: object, property?: string | symbol): unknown =>
    own(target, property, false)?.get(key);
  const getMetadata = (key: unknown, target: object, property?: string | symbol): unknown => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) {
      const metadata = own(t, property, false);
      if (metadata?.has(key)) return metadata.get(key);
    }
    return undefined;
  };
  const metadata =
    (key: unknown, value: unknown) =>
    (target: object, property?: string | symbol): void =>
      defineMetadata(key, value, target, property);
  Object.assign(Reflect, { defineMetadata, getOwnMetadata, getMetadata, metadata });
}
