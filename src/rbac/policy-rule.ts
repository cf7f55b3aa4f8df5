// RBAC's PolicyRule and its breakdown into single rules, shared by the embedded API server's
// escalation check and `auth can-i --list` (as Kubernetes' registry validation and kubectl's
// rbacutil both do it).

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** BreakdownRule: one rule per group, resource, verb (and resource name); one per non-resource URL and verb. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        const names = rule.resourceNames?.length ? rule.resourceNames : [undefined];
        for (const n of names) out.push({ verbs: [verb], apiGroups: [group], resources: [resource], ...(n === undefined ? {} : { resourceNames: [n] }) });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs) out.push({ verbs: [verb], nonResourceURLs: [url] });
  return out;
}
