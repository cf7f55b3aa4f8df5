// kube's RBAC authorizer over the Roles, ClusterRoles and bindings in the store: a request is
// allowed when a rule of a role bound to its user allows it; ClusterRoleBindings first, then the
// RoleBindings of the request's namespace. Members of system:masters are allowed everything, as
// kube-apiserver's privileged-group authorizer does ahead of RBAC.
import { labelSelectorToRequirements, matchesLabels, type LabelSelector } from '../../../../selectors/index.js';
import type { Registry } from '../registry.js';
import { findResource } from '../resources.js';
import type { KubeObject } from '../objects.js';
import { ApiError } from '../status.js';
import {
  describeSubject, matchingSubject, ruleAllows, type PolicyRule, type RequestAttributes, type RoleRef, type Subject,
} from './rbac-rules.js';
import { isPrivileged, type UserInfo } from './user.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface Role extends KubeObject {
  rules?: PolicyRule[] | null;
  aggregationRule?: { clusterRoleSelectors?: LabelSelector[] };
}

export interface Binding extends KubeObject {
  roleRef: RoleRef;
  subjects?: Subject[];
}

/** The RBAC objects the authorizer reads. */
export interface PolicySource {
  clusterRoleBindings(): Binding[];
  roleBindings(namespace: string): Binding[];
  clusterRoles(): Role[];
  role(namespace: string, name: string): Role | undefined;
}

export interface Decision {
  allowed: boolean;
  /** Why: the binding that allowed it, or the errors met while looking (missing roles). */
  reason: string;
}

/** A rule together with the binding it came from. */
type Visit = (source: string, rule: PolicyRule) => boolean;

export class RbacAuthorizer {
  constructor(private readonly source: PolicySource) {}

  authorize(user: UserInfo, attrs: RequestAttributes): Decision {
    if (isPrivileged(user)) return { allowed: true, reason: '' };
    let reason = '';
    const errors = this.visitRules(user, attrs.resourceRequest ? attrs.namespace : '', (source, rule) => {
      if (!ruleAllows(attrs, rule)) return true;
      reason = `RBAC: allowed by ${source}`;
      return false;
    });
    if (reason) return { allowed: true, reason };
    return { allowed: false, reason: errors.length ? `RBAC: ${aggregate(errors)}` : '' };
  }

  /** Every rule that applies to the user in the namespace (cluster-wide ones included). */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors = this.visitRules(user, namespace, (_source, rule) => {
      rules.push(rule);
      return true;
    });
    return { rules, errors };
  }

  /** Calls `visit` for each rule in order until it returns false; returns the resolution errors. */
  private visitRules(user: UserInfo, namespace: string, visit: Visit): string[] {
    const errors: string[] = [];
    const walk = (bindings: Binding[], bindingNamespace: string): boolean => {
      for (const b of bindings) {
        const subject = matchingSubject(user, b.subjects, bindingNamespace);
        if (!subject) continue;
        const resolved = this.roleRules(b.roleRef, bindingNamespace);
        if ('error' in resolved) {
          errors.push(resolved.error);
          continue;
        }
        const name = bindingNamespace ? `${b.metadata?.name}/${bindingNamespace}` : b.metadata?.name;
        const source = `${bindingNamespace ? 'RoleBinding' : 'ClusterRoleBinding'} ${JSON.stringify(name)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(subject, bindingNamespace)}`;
        for (const rule of resolved.rules) if (!visit(source, rule)) return false;
      }
      return true;
    };
    if (walk(this.source.clusterRoleBindings(), '') && namespace) walk(this.source.roleBindings(namespace), namespace);
    return errors;
  }

  /** The rules a roleRef grants; a ClusterRole with an aggregationRule also has its selected roles' rules. */
  roleRules(ref: RoleRef, namespace: string): { rules: PolicyRule[] } | { error: string } {
    if (ref.kind === 'Role') {
      const role = namespace ? this.source.role(namespace, ref.name) : undefined;
      return role ? { rules: role.rules ?? [] } : { error: `role.${RBAC_GROUP} ${JSON.stringify(ref.name)} not found` };
    }
    if (ref.kind !== 'ClusterRole') return { error: `unsupported role reference kind: ${JSON.stringify(ref.kind)}` };
    const all = this.source.clusterRoles();
    const role = all.find((r) => r.metadata?.name === ref.name);
    if (!role) return { error: `clusterrole.${RBAC_GROUP} ${JSON.stringify(ref.name)} not found` };
    return { rules: aggregatedRules(role, all) };
  }
}

/**
 * A ClusterRole's rules with those of the ClusterRoles its aggregationRule selects, transitively,
 * as the clusterrole-aggregation controller would have written them.
 */
export function aggregatedRules(role: Role, all: Role[], seen = new Set<string>()): PolicyRule[] {
  seen.add(role.metadata?.name ?? '');
  const rules = [...(role.rules ?? [])];
  for (const selector of role.aggregationRule?.clusterRoleSelectors ?? []) {
    const requirements = labelSelectorToRequirements(selector);
    // By name, as the aggregation controller orders them.
    for (const other of [...all].sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1))) {
      if (seen.has(other.metadata?.name ?? '') || !matchesLabels(requirements, other.metadata?.labels ?? {})) continue;
      for (const rule of aggregatedRules(other, all, seen)) {
        if (!rules.some((r) => JSON.stringify(r) === JSON.stringify(rule))) rules.push(rule);
      }
    }
  }
  return rules;
}

// utilerrors.NewAggregate's message: one error as is, several in brackets.
function aggregate(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** The RBAC objects in the embedded store. */
export function registryPolicySource(registry: Registry): PolicySource {
  const type = (plural: string) => findResource(RBAC_GROUP, 'v1', plural)!;
  const list = <T>(plural: string, namespace?: string) => registry.list(type(plural), namespace).items as unknown as T[];
  return {
    clusterRoleBindings: () => list<Binding>('clusterrolebindings'),
    roleBindings: (namespace) => list<Binding>('rolebindings', namespace),
    clusterRoles: () => list<Role>('clusterroles'),
    role: (namespace, name) => {
      try {
        return registry.get(type('roles'), namespace, name) as Role;
      } catch (e) {
        if (e instanceof ApiError && e.code === 404) return undefined;
        throw e;
      }
    },
  };
}

/** kube-apiserver's 403 for a request the authorizer did not allow (responsewriters.forbidden). */
export function forbiddenError(user: UserInfo, attrs: RequestAttributes, reason: string): ApiError {
  const suffix = reason ? `: ${reason}` : '';
  const who = `User ${JSON.stringify(user.username)} cannot ${attrs.verb}`;
  if (!attrs.resourceRequest) return new ApiError(403, 'Forbidden', `forbidden: ${who} path ${JSON.stringify(attrs.path)}${suffix}`, {});
  const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope = attrs.namespace ? `in the namespace ${JSON.stringify(attrs.namespace)}` : 'at the cluster scope';
  const message = `${who} resource ${JSON.stringify(combined)} in API group ${JSON.stringify(attrs.apiGroup)} ${scope}${suffix}`;
  const qualified = attrs.apiGroup ? `${attrs.resource}.${attrs.apiGroup}` : attrs.resource;
  const subject = attrs.name ? `${qualified} ${JSON.stringify(attrs.name)}` : qualified;
  return new ApiError(403, 'Forbidden', `${subject} is forbidden: ${message}`, {
    ...(attrs.name ? { name: attrs.name } : {}),
    ...(attrs.apiGroup ? { group: attrs.apiGroup } : {}),
    kind: attrs.resource,
  });
}
