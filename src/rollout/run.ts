// The rollout subcommands against the API: fetch, decide with the pure modules, patch, print.
import { resourcePath, type KubeClient } from '../client/client.js';
import { qualifiedName } from '../client/discovery.js';
import { CliError } from '../client/errors.js';
import { watch } from '../client/watch.js';
import { printName } from '../printers/index.js';
import { findObjects, type Found, type Selection } from '../set-commands/objects.js';
import { controllerRevisions, deploymentRevisions, historyTable, revisionView, type Revision } from './history.js';
import { rolloutStatus } from './status.js';
import { chooseRevision, controllerRevisionPatch, deploymentRollbackPatch, sameTemplate } from './undo.js';

type Obj = Record<string, any>;

const ROLLOUT_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);
const FIELD_MANAGER = { fieldManager: 'kubectl-rollout' };

/** kubectl rollout takes a bare TYPE to mean every object of it. */
export async function rolloutTargets(client: KubeClient, args: string[], sel: Selection): Promise<Found[]> {
  const bareType = args.length === 1 && !args[0].includes('/') && !sel.selector;
  return findObjects(client, args, bareType ? { ...sel, all: true } : sel);
}

function selectorOf(obj: Obj): string {
  const labels: Record<string, string> = obj.spec?.selector?.matchLabels ?? {};
  return Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
}

async function revisionsOf(client: KubeClient, target: Found): Promise<Revision[]> {
  const { object } = target;
  const ns = encodeURIComponent(object.metadata.namespace);
  const query = { labelSelector: selectorOf(object) };
  if (object.kind === 'Deployment') {
    const list = await client.request('GET', `/apis/apps/v1/namespaces/${ns}/replicasets`, { query });
    return deploymentRevisions(object, list.items ?? []);
  }
  const list = await client.request('GET', `/apis/apps/v1/namespaces/${ns}/controllerrevisions`, { query });
  return controllerRevisions(object, list.items ?? []);
}

function requireRolloutKind(t: Found, verb: string): void {
  if (!ROLLOUT_KINDS.has(t.object.kind)) throw new CliError(`error: no ${verb} has been implemented for ${JSON.stringify(`${t.resource.kind}.${t.resource.group}`)}`);
}

export async function runRolloutHistory(client: KubeClient, args: string[], sel: Selection, revision: number): Promise<string> {
  let out = '';
  for (const t of await rolloutTargets(client, args, sel)) {
    requireRolloutKind(t, 'history viewer');
    const revisions = await revisionsOf(client, t);
    const view = revision > 0 ? revisionView(revisions, revision, t.object.kind) : `\n${historyTable(revisions)}`;
    out += `${printName(t.object as any)} ${view}\n`;
  }
  return out;
}

export async function runRolloutUndo(client: KubeClient, args: string[], sel: Selection, toRevision: number): Promise<string> {
  let out = '';
  for (const t of await rolloutTargets(client, args, sel)) {
    requireRolloutKind(t, 'rollbacker');
    const { object, resource, namespace } = t;
    const chosen = chooseRevision(await revisionsOf(client, t), toRevision, object.kind, object.metadata.name);
    const path = resourcePath(resource, namespace, object.metadata.name);
    if (object.kind === 'Deployment') {
      if (object.spec?.paused) {
        throw new CliError(`error: you cannot rollback a paused deployment; resume it first with 'tkctl rollout resume' and try again`);
      }
      if (sameTemplate(chosen.template, object.spec?.template)) {
        out += `${printName(object as any)} skipped rollback (current template already matches revision ${toRevision})\n`;
        continue;
      }
      await client.request('PATCH', path, { body: deploymentRollbackPatch(object, chosen.source), contentType: 'application/json-patch+json' });
    } else {
      if (sameTemplate(chosen.template, object.spec?.template)) {
        out += `${printName(object as any)} skipped rollback (current template already matches revision ${toRevision})\n`;
        continue;
      }
      await client.request('PATCH', path, { body: controllerRevisionPatch(chosen.source), contentType: 'application/strategic-merge-patch+json' });
    }
    out += `${printName(object as any)} rolled back\n`;
  }
  return out;
}

export type PauseVerb = 'pause' | 'resume';

/** pause and resume: spec.paused, for Deployments only; each target's line or error. */
export async function runRolloutPause(client: KubeClient, args: string[], sel: Selection, verb: PauseVerb): Promise<{ stdout: string; errors: string[] }> {
  let stdout = '';
  const errors: string[] = [];
  for (const { resource, namespace, object } of await rolloutTargets(client, args, sel)) {
    const name = `${qualifiedName(resource)} ${JSON.stringify(object.metadata.name)}`;
    if (object.kind !== 'Deployment') {
      errors.push(`error: ${name} ${verb === 'pause' ? 'pausing' : 'resuming'} is not supported`);
      continue;
    }
    const paused = !!object.spec?.paused;
    if (verb === 'pause' && paused) {
      errors.push(`error: ${name} is already paused`);
      continue;
    }
    if (verb === 'resume' && !paused) {
      errors.push(`error: ${name} is not paused`);
      continue;
    }
    await client.request('PATCH', resourcePath(resource, namespace, object.metadata.name), {
      query: FIELD_MANAGER, body: { spec: { paused: verb === 'pause' ? true : null } }, contentType: 'application/strategic-merge-patch+json',
    });
    stdout += `${printName(object as any)} ${verb === 'pause' ? 'paused' : 'resumed'}\n`;
  }
  return { stdout, errors };
}

/** restart: a new kubectl.kubernetes.io/restartedAt on the pod template (RFC 3339, seconds). */
export async function runRolloutRestart(client: KubeClient, args: string[], sel: Selection, now: Date): Promise<{ stdout: string; errors: string[] }> {
  let stdout = '';
  const errors: string[] = [];
  const at = now.toISOString().replace(/\.\d+Z$/, 'Z');
  for (const { resource, namespace, object } of await rolloutTargets(client, args, sel)) {
    const name = `${qualifiedName(resource)} ${JSON.stringify(object.metadata.name)}`;
    if (!ROLLOUT_KINDS.has(object.kind)) {
      errors.push(`error: ${name} restarting is not supported`);
      continue;
    }
    if (object.kind === 'Deployment' && object.spec?.paused) {
      errors.push(`error: ${name} can't restart paused deployment (run rollout resume first)`);
      continue;
    }
    await client.request('PATCH', resourcePath(resource, namespace, object.metadata.name), {
      query: FIELD_MANAGER,
      body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } },
      contentType: 'application/strategic-merge-patch+json',
    });
    stdout += `${printName(object as any)} restarted\n`;
  }
  return { stdout, errors };
}

export interface StatusOptions {
  revision: number;
  watch: boolean;
  /** Milliseconds; 0 waits for ever. */
  timeout: number;
  out: (text: string) => void;
  interrupted?: Promise<void>;
}

/** rollout status: print the viewer's line for the object and each change to it until done. */
export async function runRolloutStatus(client: KubeClient, args: string[], sel: Selection, opts: StatusOptions): Promise<void> {
  const targets = await rolloutTargets(client, args, sel);
  if (targets.length !== 1) {
    throw new CliError(`error: rollout status is only supported on individual resources and resource collections - ${targets.length} resources were found`);
  }
  const [{ resource, namespace, object }] = targets;
  requireRolloutKind(targets[0], 'status viewer');
  const query = { fieldSelector: `metadata.name=${object.metadata.name}` };
  const path = resourcePath(resource, namespace);
  const list = await client.request('GET', path, { query });
  const check = (obj: Obj): boolean => {
    const state = rolloutStatus({ apiVersion: object.apiVersion, kind: object.kind, ...obj }, opts.revision);
    opts.out(state.message + '\n');
    return state.done || !opts.watch;
  };
  const first = list.items?.[0];
  if (!first) throw new CliError('error: object has been deleted');
  if (check(first)) return;
  const w = await watch(client, path, { ...query, resourceVersion: list.metadata?.resourceVersion ?? '' });
  let timedOut = false;
  const timer = opts.timeout > 0 ? setTimeout(() => { timedOut = true; w.close(); }, opts.timeout) : undefined;
  void opts.interrupted?.then(() => w.close());
  try {
    for await (const event of w) {
      if (event.type === 'DELETED') throw new CliError('error: object has been deleted');
      if ((event.type === 'ADDED' || event.type === 'MODIFIED') && check(event.object)) return;
    }
  } finally {
    clearTimeout(timer);
    w.close();
  }
  if (timedOut) throw new CliError('error: timed out waiting for the condition');
}
