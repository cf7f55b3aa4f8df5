// Client-side `apply`: create what is missing, patch what differs from the last-applied
// configuration with a three-way strategic merge patch, as kubectl apply does.
import { resourcePath, type KubeClient } from './client/client.js';
import { StatusError } from './client/errors.js';
import { apiVersionOf } from './client/discovery.js';
import type { MappedManifest } from './mapping.js';
import { printName } from './printers/index.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface WriteFlags {
  /** Server-side field validation: Strict, Warn or Ignore. */
  fieldValidation: string;
  dryRun: 'none' | 'server' | 'client';
  /** -o name: print just the name. */
  nameOnly?: boolean;
}

export type Outcome = { line: string } | { error: unknown };

/** Go's json.Marshal of a map: keys sorted, no spaces. */
export function sortedJson(v: unknown): string {
  return JSON.stringify(v, (_k, value) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]]))
      : value);
}

/** The object with its last-applied-configuration annotation set (kubectl's GetModifiedConfiguration). */
export function withLastApplied(obj: Record<string, any>): Record<string, any> {
  const annotations = { ...(obj.metadata?.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const bare = { ...obj, metadata: { ...obj.metadata, annotations } };
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...annotations, [LAST_APPLIED]: sortedJson(bare) + '\n' } } };
}

function query(flags: WriteFlags, fieldManager: string): Record<string, string> {
  const q: Record<string, string> = { fieldValidation: flags.fieldValidation, fieldManager };
  if (flags.dryRun === 'server') q.dryRun = 'All';
  return q;
}

const DRY_RUN_SUFFIX = { none: '', server: ' (server dry run)', client: ' (dry run)' };

/** kubectl's confirmation line ("deployment.apps/x configured"), or only the name with -o name. */
function report(obj: any, m: MappedManifest, operation: string, flags: WriteFlags): Outcome {
  const typedObj = { apiVersion: apiVersionOf(m.resource), kind: m.resource.kind, metadata: { name: obj?.metadata?.name ?? m.name } };
  return { line: flags.nameOnly ? printName(typedObj) : printName(typedObj, operation + DRY_RUN_SUFFIX[flags.dryRun]) };
}

export async function applyOne(client: KubeClient, m: MappedManifest, flags: WriteFlags): Promise<Outcome> {
  const modified = withLastApplied(m.object);
  const path = resourcePath(m.resource, m.namespace, m.name);
  let current: any;
  try {
    current = await client.request('GET', path);
  } catch (e) {
    if (!(e instanceof StatusError && e.code === 404)) return { error: e instanceof StatusError ? e.withSource('retrieving current configuration of', m.source) : e };
  }
  try {
    if (!current) {
      if (flags.dryRun === 'client') return report(modified, m, 'created', flags);
      // kubectl sends the object as Go marshals a map: keys sorted.
      const created = await client.request('POST', resourcePath(m.resource, m.namespace), { body: sortedJson(modified) + '\n', query: query(flags, 'kubectl-client-side-apply') });
      return report(created, m, 'created', flags);
    }
    const original = parseLastApplied(current.metadata?.annotations?.[LAST_APPLIED]);
    const { threeWayStrategicMergePatch, threeWayJsonMergePatch, schemaNameFor } = await import('./patch/index.js');
    const schema = schemaNameFor(apiVersionOf(m.resource), m.resource.kind);
    const patch = schema
      ? threeWayStrategicMergePatch(original, modified, current, schema)
      : threeWayJsonMergePatch(original, modified, current);
    if (Object.keys(patch).length === 0) return report(current, m, 'unchanged', flags);
    if (flags.dryRun === 'client') return report(current, m, 'configured', flags);
    const patched = await client.request('PATCH', path, {
      body: patch,
      contentType: schema ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json',
      query: query(flags, 'kubectl-client-side-apply'),
    });
    return report(patched, m, 'configured', flags);
  } catch (e) {
    return { error: e instanceof StatusError ? e.withSource(current ? 'patching' : 'creating', m.source) : e };
  }
}

export async function createOne(client: KubeClient, m: MappedManifest, flags: WriteFlags): Promise<Outcome> {
  if (flags.dryRun === 'client') return report(m.object, m, 'created', flags);
  try {
    const created = await client.request('POST', resourcePath(m.resource, m.namespace), { body: m.object, query: query(flags, 'kubectl-create') });
    return report(created, m, 'created', flags);
  } catch (e) {
    return { error: e instanceof StatusError ? e.withSource('creating', m.source) : e };
  }
}

/** `replace`: PUT the object as given; a resourceVersion in it makes the write conditional (409 when stale). */
export async function replaceOne(client: KubeClient, m: MappedManifest, flags: WriteFlags): Promise<Outcome> {
  if (flags.dryRun === 'client') return report(m.object, m, 'replaced', flags);
  try {
    const replaced = await client.request('PUT', resourcePath(m.resource, m.namespace, m.name), { body: m.object, query: query(flags, 'kubectl-replace') });
    return report(replaced, m, 'replaced', flags);
  } catch (e) {
    return { error: e instanceof StatusError ? e.withSource('replacing', m.source) : e };
  }
}

function parseLastApplied(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
