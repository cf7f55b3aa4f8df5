// `kubectl create namespace|deployment|configmap|secret generic|service TYPE`: from flags to the
// object, sent (or not) and printed. Each returns the text for stdout; failures throw CliError.
import type { KubeClient } from '../client/client.js';
import { CliError } from '../client/errors.js';
import { readEnvFile, readFileSource, parseLiteralSource, type KeyValue } from './key-sources.js';
import { configMapObject, deploymentObject, namespaceObject, secretObject, serviceObject, type ServiceType } from './objects.js';
import { checkOutput, createGenerated, exactlyOneName, printCreated, requiredFlagError, withSavedConfig, type GeneratorFlags } from './send.js';
import { dryRunMode, fieldValidation } from '../cli/manifest-flags.js';

type Obj = Record<string, any>;

export interface Target {
  client: KubeClient;
  /** True when -n/--namespace chose the namespace: only then does the object carry it. */
  explicitNamespace: boolean;
}

function collection(apiPrefix: string, plural: string, namespace?: string): string {
  return `${apiPrefix}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${plural}`;
}

async function finish(t: Target, obj: Obj, flags: GeneratorFlags, path: string, failure?: string): Promise<string> {
  checkOutput(flags.output);
  const dryRun = dryRunMode(flags['dry-run']);
  fieldValidation(flags.validate ?? 'strict');
  const toSend = flags['save-config'] ? withSavedConfig(obj) : obj;
  const result = await createGenerated(t.client, toSend, flags, { collection: path, fieldManager: 'kubectl-create', validates: true, failure });
  return printCreated(result, flags.output, dryRun);
}

const objectNamespace = (t: Target) => (t.explicitNamespace ? t.client.namespace : undefined);

export async function createNamespace(t: Target, args: string[], flags: GeneratorFlags): Promise<string> {
  const name = exactlyOneName(args, 'create namespace');
  return finish(t, namespaceObject(name), flags, '/api/v1/namespaces');
}

export interface DeploymentFlags extends GeneratorFlags { image?: string[]; replicas: string; port: string }

function parseInt32(text: string, flag: string): number {
  if (!/^[+-]?[0-9]+$/.test(text) || Math.abs(Number(text)) > 2 ** 31) {
    throw new CliError(`error: invalid argument "${text}" for "--${flag}" flag: strconv.ParseInt: parsing ${JSON.stringify(text)}: ${/^[+-]?[0-9]+$/.test(text) ? 'value out of range' : 'invalid syntax'}`);
  }
  return Number(text);
}

export async function createDeployment(t: Target, args: string[], command: string[], flags: DeploymentFlags): Promise<string> {
  const images = (flags.image ?? []).flatMap((i) => i.split(','));
  if (images.length === 0) throw requiredFlagError('image');
  const name = exactlyOneName(args, 'create deployment');
  if (images.length > 1 && command.length > 0) throw new CliError('error: cannot specify multiple --image options and command');
  const obj = deploymentObject({
    name, namespace: objectNamespace(t), images, command,
    replicas: parseInt32(flags.replicas, 'replicas'), port: parseInt32(flags.port, 'port'),
  });
  return finish(t, obj, flags, collection('/apis/apps/v1', 'deployments', t.client.namespace), 'failed to create deployment');
}

export interface DataFlags extends GeneratorFlags { 'from-literal'?: string[]; 'from-file'?: string[]; 'from-env-file'?: string[] }

function readSources(flags: DataFlags, what: 'config' | 'secret'): { files: KeyValue[]; literals: KeyValue[]; envs: KeyValue[] } {
  const literals = flags['from-literal'] ?? [];
  const files = flags['from-file'] ?? [];
  const envFiles = flags['from-env-file'] ?? [];
  if (envFiles.length && (files.length || literals.length)) throw new CliError('error: from-env-file cannot be combined with from-file or from-literal');
  return {
    files: files.flatMap(readFileSource),
    literals: literals.map(parseLiteralSource).map(({ key, value }) => ({ key, value: Buffer.from(value, 'utf8') })),
    envs: envFiles.flatMap((f) => readEnvFile(f, what)),
  };
}

export async function createConfigMap(t: Target, args: string[], flags: DataFlags): Promise<string> {
  const name = exactlyOneName(args, 'create configmap');
  const obj = configMapObject(name, objectNamespace(t), readSources(flags, 'config'));
  return finish(t, obj, flags, collection('/api/v1', 'configmaps', t.client.namespace), 'failed to create configmap');
}

export async function createSecretGeneric(t: Target, args: string[], flags: DataFlags & { type?: string }): Promise<string> {
  const name = exactlyOneName(args, 'create secret generic');
  const obj = secretObject(name, objectNamespace(t), flags.type ?? '', readSources(flags, 'secret'));
  return finish(t, obj, flags, collection('/api/v1', 'secrets', t.client.namespace), 'failed to create secret');
}

export interface ServiceFlags extends GeneratorFlags { tcp?: string[]; clusterip?: string; 'node-port'?: number }

export async function createService(t: Target, type: ServiceType, args: string[], flags: ServiceFlags): Promise<string> {
  const name = exactlyOneName(args, `create service ${type.toLowerCase()}`);
  const obj = serviceObject({
    name, namespace: objectNamespace(t), type, tcp: (flags.tcp ?? []).flatMap((s) => s.split(',')),
    clusterIP: flags.clusterip, nodePort: flags['node-port'],
  });
  return finish(t, obj, flags, collection('/api/v1', 'services', t.client.namespace), `failed to create ${type} service`);
}
