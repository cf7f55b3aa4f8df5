// `kubectl wait`: for each object, check the condition, and watch it until it holds or time runs out.
import { resourcePath, type KubeClient } from './client/client.js';
import { CliError, StatusError } from './client/errors.js';
import { watch } from './client/watch.js';
import { JsonPath, executeJsonPath } from './printers/jsonpath.js';
import { printName } from './printers/index.js';
import { findObjects, withTypeMeta, type Found, type Selection } from './set-commands/objects.js';

type Obj = Record<string, any>;

export type WaitFor =
  | { type: 'delete' }
  | { type: 'create' }
  | { type: 'condition'; name: string; value: string }
  | { type: 'jsonpath'; expression: string; value?: string };

/** Parse --for as kubectl does: delete, create, condition=NAME[=VALUE], jsonpath={EXPR}[=VALUE]. */
export function parseWaitFor(text: string): WaitFor {
  const lower = text.toLowerCase();
  if (lower === 'delete') return { type: 'delete' };
  if (lower === 'create') return { type: 'create' };
  if (lower.startsWith('condition=')) {
    const rest = text.slice('condition='.length);
    const eq = rest.indexOf('=');
    return eq < 0 ? { type: 'condition', name: rest, value: 'true' } : { type: 'condition', name: rest.slice(0, eq), value: rest.slice(eq + 1) };
  }
  if (lower.startsWith('jsonpath=')) {
    const rest = text.slice('jsonpath='.length);
    const close = rest.lastIndexOf('}');
    const eq = rest.indexOf('=', close < 0 ? 0 : close);
    const expression = eq < 0 ? rest : rest.slice(0, eq);
    if (!expression) throw new CliError('error: jsonpath expression cannot be empty');
    const braced = expression.startsWith('{') ? expression : `{${expression}}`;
    return eq < 0 ? { type: 'jsonpath', expression: braced } : { type: 'jsonpath', expression: braced, value: rest.slice(eq + 1) };
  }
  throw new CliError(`error: unrecognized condition: ${JSON.stringify(text)}`);
}

/** Whether a present object meets the condition (delete is decided by absence). */
export function conditionMet(obj: Obj, f: WaitFor): boolean {
  switch (f.type) {
    case 'delete': return false;
    case 'create': return true;
    case 'condition': {
      const c = (obj.status?.conditions ?? []).find((x: Obj) => String(x.type).toLowerCase() === f.name.toLowerCase());
      if (!c || String(c.status).toLowerCase() !== f.value.toLowerCase()) return false;
      return c.observedGeneration === undefined || (obj.metadata?.generation ?? 0) <= c.observedGeneration;
    }
    case 'jsonpath': {
      try {
        const text = executeJsonPath(new JsonPath(f.expression, false), f.expression, obj);
        return f.value === undefined ? text !== '' : text === f.value;
      } catch {
        return false;
      }
    }
  }
}

export interface WaitOptions {
  selection: Selection;
  for: WaitFor;
  /** Milliseconds for all objects together. */
  timeout: number;
  out: (text: string) => void;
}

async function targets(client: KubeClient, args: string[], opts: WaitOptions): Promise<Found[]> {
  try {
    return await findObjects(client, args, opts.selection);
  } catch (e) {
    // An object already gone has been deleted.
    if (opts.for.type === 'delete' && e instanceof StatusError && e.code === 404) return [];
    throw e;
  }
}

export async function runWait(client: KubeClient, args: string[], opts: WaitOptions): Promise<void> {
  const found = await targets(client, args, opts);
  if (found.length === 0 && opts.for.type !== 'delete') throw new CliError('error: no matching resources found');
  const deadline = Date.now() + opts.timeout;
  for (const t of found) {
    const met = await waitForOne(client, t, opts.for, deadline - Date.now());
    if (!met) throw new CliError(`error: timed out waiting for the condition on ${t.resource.plural}/${t.object.metadata.name}`);
    opts.out(printName(t.object as any, 'condition met') + '\n');
  }
}

/** Watch one object until the condition holds (true) or the time is up (false). */
async function waitForOne(client: KubeClient, t: Found, f: WaitFor, remaining: number): Promise<boolean> {
  const path = resourcePath(t.resource, t.namespace);
  const query = { fieldSelector: `metadata.name=${t.object.metadata.name}` };
  const list = await client.request('GET', path, { query });
  const current = list.items?.[0];
  if (f.type === 'delete' ? !current || current.metadata.uid !== t.object.metadata.uid : current && conditionMet(withTypeMeta(t.resource, current), f)) return true;
  if (remaining <= 0) return false;
  const w = await watch(client, path, { ...query, resourceVersion: list.metadata?.resourceVersion ?? '' });
  const timer = setTimeout(() => w.close(), remaining);
  try {
    for await (const event of w) {
      if (f.type === 'delete' && event.type === 'DELETED') return true;
      if ((event.type === 'ADDED' || event.type === 'MODIFIED') && conditionMet(withTypeMeta(t.resource, event.object), f)) return true;
    }
    return false;
  } finally {
    clearTimeout(timer);
    w.close();
  }
}
