// `delete`: by name, by TYPE/NAME, by file, by selector; kubectl's lines and its wait for the
// object to be gone.
import { resourcePath, type KubeClient } from './client/client.js';
import { StatusError, formatError } from './client/errors.js';
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
    const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: flags.propagationPolicy };
    if (flags.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = flags.gracePeriodSeconds;
    if (flags.dryRun === 'server') query.dryRun = 'All';
    try {
      const result = await client.request('DELETE', resourcePath(t.resource, t.namespace, t.name), { body, query });
      const line = deletedLine(t, flags.dryRun);
      print(line);
      if (flags.wait && flags.dryRun === 'none' && result?.metadata?.deletionTimestamp) waiting.push({ ...t, uid: result.metadata.uid } as DeleteTarget);
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

/** Poll until the object with this uid is gone (kubectl delete --wait). */
async function waitForDeletion(client: KubeClient, t: DeleteTarget, uid: string, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; Date.now() < deadline; delay = Math.min(delay * 2, 1000)) {
    try {
      const obj = await client.request('GET', resourcePath(t.resource, t.namespace, t.name));
      if (obj?.metadata?.uid !== uid) return undefined;
    } catch (e) {
      if (e instanceof StatusError && e.code === 404) return undefined;
      return formatError(e);
    }
    await new Promise((r) => setTimeout(r, delay));
  }
  return `error: timed out waiting for the condition on ${t.resource.plural}/${t.name}`;
}
