// `apply --server-side`: send each object as an apply patch and let the API server merge it and
// track its fields, as kubectl does; and `apply --prune`, kubectl's client-side pruning.
import { resourcePath, type KubeClient } from './client/client.js';
import { CliError, StatusError } from './client/errors.js';
import { apiVersionOf, resourceForKind, type ResourceInfo } from './client/discovery.js';
import type { MappedManifest } from './mapping.js';
import { printName } from './printers/index.js';
import { LAST_APPLIED, type Outcome, type WriteFlags } from './apply.js';

export interface ServerSideFlags {
  fieldManager: string;
  forceConflicts: boolean;
}

// kubectl's advice after an apply conflict (apply.go).
const CONFLICT_ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

/** kubectl's checks of the server-side flags against the others. */
export function checkServerSideFlags(o: { serverSide: boolean; forceConflicts: boolean; dryRun: string; prune: boolean; selector?: string }): void {
  if (o.serverSide && o.prune) throw new CliError('Error: --prune is in alpha and doesn\'t currently work on objects created by server-side apply');
  if (o.prune && !o.selector) {
    throw new CliError('error: all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector');
  }
  if (o.forceConflicts && !o.serverSide) throw new CliError('error: --force-conflicts only works with --server-side');
  if (o.serverSide && o.dryRun === 'client') throw new CliError('error: --dry-run=client doesn\'t work with --server-side (did you mean --dry-run=server instead?)');
}

export function serverSideApplier(ssa: ServerSideFlags) {
  return async (client: KubeClient, m: MappedManifest, flags: WriteFlags): Promise<Outcome> => {
    const query: Record<string, string> = { fieldManager: ssa.fieldManager, fieldValidation: flags.fieldValidation, force: String(Boolean(ssa.forceConflicts)) };
    if (flags.dryRun === 'server') query.dryRun = 'All';
    const path = resourcePath(m.resource, m.namespace, m.name);
    // kubectl encodes the object it applies with Go's JSON encoder, closing newline and all.
    const apply = (manager: string, body: unknown, q: Record<string, string>) =>
      client.request('PATCH', path, { body: `${JSON.stringify(body)}\n`, contentType: 'application/apply-patch+yaml', query: { ...q, fieldManager: manager } });
    try {
      let obj = await apply(ssa.fieldManager, m.object, query);
      if (ssa.fieldManager === KUBECTL && obj?.metadata?.annotations?.[LAST_APPLIED] !== undefined) {
        const { force: _f, ...plain } = query;
        if (await migrateFromClientSideApply(client, path, obj, (manager, body) => apply(manager, body, plain), plain)) obj = await apply(ssa.fieldManager, m.object, query);
      }
      const typed = { apiVersion: apiVersionOf(m.resource), kind: m.resource.kind, metadata: { name: obj?.metadata?.name ?? m.name } };
      const suffix = flags.dryRun === 'server' ? ' (server dry run)' : '';
      return { line: flags.nameOnly ? printName(typed) : printName(typed, 'serverside-applied' + suffix) };
    } catch (e) {
      if (e instanceof StatusError && e.code === 409 && e.details?.causes?.some((c) => c.reason === 'FieldManagerConflict')) {
        return { error: new CliError(`error: ${e.message}\n${CONFLICT_ADVICE}`) };
      }
      return { error: e instanceof StatusError ? e.withSource('patching', m.source) : e };
    }
  };
}

const KUBECTL = 'kubectl';
const LAST_APPLIED_MANAGER = 'kubectl-last-applied';
const CLIENT_SIDE_PATH = ['f:metadata', 'f:annotations', `f:${LAST_APPLIED}`];

type FieldsV1 = { [key: string]: FieldsV1 };
interface Entry { manager: string; operation: string; apiVersion?: string; subresource?: string; fieldsV1?: FieldsV1 }

const ownsLastApplied = (e: Entry) => CLIENT_SIDE_PATH.reduce<FieldsV1 | undefined>((n, k) => n?.[k], e.fieldsV1) !== undefined;

/**
 * kubectl's first server-side apply of an object that client-side apply manages: the annotation
 * gets an applier of its own ("kubectl-last-applied"), and the client-side apply managers' fields
 * move into kubectl's Apply entry (client-go's csaupgrade), so that the apply sent again after
 * this takes over cleanly. Returns whether the managed fields were migrated.
 */
async function migrateFromClientSideApply(
  client: KubeClient, path: string, obj: any, apply: (manager: string, body: unknown) => Promise<any>, query: Record<string, string>,
): Promise<boolean> {
  let entries: Entry[] = obj.metadata?.managedFields ?? [];
  if (!entries.some((e) => e.operation === 'Apply' && ownsLastApplied(e))) {
    const meta: Record<string, unknown> = { annotations: { [LAST_APPLIED]: obj.metadata.annotations[LAST_APPLIED] }, name: obj.metadata.name };
    if (obj.metadata.namespace) meta.namespace = obj.metadata.namespace;
    obj = await apply(LAST_APPLIED_MANAGER, { apiVersion: obj.apiVersion, kind: obj.kind, metadata: meta });
    entries = obj.metadata?.managedFields ?? [];
  }
  const csaManagers = new Set(entries.filter((e) => e.operation === 'Update' && ownsLastApplied(e)).map((e) => e.manager));
  let upgraded = entries;
  for (const name of csaManagers) upgraded = upgradeManager(upgraded, name);
  if (upgraded === entries) return false;
  await client.request('PATCH', path, {
    body: [{ op: 'replace', path: '/metadata/managedFields', value: upgraded }, { op: 'replace', path: '/metadata/resourceVersion', value: obj.metadata.resourceVersion }],
    contentType: 'application/json-patch+json', query: { ...query, fieldManager: KUBECTL },
  });
  return true;
}

/** One client-side manager's Update entries folded into kubectl's Apply entry (or become it). */
function upgradeManager(entries: Entry[], csaManager: string): Entry[] {
  const isCsa = (e: Entry) => e.manager === csaManager && e.operation === 'Update' && !e.subresource;
  let out = entries.map((e) => ({ ...e }));
  let target = out.findIndex((e) => e.manager === KUBECTL && e.operation === 'Apply' && !e.subresource);
  if (target < 0) {
    target = out.findIndex(isCsa);
    if (target < 0) return entries;
    out[target] = { ...out[target], manager: KUBECTL, operation: 'Apply' };
  }
  const source = out.find((e, i) => i !== target && isCsa(e) && e.apiVersion === out[target].apiVersion);
  if (source) out[target].fieldsV1 = unionFields(out[target].fieldsV1 ?? {}, source.fieldsV1 ?? {});
  out = out.filter((e) => !isCsa(e));
  return out;
}

function unionFields(a: FieldsV1, b: FieldsV1): FieldsV1 {
  const out: FieldsV1 = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const x = out[k];
    if (!x) out[k] = v;
    else if (k !== '.') {
      const member = Object.keys(x).length === 0 || Object.keys(v).length === 0 || '.' in x || '.' in v;
      const merged = unionFields(x, v);
      out[k] = member && Object.keys(merged).some((c) => c !== '.') ? { '.': {}, ...merged } : merged;
    }
  }
  return out;
}

// kubectl's default prune allow-list (prune.go), as group/version/kind.
const PRUNE_KINDS = [
  'v1/ConfigMap', 'v1/Endpoints', 'v1/Namespace', 'v1/PersistentVolumeClaim', 'v1/PersistentVolume', 'v1/Pod',
  'v1/ReplicationController', 'v1/Secret', 'v1/Service', 'batch/v1/Job', 'batch/v1/CronJob', 'networking.k8s.io/v1/Ingress',
  'apps/v1/DaemonSet', 'apps/v1/Deployment', 'apps/v1/ReplicaSet', 'apps/v1/StatefulSet',
];

export interface PruneOptions {
  selector: string;
  dryRun: WriteFlags['dryRun'];
  /** The namespaces the applied objects went to. */
  namespaces: string[];
}

/**
 * Delete the objects of the allow-listed kinds that match the selector, were applied with
 * client-side apply (they carry its annotation) and are not among the objects just applied.
 */
export async function pruneUnapplied(client: KubeClient, applied: MappedManifest[], opts: PruneOptions, print: (line: string) => void): Promise<void> {
  const resources = await client.discover();
  const visited = new Set(applied.map((m) => key(m.resource, m.namespace, m.name)));
  const suffix = opts.dryRun === 'server' ? ' (server dry run)' : opts.dryRun === 'client' ? ' (dry run)' : '';
  for (const gvk of PRUNE_KINDS) {
    const slash = gvk.lastIndexOf('/');
    const resource = resourceForKind(resources, gvk.slice(0, slash), gvk.slice(slash + 1));
    if (!resource) continue;
    for (const namespace of resource.namespaced ? opts.namespaces : [undefined]) {
      const list = await client.request('GET', resourcePath(resource, namespace), { query: { labelSelector: opts.selector } });
      for (const item of list.items ?? []) {
        const name = item.metadata?.name;
        if (!item.metadata?.annotations?.[LAST_APPLIED] || visited.has(key(resource, item.metadata?.namespace, name))) continue;
        if (opts.dryRun !== 'client') {
          const query: Record<string, string> = opts.dryRun === 'server' ? { dryRun: 'All' } : {};
          await client.request('DELETE', resourcePath(resource, item.metadata?.namespace, name), { query, body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } });
        }
        print(printName({ apiVersion: apiVersionOf(resource), kind: resource.kind, metadata: { name } }, 'pruned' + suffix));
      }
    }
  }
}

function key(r: ResourceInfo, namespace: string | undefined, name: string): string {
  return `${r.group}/${r.kind}/${namespace ?? ''}/${name}`;
}
