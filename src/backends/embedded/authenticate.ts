// Who a bearer token is on an embedded cluster: the cluster admin, a ServiceAccount, or nobody.
// The same answer for the served API and for in-process commands.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { OpenCluster } from './cluster.js';
import { authenticateServiceAccountToken } from './apiserver/auth/service-account-tokens.js';
import { ADMIN_USER, type UserInfo } from './apiserver/auth/user.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest();

export function bearerAuthenticator(cluster: OpenCluster): (token: string) => UserInfo | undefined {
  const adminDigest = sha256(cluster.record.token);
  return (token) => {
    // Compared as digests, in constant time, so neither length nor content leaks.
    if (timingSafeEqual(sha256(token), adminDigest)) return ADMIN_USER;
    return authenticateServiceAccountToken(cluster.server.registry, token, new Date());
  };
}
