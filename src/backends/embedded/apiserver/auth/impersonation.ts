// kube-apiserver's impersonation filter: Impersonate-User and Impersonate-Group make the request
// act as someone else, when the caller may `impersonate` that user (or ServiceAccount) and each
// group; a refusal is the usual 403 naming what could not be impersonated.
import type { RbacAuthorizer } from './rbac-authorizer.js';
import { forbiddenError } from './rbac-authorizer.js';
import type { ResourceAttributes } from './rbac-rules.js';
import { AUTHENTICATED_GROUP, isPrivileged, type UserInfo } from './user.js';

const SERVICE_ACCOUNT = /^system:serviceaccount:([^:]+):([^:]+)$/;
const ANONYMOUS = 'system:anonymous';

/** The user the request acts as: `user` itself without impersonation headers. */
export function actingUser(headers: Record<string, string> | undefined, user: UserInfo, authorizer: RbacAuthorizer): UserInfo {
  const username = headers?.['impersonate-user'];
  // Several Impersonate-Group headers arrive joined by commas.
  const groups = (headers?.['impersonate-group'] ?? '').split(/,\s*/).filter(Boolean);
  if (!username) return user;
  const checks: ResourceAttributes[] = [];
  const impersonate = (resource: string, name: string, namespace = ''): ResourceAttributes =>
    ({ resourceRequest: true, verb: 'impersonate', apiGroup: '', resource, subresource: '', namespace, name });
  const serviceAccount = SERVICE_ACCOUNT.exec(username);
  checks.push(serviceAccount ? impersonate('serviceaccounts', serviceAccount[2], serviceAccount[1]) : impersonate('users', username));
  for (const group of groups) checks.push(impersonate('groups', group));
  if (!isPrivileged(user)) {
    for (const attrs of checks) {
      const decision = authorizer.authorize(user, attrs);
      if (!decision.allowed) throw forbiddenError(user, attrs, decision.reason);
    }
  }
  // A ServiceAccount without groups named has its own; everyone but anonymous is authenticated.
  const acting = serviceAccount && groups.length === 0 ? ['system:serviceaccounts', `system:serviceaccounts:${serviceAccount[1]}`] : groups;
  if (username !== ANONYMOUS && !acting.includes(AUTHENTICATED_GROUP)) acting.push(AUTHENTICATED_GROUP);
  return { username, groups: acting };
}
