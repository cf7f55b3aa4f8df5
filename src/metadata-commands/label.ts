// `kubectl label` and `kubectl annotate`: find the objects, edit their labels or annotations, send
// the JSON merge patch kubectl sends, and print kubectl's lines.
import { resourcePath, type KubeClient } from '../client/client.js';
import { CliError, formatError } from '../client/errors.js';
import { apiVersionOf, type ResourceInfo } from '../client/discovery.js';
import { dryRunMode } from '../cli/manifest-flags.js';
import { parseResourceArgs } from '../get.js';
import { createJsonMergePatch } from '../patch/index.js';
import { printJson, printName, printYaml } from '../printers/index.js';
import {
  applyEdits, checkNoOverwrite, labelOutcome, parseAnnotationEdits, parseLabelEdits, splitResourcesAndPairs, type EditKind,
} from './metadata-edits.js';

export interface MetadataFlags {
  overwrite: boolean;
  selector?: string;
  'field-selector'?: string;
  all: boolean;
  'all-namespaces': boolean;
  list: boolean;
  'resource-version'?: string;
  'dry-run': string;
  output?: string;
}

export interface MetadataResult { stdout: string; stderr: string; exitCode: number }

interface Found { resource: ResourceInfo; object: Record<string, any> }

const FIELD = { label: 'labels', annotation: 'annotations' } as const;

async function findObjects(client: KubeClient, resources: string[], flags: MetadataFlags): Promise<{ found: Found[]; one: boolean }> {
  const requests = await parseResourceArgs(client, resources);
  const byName = requests.some((r) => r.names.length);
  if (byName && (flags.selector || flags.all)) throw new CliError('error: name cannot be provided when a selector is specified');
  if (!byName && !flags.selector && !flags['field-selector'] && !flags.all) throw new CliError('error: resource(s) were provided, but no name was specified');
  const found: Found[] = [];
  for (const { resource, names } of requests) {
    const namespace = resource.namespaced ? client.namespace : undefined;
    if (names.length) {
      for (const name of names) found.push({ resource, object: await client.getObject(resource, namespace, name) });
      continue;
    }
    const query: Record<string, string> = {};
    if (flags.selector) query.labelSelector = flags.selector;
    if (flags['field-selector']) query.fieldSelector = flags['field-selector'];
    const list = await client.request('GET', resourcePath(resource, flags['all-namespaces'] ? undefined : namespace), { query });
    for (const item of list.items ?? []) found.push({ resource, object: { apiVersion: apiVersionOf(resource), kind: resource.kind, ...item } });
  }
  const one = requests.length === 1 && requests[0].names.length === 1;
  return { found, one };
}

function checkOutput(output: string | undefined): void {
  if (output && !['json', 'yaml', 'name'].includes(output)) {
    throw new CliError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`);
  }
}

export async function runMetadataEdit(client: KubeClient, kind: EditKind, args: string[], flags: MetadataFlags): Promise<MetadataResult> {
  const verb = kind === 'label' ? 'label' : 'annotate';
  checkOutput(flags.output);
  const dryRun = dryRunMode(flags['dry-run']);
  const { resources, pairs } = splitResourcesAndPairs(args, kind);
  const edits = kind === 'label' ? parseLabelEdits(pairs) : parseAnnotationEdits(pairs);
  if (flags.all && flags.selector) throw new CliError('error: cannot set --all and --selector at the same time');
  if (flags.all && flags['field-selector']) throw new CliError('error: cannot set --all and --field-selector at the same time');
  if (resources.length === 0) throw new CliError('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (!pairs.length && !flags.list) throw new CliError(`error: at least one ${kind} update is required`);

  const { found, one } = await findObjects(client, resources, flags);
  let stdout = '';
  const field = FIELD[kind];
  for (const { resource, object } of found) {
    const current: Record<string, string> = object.metadata?.[field] ?? {};
    if (flags.list) {
      const indent = one ? '' : ' ';
      if (!one) stdout += `Listing ${field} for ${resource.kind}.${resource.group}/${object.metadata.name}:\n`;
      // kubectl walks a Go map here (random order): sorted is one of its orders, and a stable one.
      for (const k of Object.keys(current).sort()) stdout += `${indent}${k}=${current[k]}\n`;
      continue;
    }
    try {
      if (!flags.overwrite) checkNoOverwrite(kind, current, edits.set);
    } catch (e) {
      return { stdout, stderr: formatError(e), exitCode: 1 };
    }
    if (kind === 'label') {
      for (const k of edits.remove) if (!(k in current)) stdout += `label ${JSON.stringify(k)} not found.\n`;
    }
    const modified = structuredClone(object);
    modified.metadata[field] = applyEdits(object.metadata?.[field], edits);
    if (flags['resource-version']) modified.metadata.resourceVersion = flags['resource-version'];
    const operation = kind === 'label' ? labelOutcome(object, modified, flags.overwrite) : 'annotated';
    let result = modified;
    if (dryRun !== 'client') {
      const query: Record<string, string> = { fieldManager: `kubectl-${verb}` };
      if (dryRun === 'server') query.dryRun = 'All';
      const namespace = resource.namespaced ? object.metadata.namespace : undefined;
      try {
        result = await client.request('PATCH', resourcePath(resource, namespace, object.metadata.name), {
          body: createJsonMergePatch(object, modified), contentType: 'application/merge-patch+json', query,
        });
      } catch (e) {
        return { stdout, stderr: formatError(e), exitCode: 1 };
      }
    }
    stdout += printEdited(result, resource, flags.output, operation, dryRun);
  }
  return { stdout, stderr: '', exitCode: 0 };
}

function printEdited(obj: Record<string, any>, resource: ResourceInfo, output: string | undefined, operation: string, dryRun: string): string {
  if (output === 'yaml') return printYaml(obj);
  if (output === 'json') return printJson(obj);
  const typed = { apiVersion: apiVersionOf(resource), kind: resource.kind, metadata: { name: obj.metadata.name } };
  if (output === 'name') return printName(typed) + '\n';
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  return printName(typed, operation + suffix) + '\n';
}
