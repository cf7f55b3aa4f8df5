// kube's RBAC escalation check (pkg/registry/rbac): a Role or ClusterRole may grant only what its
// writer already holds unless the writer may `escalate` it, and a binding may refer only to a role
// whose permissions the writer holds unless the writer may `bind` that role. The refusal is kube's
// 403, listing the missing permissions in its compact form.
import type { ResourceType } from '../resources.js';
import type { KubeObject } from '../objects.js';
import { ApiError } from '../status.js';
import { RBAC_GROUP, type Binding, type RbacAuthorizer, type Role } from './rbac-authorizer.js';
import { breakdownRule, type PolicyRule } from '../../../../rbac/policy-rule.js';
import type { UserInfo } from './user.js';

/** Throws kube's 403 when `user` writing `obj` (a role or binding) would grant more than it holds. */
export function confirmNoEscalation(authorizer: RbacAuthorizer, user: UserInfo, r: ResourceType, obj: KubeObject): void {
  const namespace = r.namespaced ? obj.metadata?.namespace ?? '' : '';
  const name = obj.metadata?.name ?? '';
  const may = (verb: string, resource: string, resourceName: string) =>
    authorizer.authorize(user, { resourceRequest: true, verb, apiGroup: RBAC_GROUP, resource, subresource: '', namespace, name: resourceName }).allowed;
  const forbidden = (message: string) => new ApiError(403, 'Forbidden', `${r.plural}.${RBAC_GROUP} ${JSON.stringify(name)} is forbidden: ${message}`,
    { name, group: RBAC_GROUP, kind: r.plural });

  let granted: PolicyRule[];
  if (r.kind === 'Role' || r.kind === 'ClusterRole') {
    if (may('escalate', r.plural, name)) return;
    granted = (obj as Role).rules ?? [];
  } else if (r.kind === 'RoleBinding' || r.kind === 'ClusterRoleBinding') {
    const ref = (obj as Binding).roleRef;
    if (may('bind', ref.kind === 'Role' ? 'roles' : 'clusterroles', ref.name)) return;
    const resolved = authorizer.roleRules(ref, namespace);
    if ('error' in resolved) throw forbidden(`${ref.kind === 'Role' ? 'roles' : 'clusterroles'}.${RBAC_GROUP} ${JSON.stringify(ref.name)} not found`);
    granted = resolved.rules;
  } else {
    return;
  }
  const held = authorizer.rulesFor(user, namespace);
  const missing = granted.flatMap(breakdownRule).filter((rule) => !held.rules.some((owner) => covers(owner, rule)));
  if (missing.length === 0) return;
  const lines = [...new Set(compact(missing).map(compactString))].sort();
  let message = `user ${JSON.stringify(user.username)} (groups=${goQuoted(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
  if (held.errors.length) message += `; resolution errors: [${held.errors.join(' ')}]`;
  throw forbidden(message);
}


const hasAll = (set: string[] | undefined, wanted: string[] | undefined) => (wanted ?? []).every((w) => (set ?? []).includes(w));

function covers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = owner.verbs.includes('*') || hasAll(owner.verbs, sub.verbs);
  const groups = (owner.apiGroups ?? []).includes('*') || hasAll(owner.apiGroups, sub.apiGroups);
  const names = !owner.resourceNames?.length || (!!sub.resourceNames?.length && hasAll(owner.resourceNames, sub.resourceNames));
  return verbs && groups && names && resourcesCovered(owner.resources ?? [], sub.resources ?? [])
    && (sub.nonResourceURLs ?? []).every((url) => (owner.nonResourceURLs ?? []).some((o) => o === url || (o.endsWith('*') && url.startsWith(o.replace(/\*+$/, '')))));
}

/** "*" covers every resource, "*\/scale" every scale subresource. */
function resourcesCovered(owner: string[], wanted: string[]): boolean {
  if (owner.includes('*')) return true;
  return wanted.every((w) => owner.includes(w) || (w.includes('/') && owner.includes(`*/${w.slice(w.indexOf('/') + 1)}`)));
}

/** Rules for one group and resource (and at most one name) merged into one with all their verbs. */
function compact(rules: PolicyRule[]): PolicyRule[] {
  const simple = new Map<string, PolicyRule>();
  const others: PolicyRule[] = [];
  for (const rule of rules) {
    const isSimple = rule.apiGroups?.length === 1 && rule.resources?.length === 1 && (rule.resourceNames?.length ?? 0) <= 1 && !rule.nonResourceURLs?.length;
    if (!isSimple) {
      others.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups, rule.resources, rule.resourceNames ?? []]);
    const existing = simple.get(key);
    if (existing) existing.verbs = [...existing.verbs, ...rule.verbs];
    else simple.set(key, structuredClone(rule));
  }
  return [...others, ...simple.values()];
}

/** rbacv1helpers.CompactString: the rule's non-empty fields, Go's %q for each list. */
function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`APIGroups:${goQuoted(rule.apiGroups)}`);
  if (rule.resources?.length) parts.push(`Resources:${goQuoted(rule.resources)}`);
  if (rule.nonResourceURLs?.length) parts.push(`NonResourceURLs:${goQuoted(rule.nonResourceURLs)}`);
  if (rule.resourceNames?.length) parts.push(`ResourceNames:${goQuoted(rule.resourceNames)}`);
  if (rule.verbs.length) parts.push(`Verbs:${goQuoted(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** Go's %q of a []string: ["a" "b"]. */
const goQuoted = (list: string[]) => `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;
