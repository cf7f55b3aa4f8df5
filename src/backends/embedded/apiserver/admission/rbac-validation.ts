// Roles, ClusterRoles and their bindings (rbac.authorization.k8s.io/v1): the defaults of
// pkg/apis/rbac/v1/defaults.go and the checks of pkg/apis/rbac/validation/validation.go.
import type { FieldError } from '../status.js';
import { invalid, notSupported, required } from './field-errors.js';
import { isDNS1123Subdomain } from './names.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** User and Group subjects name the RBAC group unless told otherwise. */
export function rbacBindingDefaults(obj: any): void {
  for (const s of Array.isArray(obj.subjects) ? obj.subjects : []) {
    if (s && typeof s === 'object' && (s.kind === 'User' || s.kind === 'Group') && !s.apiGroup) s.apiGroup = RBAC_GROUP;
  }
}

/** path.IsValidPathSegmentName: the only rule for RBAC object names ("system:discovery" is fine). */
export function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const c of ['/', '%']) if (name.includes(c)) errs.push(`may not contain '${c}'`);
  return errs;
}

export function validateRbac(kind: string, obj: any, old: any | undefined): FieldError[] {
  const namespaced = kind === 'Role' || kind === 'RoleBinding';
  const errors = kind.endsWith('Binding') ? validateBinding(obj, namespaced) : validateRules(obj.rules, namespaced);
  if (old && kind.endsWith('Binding') && !sameRoleRef(obj.roleRef, old.roleRef)) {
    errors.push(invalid('roleRef', roleRefValue(obj.roleRef), 'cannot change roleRef'));
  }
  return errors;
}

function validateRules(rules: any, namespaced: boolean): FieldError[] {
  const errors: FieldError[] = [];
  (Array.isArray(rules) ? rules : []).forEach((rule: any, i: number) => {
    const path = `rules[${i}]`;
    const len = (v: unknown) => (Array.isArray(v) ? v.length : 0);
    if (!len(rule?.verbs)) errors.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
    if (len(rule?.nonResourceURLs)) {
      if (namespaced) errors.push(invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
      if (len(rule.apiGroups) || len(rule.resources) || len(rule.resourceNames)) {
        errors.push(invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
      }
      return;
    }
    if (!len(rule?.apiGroups)) errors.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
    if (!len(rule?.resources)) errors.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
    if (len(rule?.resourceNames) && len(rule?.resources) > 1) errors.push(required(`${path}.resourceNames`, 'resource names cannot apply to multiple resources'));
  });
  return errors;
}

function validateBinding(obj: any, namespaced: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const ref = obj.roleRef ?? {};
  if (ref.apiGroup !== RBAC_GROUP) errors.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) errors.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) errors.push(required('roleRef.name'));
  else for (const msg of isValidPathSegmentName(ref.name)) errors.push(invalid('roleRef.name', ref.name, msg));
  (Array.isArray(obj.subjects) ? obj.subjects : []).forEach((s: any, i: number) => errors.push(...validateSubject(s ?? {}, namespaced, `subjects[${i}]`)));
  return errors;
}

function validateSubject(s: any, namespaced: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const name = s.name ?? '';
  if (!name) errors.push(required(`${path}.name`));
  switch (s.kind) {
    case 'ServiceAccount':
      if (name) for (const msg of isDNS1123Subdomain(name)) errors.push(invalid(`${path}.name`, name, msg));
      if (s.apiGroup) errors.push(notSupported(`${path}.apiGroup`, s.apiGroup, ['']));
      if (!namespaced && !s.namespace) errors.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (!name) errors.push(invalid(`${path}.name`, name, `${s.kind.toLowerCase()} name cannot be empty`));
      if (s.apiGroup !== RBAC_GROUP) errors.push(notSupported(`${path}.apiGroup`, s.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      errors.push(notSupported(`${path}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errors;
}

function sameRoleRef(a: any, b: any): boolean {
  return (a?.apiGroup ?? '') === (b?.apiGroup ?? '') && (a?.kind ?? '') === (b?.kind ?? '') && (a?.name ?? '') === (b?.name ?? '');
}

// The Go struct as encoding/json prints it in the message.
function roleRefValue(ref: any) {
  return { apiGroup: ref?.apiGroup ?? '', kind: ref?.kind ?? '', name: ref?.name ?? '' };
}
