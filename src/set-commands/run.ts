// The machinery `kubectl set image|env|resources` share: find the objects, edit a copy, send the
// two-way strategic merge patch kubectl computes (fieldManager=kubectl-set), print kubectl's lines.
import { resourcePath, type KubeClient } from '../client/client.js';
import { CliError, formatError } from '../client/errors.js';
import { dryRunMode } from '../cli/manifest-flags.js';
import { schemaNameFor, twoWayStrategicMergePatch } from '../patch/index.js';
import { printName } from '../printers/index.js';
import { objectPrinter } from '../printers/output-format.js';
import { findObjects, type Selection } from './objects.js';
import { recorded } from './record.js';

export interface SetOptions {
  selection: Selection;
  dryRun: string;
  output?: string;
  /** The change-cause to record (--record), if any. */
  changeCause?: string;
}

export interface CommandResult { stdout: string; stderr: string; exitCode: number }

/** Edits a copy of the object in place; returns kubectl's per-object error messages. */
export type ObjectEdit = (obj: Record<string, any>) => string[];

/** Split `TYPE/NAME ... KEY=VALUE ...`: the first argument with "=" (or a trailing "-") starts the pairs. */
export function splitResourcesAndPairs(args: string[], allowRemoval: boolean): { resources: string[]; pairs: string[] } {
  const at = args.findIndex((a) => a.includes('=') || (allowRemoval && a.endsWith('-') && !a.includes('/')));
  return at < 0 ? { resources: args, pairs: [] } : { resources: args.slice(0, at), pairs: args.slice(at) };
}

export function printerForOutput(output: string | undefined) {
  if (!output) return undefined;
  if (!['json', 'yaml', 'name'].includes(output) && !output.startsWith('jsonpath')) {
    throw new CliError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`);
  }
  return objectPrinter(output);
}

export async function runSet(client: KubeClient, resourceArgs: string[], opts: SetOptions, edit: ObjectEdit, operation: string): Promise<CommandResult> {
  const dryRun = dryRunMode(opts.dryRun);
  const printer = printerForOutput(opts.output);
  const found = await findObjects(client, resourceArgs, opts.selection);
  let stdout = '';
  const errors: string[] = [];
  for (const { resource, namespace, object } of found) {
    let modified = structuredClone(object);
    const failures = edit(modified);
    if (failures.length) {
      errors.push(...failures);
      continue;
    }
    if (opts.changeCause !== undefined) modified = recorded(modified, opts.changeCause);
    const schema = schemaNameFor(object.apiVersion, object.kind);
    const patch = schema ? goMapOrder(twoWayStrategicMergePatch(object, modified, schema)) : {};
    // Nothing changes: kubectl neither sends nor prints anything for this object.
    if (Object.keys(patch).length === 0) continue;
    let result: Record<string, any> = modified;
    if (dryRun !== 'client') {
      try {
        const query: Record<string, string> = { fieldManager: 'kubectl-set' };
        if (dryRun === 'server') query.dryRun = 'All';
        result = await client.request('PATCH', resourcePath(resource, namespace, object.metadata.name), {
          query, body: patch, contentType: 'application/strategic-merge-patch+json',
        });
      } catch (e) {
        errors.push(formatError(e).replace(/^error: /, ''));
        continue;
      }
    }
    if (printer) stdout += printer.print({ apiVersion: object.apiVersion, kind: object.kind, ...result });
    else stdout += printName(object as any, operation + dryRunSuffix(dryRun)) + '\n';
  }
  const stderr = errors.map((e) => (/^(error: |Error from server)/.test(e) ? e : `error: ${e}`)).join('\n');
  return { stdout, stderr, exitCode: errors.length ? 1 : 0 };
}

/** kubectl marshals the patch from Go maps, whose keys come out sorted. */
export function goMapOrder(value: unknown): any {
  if (Array.isArray(value)) return value.map(goMapOrder);
  if (!value || typeof value !== 'object') return value;
  const map = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(map).sort().map((k) => [k, goMapOrder(map[k])]));
}

export function dryRunSuffix(mode: 'none' | 'client' | 'server'): string {
  return mode === 'client' ? ' (dry run)' : mode === 'server' ? ' (server dry run)' : '';
}
