// `delete`: by name, by TYPE/NAME, by file, by selector; kubectl's lines and its wait for the
// object to be gone.
import { resourcePath, type KubeClient } from './client/client.js';
import { StatusError, formatError, statusErrorFrom } from './client/errors.js';
import { watch, type Watch } from './client/watch.js';
import { apiVersionOf, type ResourceInfo } from './client/discovery.js';
import { qualifiedKind } from './printers/index.js';

export interface DeleteTarget {
  resource: ResourceInfo;
  namespace?: string;
  name: string;
  source?: string;
}

export interface DeleteFlags {
  propagationPolicy: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  ignoreNotFound: boolean;
  wait: boolean;
  dryRun: 'none' | 'server' | 'client';
  /** How long to wait for deletion in total; 0 waits a week, as kubectl's default does. */
  timeoutMs: number;
}

export interface DeleteReport {
  errors: string[];
}

const DRY_RUN_SUFFIX = { none: '', server: ' (server dry run)', client: ' (dry run)' };

function deletedLine(t: DeleteTarget, dryRun: DeleteFlags['dryRun']): string {
  return `${qualifiedKind(t.resource.kind, apiVersionOf(t.resource))} "${t.name}" deleted${DRY_RUN_SUFFIX[dryRun]}`;
}

export async function deleteTargets(client: KubeClient, targets: DeleteTarget[], flags: DeleteFlags, print: (line: string) => void): Promise<DeleteReport> {
  const report: DeleteReport = { errors: [] };
  const waiting: DeleteTarget[] = [];
  for (const t of targets) {
    if (flags.dryRun === 'client') {
      print(deletedLine(t, flags.dryRun));
      continue;
    }
    const query: Record<string, string> = {};
    // The DeleteOptions body kubectl sends: no type meta, fields in Go's order.
    const body: Record<string, unknown> = {};
    if (flags.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = flags.gracePeriodSeconds;
    body.propagationPolicy = flags.propagationPolicy;
    if (flags.dryRun === 'server') query.dryRun = 'All';
    try {
      const result = await client.request('DELETE', resourcePath(t.resource, t.namespace, t.name), { body, query });
      const line = deletedLine(t, flags.dryRun);
      print(line);
      // kubectl waits for every object it deleted, and starts each wait with a GET (gone at once: done).
      if (flags.wait && flags.dryRun === 'none') waiting.push({ ...t, uid: result?.metadata?.uid ?? result?.details?.uid } as DeleteTarget);
    } catch (e) {
      if (e instanceof StatusError && e.code === 404 && flags.ignoreNotFound) continue;
      report.errors.push(formatError(e instanceof StatusError && t.source ? e.withSource('deleting', t.source) : e));
    }
  }
  for (const t of waiting) {
    const error = await waitForDeletion(client, t, (t as DeleteTarget & { uid: string }).uid, flags.timeoutMs || 7 * 24 * 3600_000);
    if (error) report.errors.push(error);
  }
  return report;
}

/** Watch until the object with this uid is gone (kubectl delete --wait watches the same way). */
async function waitForDeletion(client: KubeClient, t: DeleteTarget, uid: string, timeoutMs: number): Promise<string | undefined> {
  const path = resourcePath(t.resource, t.namespace);
  const query = { fieldSelector: `metadata.name=${t.name}` };
  let w: Watch | undefined;
  const timer = setTimeout(() => w?.close(), timeoutMs);
  try {
    let current: any;
    try {
      current = await client.request('GET', resourcePath(t.resource, t.namespace, t.name));
    } catch (e) {
      if (e instanceof StatusError && e.code === 404) return undefined;
      return formatError(e);
    }
    if (current?.metadata?.uid !== uid) return undefined;
    w = await watch(client, path, { ...query, resourceVersion: current.metadata.resourceVersion });
    for await (const event of w) {
      if (event.type === 'DELETED' && event.object?.metadata?.uid === uid) return undefined;
      if (event.type === 'ERROR') return formatError(statusErrorFrom(event.object?.code ?? 500, JSON.stringify(event.object)));
    }
    return `error: timed out waiting for the condition on ${t.resource.plural}/${t.name}`;
  } catch (e) {
    return formatError(e);
  } finally {
    clearTimeout(timer);
    w?.close();
  }
}
