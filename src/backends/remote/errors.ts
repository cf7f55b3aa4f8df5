// Network failures in the words kubectl prints for them (kubectl's StandardErrorMessage for a
// *url.Error), so scripts matching on kubectl's output keep working.

import { getServers } from 'node:dns';

/** A request that never got an HTTP response; `message` is the whole line kubectl prints. */
export class TransportError extends Error {
  constructor(
    message: string,
    /** The underlying system or TLS error code (ECONNREFUSED, ENOTFOUND, ...), when there is one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

const unknownAuthority = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
]);

interface NodeError {
  code?: string;
  message?: string;
  name?: string;
  reason?: string;
  hostname?: string;
  errors?: NodeError[];
}

/** Turns an error thrown while connecting to `server` (the kubeconfig URL) into kubectl's message. */
export function connectionError(err: unknown, server: string): TransportError {
  const error = firstCause(err as NodeError);
  const code = error.code;
  const authority = hostPort(server);
  const fail = (detail: string): TransportError =>
    new TransportError(`Unable to connect to the server: ${detail}`, code);
  if (code === 'ECONNREFUSED') {
    return new TransportError(
      `The connection to the server ${authority} was refused - did you specify the right host or port?`,
      code,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const host = error.hostname ?? hostOnly(authority);
    const resolver = getServers()[0];
    const on = resolver ? ` on ${resolver.includes(':') ? `[${resolver}]` : resolver}:53` : '';
    return fail(`dial tcp: lookup ${host}${on}: no such host`);
  }
  if (code && unknownAuthority.has(code)) {
    return fail('tls: failed to verify certificate: x509: certificate signed by unknown authority');
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return fail(`tls: failed to verify certificate: ${altnameDetail(error)}`);
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return fail('tls: failed to verify certificate: x509: certificate has expired or is not yet valid');
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return fail(`dial tcp ${authority}: i/o timeout`);
  if (code === 'EHOSTUNREACH') return fail(`dial tcp ${authority}: connect: no route to host`);
  if (code === 'ENETUNREACH') return fail(`dial tcp ${authority}: connect: network is unreachable`);
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') {
    return fail(`read tcp ${authority}: connection reset by peer`);
  }
  if (error.name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT') return fail('context deadline exceeded');
  return fail(error.message || String(err));
}

/** Node reports a failed happy-eyeballs connect as an AggregateError; its first attempt says why. */
function firstCause(error: NodeError): NodeError {
  return !error.code && error.errors?.[0] ? error.errors[0] : error;
}

// Go's verifier names what the certificate is valid for: its DNS names when a host name does not
// match ("valid for localhost, not foo"), its IP addresses when an IP does not.
function altnameDetail(error: NodeError): string {
  const reason = error.reason ?? '';
  const byName = /^Host: (.*?)\.? is not in the cert's altnames: (.*)$/.exec(reason);
  if (byName) {
    const dns = [...byName[2]!.matchAll(/DNS:([^,\s]+)/g)].map((m) => m[1]!);
    return `x509: certificate is valid for ${dns.join(', ')}, not ${byName[1]}`;
  }
  const byIp = /^IP: (.*?) is not in the cert's list: (.*)$/.exec(reason);
  if (byIp) return `x509: certificate is valid for ${byIp[2]}, not ${byIp[1]}`;
  return `x509: ${reason || 'certificate is not valid for the requested name'}`;
}

/** The host[:port] part of a server URL as written (Go's url.Host keeps an explicit port). */
export function hostPort(server: string): string {
  const afterScheme = server.includes('://') ? server.slice(server.indexOf('://') + 3) : server;
  return afterScheme.split('/')[0]!;
}

function hostOnly(authority: string): string {
  if (authority.startsWith('[')) return authority.slice(1, authority.indexOf(']'));
  return authority.split(':')[0]!;
}
