// `auth can-i`: ask the server whether the caller may do something (a SelfSubjectAccessReview),
// or list everything it may do in a namespace (a SelfSubjectRulesReview), printed as kubectl's
// pkg/cmd/auth/cani.go prints them.
import type { KubeClient } from '../client/client.js';
import { CliError } from '../client/errors.js';
import { resolveResource } from '../client/discovery.js';
import { alignColumns } from '../printers/tabwriter.js';
import { breakdownRule, type PolicyRule } from '../rbac/policy-rule.js';

export interface CanIOptions {
  args: string[];
  /** '' with --all-namespaces. */
  namespace: string;
  subresource?: string;
  list: boolean;
  quiet: boolean;
  noHeaders: boolean;
  allNamespaces: boolean;
}

export interface CanIOutput {
  out(text: string): void;
  err(text: string): void;
}

/** Runs the check; the exit code is 0 for "yes" (and for --list), 1 for "no". */
export async function runCanI(client: KubeClient, o: CanIOptions, io: CanIOutput): Promise<number> {
  if (o.list) {
    if (o.args.length) throw new CliError('error: list option must be specified with no arguments');
    if (o.quiet || o.allNamespaces || o.subresource) throw new CliError("error: list option can't be specified with neither quiet, all-namespaces nor subresource options");
    const review = await client.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
      body: { kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec: { namespace: o.namespace } },
    });
    const status = review.status ?? {};
    if (status.incomplete) io.err(`warning: the list may be incomplete: ${status.evaluationError ?? ''}\n`);
    io.out(formatRules([...(status.resourceRules ?? []), ...(status.nonResourceRules ?? [])], o.noHeaders));
    return 0;
  }
  if (o.args.length !== 2) throw new CliError('error: you must specify two arguments: verb resource or verb resource/resourceName.');
  if (o.noHeaders) throw new CliError('error: --no-headers cannot be set without --list specified');
  const [verb, target] = o.args;
  let spec: Record<string, unknown>;
  if (target.startsWith('/')) {
    if (o.subresource) throw new CliError('error: --subresource can not be used with NonResourceURL');
    spec = { nonResourceAttributes: { path: target, verb } };
  } else {
    const [type, name] = splitOnce(target);
    const { group, resource } = await resourceFor(client, type, io);
    spec = {
      resourceAttributes: {
        ...(o.namespace ? { namespace: o.namespace } : {}), verb, ...(group ? { group } : {}), resource,
        ...(o.subresource ? { subresource: o.subresource } : {}), ...(name ? { name } : {}),
      },
    };
  }
  const review = await client.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
    body: { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec },
  });
  const status = review.status ?? {};
  if (!o.quiet) {
    let line = status.allowed ? 'yes' : 'no';
    if (!status.allowed && status.reason) line += ` - ${status.reason}`;
    if (!status.allowed && status.evaluationError) line += ` - ${status.evaluationError}`;
    io.out(`${line}\n`);
  }
  return status.allowed ? 0 : 1;
}

function splitOnce(arg: string): [string, string] {
  const i = arg.indexOf('/');
  return i < 0 ? [arg, ''] : [arg.slice(0, i), arg.slice(i + 1)];
}

// An unknown type is still asked about, as written, after a warning.
async function resourceFor(client: KubeClient, type: string, io: CanIOutput): Promise<{ group: string; resource: string }> {
  if (type === '*') return { group: '', resource: '*' };
  try {
    const r = resolveResource(await client.discover(), type);
    return { group: r.group, resource: r.plural };
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    const [resource, ...group] = type.toLowerCase().split('.');
    io.err(group.length
      ? `Warning: the server doesn't have a resource type '${resource}' in group '${group.join('.')}'\n`
      : `Warning: the server doesn't have a resource type '${resource}'\n`);
    return { group: '', resource: type };
  }
}

/** The --list table: rules broken down, compacted per group/resource/name, sorted as kubectl sorts them. */
export function formatRules(rules: PolicyRule[], noHeaders: boolean): string {
  const compacted = compactRules(rules.flatMap(breakdownRule));
  compacted.sort((a, b) => compareGo(ruleString(a), ruleString(b)));
  const lines = noHeaders ? [] : ['Resources\tNon-Resource URLs\tResource Names\tVerbs'];
  for (const r of compacted) {
    lines.push([combineResourceGroup(r.resources ?? [], r.apiGroups ?? []), goList(r.nonResourceURLs), goList(r.resourceNames), goList(r.verbs)].join('\t'));
  }
  return alignColumns(lines.map((l) => `${l}\n`).join(''));
}


// rbacutil.CompactRules: the verbs of rules for the same group, resource and name are merged.
function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    if (r.nonResourceURLs?.length) {
      compacted.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups, r.resources, r.resourceNames ?? null]);
    const existing = simple.get(key);
    if (!existing) simple.set(key, { ...r, verbs: [...r.verbs] });
    else for (const v of r.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
  }
  return [...compacted, ...simple.values()];
}

const goList = (values: string[] | undefined) => `[${(values ?? []).join(' ')}]`;

// The generated PolicyRule.String() kubectl sorts by: verbs come first.
function ruleString(r: PolicyRule): string {
  return `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
}

function compareGo(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// describe's CombineResourceGroup: "deployments.apps", "pods/log", "deployments.apps/scale".
function combineResourceGroup(resources: string[], groups: string[]): string {
  if (!resources.length) return '';
  const [resource, sub] = splitOnce(resources[0]);
  let combined = resource;
  if (groups.length && groups[0] !== '') combined += `.${groups[0]}`;
  return sub ? `${combined}/${sub}` : combined;
}
