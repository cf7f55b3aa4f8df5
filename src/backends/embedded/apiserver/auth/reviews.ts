// The self-review APIs: SelfSubjectAccessReview and SelfSubjectRulesReview
// (authorization.k8s.io/v1, behind `kubectl auth can-i`) and SelfSubjectReview
// (authentication.k8s.io/v1, behind `kubectl auth whoami`). Nothing is stored: the answer is the
// request with its status filled in.
import { badRequest, invalid } from '../status.js';
import type { RbacAuthorizer } from './rbac-authorizer.js';
import type { PolicyRule, RequestAttributes } from './rbac-rules.js';
import type { UserInfo } from './user.js';

export const REVIEW_PLURALS = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);

interface ReviewBody {
  kind?: string;
  apiVersion?: string;
  metadata?: Record<string, unknown>;
  spec?: any;
}

/** The answer to a POST of one of the self-review kinds (by plural). */
export function review(plural: string, body: unknown, user: UserInfo, authorizer: RbacAuthorizer) {
  const req = (body ?? {}) as ReviewBody;
  const metadata = { ...(req.metadata ?? {}), creationTimestamp: null };
  switch (plural) {
    case 'selfsubjectaccessreviews': {
      const attrs = accessAttributes(req.spec ?? {});
      const { allowed, reason } = authorizer.authorize(user, attrs);
      return { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata, spec: req.spec, status: { allowed, ...(reason ? { reason } : {}) } };
    }
    case 'selfsubjectrulesreviews': {
      const namespace = req.spec?.namespace ?? '';
      if (!namespace) throw badRequest('no namespace on request');
      const { rules, errors } = authorizer.rulesFor(user, namespace);
      return {
        kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata, spec: req.spec,
        status: {
          ...splitRules(rules),
          incomplete: errors.length > 0,
          ...(errors.length ? { evaluationError: errors.length === 1 ? errors[0] : `[${[...new Set(errors)].join(', ')}]` } : {}),
        },
      };
    }
    default:
      return { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata, status: { userInfo: userInfo(user) } };
  }
}

function accessAttributes(spec: any): RequestAttributes {
  const resource = spec.resourceAttributes;
  const nonResource = spec.nonResourceAttributes;
  if (Boolean(resource) === Boolean(nonResource)) {
    throw invalid('SelfSubjectAccessReview', 'authorization.k8s.io', '', [
      { type: 'Invalid value', field: 'spec.resourceAttributes', value: resource ?? null, detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified' },
    ]);
  }
  if (nonResource) return { resourceRequest: false, verb: nonResource.verb ?? '', path: nonResource.path ?? '' };
  return {
    resourceRequest: true,
    verb: resource.verb ?? '',
    namespace: resource.namespace ?? '',
    apiGroup: resource.group ?? '',
    resource: resource.resource ?? '',
    subresource: resource.subresource ?? '',
    name: resource.name ?? '',
  };
}

function splitRules(rules: PolicyRule[]) {
  const resourceRules = [];
  const nonResourceRules = [];
  for (const r of rules) {
    if (r.resources?.length) {
      resourceRules.push({
        verbs: r.verbs, ...(r.apiGroups ? { apiGroups: r.apiGroups } : {}), resources: r.resources, ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}),
      });
    }
    if (r.nonResourceURLs?.length) nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
  }
  return { resourceRules, nonResourceRules };
}

function userInfo(user: UserInfo) {
  return { username: user.username, ...(user.uid ? { uid: user.uid } : {}), groups: user.groups, ...(user.extra ? { extra: user.extra } : {}) };
}
