// What every generator command shares: the --dry-run, --validate, --save-config and -o flags, the
// POST, and kubectl's output (the object, its name, or "deployment.apps/x created").
import type { KubeClient } from '../client/client.js';
import { CliError, StatusError } from '../client/errors.js';
import { dryRunMode, fieldValidation } from '../cli/manifest-flags.js';
import { LAST_APPLIED } from '../apply.js';
import { printName, printYaml } from '../printers/index.js';
import { orderedMeta, printTypedJson, typedJson } from './typed-json.js';

type Obj = Record<string, any>;

export interface GeneratorFlags {
  output?: string;
  'dry-run': string;
  validate?: string;
  'save-config'?: boolean;
}

export interface SendOptions {
  /** The collection's REST path, e.g. /apis/apps/v1/namespaces/default/deployments. */
  collection: string;
  fieldManager: string;
  /** kubectl run sends no fieldValidation. */
  validates: boolean;
  /** The text kubectl puts before a server error, e.g. "failed to create deployment"; none: the plain error. */
  failure?: string;
}

const PRINTABLE = 'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

/** Checks -o before anything is sent, with kubectl's message. */
export function checkOutput(output: string | undefined): void {
  if (output && !['json', 'yaml', 'name'].includes(output)) {
    throw new CliError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${PRINTABLE}`);
  }
}

/** The object with kubectl's last-applied-configuration annotation (util.CreateOrUpdateAnnotation). */
export function withSavedConfig(obj: Obj): Obj {
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const bare = { ...obj, metadata: orderedMeta({ ...obj.metadata, annotations: Object.keys(annotations).length ? annotations : undefined }) };
  const saved = typedJson(bare) + '\n';
  return { ...obj, metadata: orderedMeta({ ...obj.metadata, annotations: { ...annotations, [LAST_APPLIED]: saved } }) };
}

/** The text kubectl prints for a created (or dry-run) object. */
export function printCreated(obj: Obj, output: string | undefined, dryRun: 'none' | 'server' | 'client', operation = 'created'): string {
  if (output === 'yaml') return printYaml(obj);
  if (output === 'json') return printTypedJson(obj);
  if (output === 'name') return printName(obj as any) + '\n';
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  return printName(obj as any, operation + suffix) + '\n';
}

/** Sends the object unless --dry-run=client; returns what to print (the server's answer when it was sent). */
export async function createGenerated(client: KubeClient, obj: Obj, flags: GeneratorFlags, opts: SendOptions): Promise<Obj> {
  const dryRun = dryRunMode(flags['dry-run']);
  const validation = opts.validates ? fieldValidation(flags.validate ?? 'strict') : undefined;
  if (dryRun === 'client') return obj;
  const query: Record<string, string> = { fieldManager: opts.fieldManager };
  if (validation) query.fieldValidation = validation;
  if (dryRun === 'server') query.dryRun = 'All';
  try {
    return await client.request('POST', opts.collection, { body: obj, query });
  } catch (e) {
    if (opts.failure && e instanceof StatusError) throw new CliError(`error: ${opts.failure}: ${e.message}`);
    throw e;
  }
}

/** kubectl's check that one NAME was given. */
export function exactlyOneName(args: string[], command: string): string {
  if (args.length !== 1) throw new CliError(`error: exactly one NAME is required, got ${args.length}\nSee 'tkctl ${command} -h' for help and examples`);
  return args[0];
}

/** cobra's required-flag failure as kubectl 1.32 reports it: through klog, on stderr. */
export function requiredFlagError(flag: string, now = new Date()): CliError {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${p(now.getMonth() + 1)}${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}.${p(now.getMilliseconds() * 1000, 6)}`;
  return new CliError(`E${stamp} ${String(process.pid).padStart(7)} run.go:72] "command failed" err="required flag(s) \\"${flag}\\" not set"`);
}
