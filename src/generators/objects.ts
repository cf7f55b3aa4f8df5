// The objects `kubectl create <kind>` builds, key for key in the order of the Go structs they are
// (so -o json and --save-config print them as kubectl does).
import { randomInt } from '../lazy-crypto.js';
import { CliError } from '../client/errors.js';
import { configMapKeyProblems, isUtf8, type KeyValue } from './key-sources.js';

type Obj = Record<string, any>;

/** metadata of a generated object: the namespace only when -n chose it, as kubectl does. */
function meta(name: string, namespace?: string, labels?: Record<string, string>): Obj {
  return { name, ...(namespace ? { namespace } : {}), creationTimestamp: null, ...(labels ? { labels } : {}) };
}

export function namespaceObject(name: string): Obj {
  return { kind: 'Namespace', apiVersion: 'v1', metadata: meta(name), spec: {}, status: {} };
}

// utilrand.String's alphabet: no vowels, no confusable characters.
const RAND_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A container name from an image: last path element without tag or digest; "_" and "." made DNS-safe plus a random suffix. */
export function containerNameFor(image: string, random = () => Array.from({ length: 5 }, () => RAND_ALPHABET[randomInt(RAND_ALPHABET.length)]).join('')): string {
  let name = image.split('/').pop()!;
  name = name.split(':')[0].split('@')[0];
  if (/[_.]/.test(name)) name = `${name.replace(/[_.]/g, '-')}-${random()}`;
  return name;
}

export interface DeploymentSpec { name: string; namespace?: string; images: string[]; replicas: number; port: number; command: string[] }

export function deploymentObject(d: DeploymentSpec): Obj {
  const labels = { app: d.name };
  const containers = d.images.map((image, i) => ({
    name: containerNameFor(image),
    image,
    ...(d.command.length ? { command: d.command } : {}),
    ...(i === 0 && d.port >= 0 ? { ports: [{ containerPort: d.port }] } : {}),
    resources: {},
  }));
  return {
    kind: 'Deployment', apiVersion: 'apps/v1', metadata: meta(d.name, d.namespace, labels),
    spec: {
      replicas: d.replicas,
      selector: { matchLabels: { ...labels } },
      template: { metadata: { creationTimestamp: null, labels: { ...labels } }, spec: { containers } },
      strategy: {},
    },
    status: {},
  };
}

function addKey(target: Record<string, unknown>, other: Record<string, unknown>, key: string, name: string, field: 'Data' | 'BinaryData'): void {
  const problems = configMapKeyProblems(key);
  if (problems.length) throw new CliError(`error: ${JSON.stringify(key)} is not a valid key name for a ConfigMap: ${problems.join(',')}`);
  if (key in target || key in other) {
    const where = key in target ? field : field === 'Data' ? 'BinaryData' : 'Data';
    throw new CliError(`error: cannot add key ${JSON.stringify(key)}, another key by that name already exists in ${where} for ConfigMap ${JSON.stringify(name)}`);
  }
}

/** Files first, then literals, then env files, as kubectl adds them; non-UTF-8 file content goes to binaryData. */
export function configMapObject(name: string, namespace: string | undefined, sources: { files: KeyValue[]; literals: KeyValue[]; envs: KeyValue[] }): Obj {
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  for (const { key, value } of sources.files) {
    if (isUtf8(value)) {
      addKey(data, binaryData, key, name, 'Data');
      data[key] = value.toString('utf8');
    } else {
      addKey(binaryData, data, key, name, 'BinaryData');
      binaryData[key] = value.toString('base64');
    }
  }
  for (const { key, value } of [...sources.literals, ...sources.envs]) {
    addKey(data, binaryData, key, name, 'Data');
    data[key] = value.toString('utf8');
  }
  return {
    kind: 'ConfigMap', apiVersion: 'v1', metadata: meta(name, namespace),
    ...(Object.keys(data).length ? { data: sortKeys(data) } : {}),
    ...(Object.keys(binaryData).length ? { binaryData: sortKeys(binaryData) } : {}),
  };
}

/** Literals first, then files, then env files, as kubectl adds them; values base64 as the API stores them. */
export function secretObject(name: string, namespace: string | undefined, type: string, sources: { files: KeyValue[]; literals: KeyValue[]; envs: KeyValue[] }): Obj {
  const data: Record<string, string> = {};
  for (const { key, value } of [...sources.literals, ...sources.files, ...sources.envs]) {
    const problems = configMapKeyProblems(key);
    if (problems.length) throw new CliError(`error: ${JSON.stringify(key)} is not valid key name for a Secret ${problems.join(';')}`);
    if (key in data) throw new CliError(`error: cannot add key ${key}, another key by that name already exists`);
    data[key] = value.toString('base64');
  }
  return {
    kind: 'Secret', apiVersion: 'v1', metadata: meta(name, namespace),
    ...(Object.keys(data).length ? { data: sortKeys(data) } : {}),
    ...(type ? { type } : {}),
  };
}

// Go marshals maps with sorted keys.
function sortKeys<T>(m: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]]));
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

export interface ServiceSpec { name: string; namespace?: string; type: ServiceType; tcp: string[]; clusterIP?: string; nodePort?: number }

/** utilsnet.ParsePort (zero allowed): strconv.ParseUint's messages. */
function parsePort(text: string): number {
  if (!/^[0-9]+$/.test(text)) throw new CliError(`error: strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`);
  const n = Number(text);
  if (n > 65535) throw new CliError(`error: strconv.ParseUint: parsing ${JSON.stringify(text)}: value out of range`);
  return n;
}

const PORT_NAME_FMT = /^[-a-z0-9]+$/;

/** A target port: a number (1-65535) or an IANA service name. */
function parseTargetPort(text: string): number | string {
  if (/^[+-]?[0-9]+$/.test(text)) {
    const n = Number(text);
    if (n < 1 || n > 65535) throw new CliError('error: must be between 1 and 65535, inclusive');
    return n;
  }
  const errs: string[] = [];
  if (text.length > 15) errs.push('must be no more than 15 characters');
  if (!PORT_NAME_FMT.test(text)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (text.includes('--')) errs.push('must not contain consecutive hyphens');
  if (!/[a-z]/.test(text)) errs.push('must contain at least one letter (a-z)');
  if (text.startsWith('-') || text.endsWith('-')) errs.push('must not begin or end with a hyphen');
  if (errs.length) throw new CliError(`error: ${errs.join(',')}`);
  return text;
}

export function serviceObject(s: ServiceSpec): Obj {
  if (s.clusterIP === 'None' && s.type !== 'ClusterIP') throw new CliError('error: ClusterIP=None can only be used with ClusterIP service type');
  if (s.clusterIP !== 'None' && s.tcp.length === 0) throw new CliError('error: at least one tcp port specifier must be provided');
  const ports = s.tcp.map((spec) => {
    const [portText, targetText] = spec.split(':');
    const port = parsePort(portText);
    const targetPort = targetText === undefined ? port : parseTargetPort(targetText);
    return { name: spec.replaceAll(':', '-'), protocol: 'TCP', port, targetPort, ...(s.nodePort ? { nodePort: s.nodePort } : {}) };
  });
  const labels = { app: s.name };
  return {
    kind: 'Service', apiVersion: 'v1', metadata: meta(s.name, s.namespace, labels),
    spec: {
      ...(ports.length ? { ports } : {}),
      selector: { ...labels },
      ...(s.clusterIP ? { clusterIP: s.clusterIP } : {}),
      type: s.type,
    },
    status: { loadBalancer: {} },
  };
}
