// Who a bearer token is on an embedded cluster: the cluster admin, a ServiceAccount, or nobody.
// The same answer for the served API and for in-process commands.
import type { OpenCluster } from './cluster.js';
import { authenticateServiceAccountToken } from './apiserver/auth/service-account-tokens.js';
import { ADMIN_USER, type UserInfo } from './apiserver/auth/user.js';

export function bearerAuthenticator(cluster: OpenCluster): (token: string) => UserInfo | undefined {
  const admin = cluster.record.token;
  return (token) => {
    if (sameSecret(token, admin)) return ADMIN_USER;
    return authenticateServiceAccountToken(cluster.server.registry, token, new Date());
  };
}

/**
 * Whether a token is the secret, in time that depends on neither where they differ nor the token's
 * length (every character of the secret is compared). Written out rather than hashed with
 * node:crypto, which every in-process command would otherwise load for this alone.
 */
export function sameSecret(token: string, secret: string): boolean {
  let diff = token.length ^ secret.length;
  // Past the token's end charCodeAt is NaN, which ^ reads as 0.
  for (let i = 0; i < secret.length; i++) diff |= token.charCodeAt(i) ^ secret.charCodeAt(i);
  return diff === 0;
}
