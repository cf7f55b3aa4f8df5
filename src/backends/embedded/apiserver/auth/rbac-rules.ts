// RBAC's rule and subject matching, as k8s.io/kubernetes pkg/apis/rbac/v1/evaluation_helpers.go
// and plugin/pkg/auth/authorizer/rbac/rbac.go define them. Pure functions of the rules and the
// request's attributes.
import type { UserInfo } from './user.js';
import { serviceAccountUsername } from './user.js';

import type { PolicyRule } from '../../../../rbac/policy-rule.js';

export type { PolicyRule };

export interface Subject {
  kind: string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}

/** What a request asks to do, as kube's authorizer.Attributes carry it. */
export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

export interface ResourceAttributes {
  resourceRequest: true;
  verb: string;
  /** '' for cluster-scoped requests and lists across all namespaces. */
  namespace: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  name: string;
}

export interface NonResourceAttributes {
  resourceRequest: false;
  verb: string;
  path: string;
}

const ALL = '*';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === ALL || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === ALL || g === group);
}

/** `resource` is "pods" or, for a subresource, "pods/log"; a rule's "*\/log" matches any resource's log. */
export function resourceMatches(rule: PolicyRule, combinedResource: string, subresource: string): boolean {
  return (rule.resources ?? []).some((r) =>
    r === ALL || r === combinedResource || (subresource !== '' && r === `*/${subresource}`));
}

/** No resourceNames means any name; otherwise the request must name one of them (a list names none). */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (name !== '' && names.includes(name));
}

/** A trailing '*' in a rule's URL is a prefix match ("/apis/*"). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((u) =>
    u === ALL || u === path || (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))));
}

export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (!attrs.resourceRequest) return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path);
  const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  return verbMatches(rule, attrs.verb)
    && apiGroupMatches(rule, attrs.apiGroup)
    && resourceMatches(rule, combined, attrs.subresource)
    && resourceNameMatches(rule, attrs.name);
}

/**
 * The first subject of a binding that names the user, or undefined. A ServiceAccount subject
 * without a namespace means one in the binding's namespace.
 */
export function matchingSubject(user: UserInfo, subjects: Subject[] | undefined, bindingNamespace: string): Subject | undefined {
  return (subjects ?? []).find((s) => {
    switch (s.kind) {
      case 'User': return s.name === user.username;
      case 'Group': return user.groups.includes(s.name);
      case 'ServiceAccount': {
        const namespace = s.namespace || bindingNamespace;
        return namespace !== '' && serviceAccountUsername(namespace, s.name) === user.username;
      }
      default: return false;
    }
  });
}

/** How kube's RBAC authorizer names a subject in its reasons. */
export function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}
