// Who a request comes from, as kube-apiserver's authenticators describe a user (user.Info).

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** kube-apiserver's privileged group: its members bypass authorization. */
export const MASTERS_GROUP = 'system:masters';
export const AUTHENTICATED_GROUP = 'system:authenticated';

/** The cluster's own admin credential, named as kind names its admin. */
export const ADMIN_USER: UserInfo = { username: 'kubernetes-admin', groups: [MASTERS_GROUP, AUTHENTICATED_GROUP] };

export function isPrivileged(user: UserInfo): boolean {
  return user.groups.includes(MASTERS_GROUP);
}

/** serviceaccount.MakeUsername. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** A ServiceAccount token's identity: its username, uid and the service-account groups. */
export function serviceAccountUser(namespace: string, name: string, uid: string): UserInfo {
  return {
    username: serviceAccountUsername(namespace, name),
    uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, AUTHENTICATED_GROUP],
  };
}
