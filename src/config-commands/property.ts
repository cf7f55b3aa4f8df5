// `kubectl config set|unset PROPERTY`: a dotted path through client-go's internal Config type, whose
// map keys may themselves contain dots (the key runs until the next known field name).

import { CliError } from '../client/errors.js';
import { canonicalBase64, type KubeConfig } from '../kubeconfig/index.js';
import { editable, save, type ConfigOutput, type ConfigSession } from './session.js';

type Field = 'string' | 'bool' | 'bytes' | 'unsupported' | Struct | Entries;
interface Struct {
  goName: string;
  /** Field name as kubectl spells it -> how the file spells it and its type. */
  fields: Record<string, [key: string, type: Field]>;
}
interface Entries {
  entries: 'clusters' | 'users' | 'contexts';
  body: 'cluster' | 'user' | 'context';
  of: Struct;
}

const extensions: [string, Field] = ['extensions', 'unsupported'];
const cluster: Struct = {
  goName: 'api.Cluster',
  fields: {
    server: ['server', 'string'],
    'tls-server-name': ['tls-server-name', 'string'],
    'insecure-skip-tls-verify': ['insecure-skip-tls-verify', 'bool'],
    'certificate-authority': ['certificate-authority', 'string'],
    'certificate-authority-data': ['certificate-authority-data', 'bytes'],
    'proxy-url': ['proxy-url', 'string'],
    'disable-compression': ['disable-compression', 'bool'],
    extensions,
  },
};
const user: Struct = {
  goName: 'api.AuthInfo',
  fields: {
    'client-certificate': ['client-certificate', 'string'],
    'client-certificate-data': ['client-certificate-data', 'bytes'],
    'client-key': ['client-key', 'string'],
    'client-key-data': ['client-key-data', 'bytes'],
    token: ['token', 'string'],
    tokenFile: ['tokenFile', 'string'],
    // The internal type names impersonation act-as; the file says as.
    'act-as': ['as', 'string'],
    'act-as-uid': ['as-uid', 'string'],
    'act-as-groups': ['as-groups', 'unsupported'],
    'act-as-user-extra': ['as-user-extra', 'unsupported'],
    username: ['username', 'string'],
    password: ['password', 'string'],
    'auth-provider': ['auth-provider', 'unsupported'],
    exec: ['exec', 'unsupported'],
    extensions,
  },
};
const context: Struct = {
  goName: 'api.Context',
  fields: { cluster: ['cluster', 'string'], user: ['user', 'string'], namespace: ['namespace', 'string'], extensions },
};
const preferences: Struct = { goName: 'api.Preferences', fields: { colors: ['colors', 'bool'], extensions } };
const root: Struct = {
  goName: 'api.Config',
  fields: {
    kind: ['kind', 'string'],
    apiVersion: ['apiVersion', 'string'],
    preferences: ['preferences', preferences],
    clusters: ['clusters', { entries: 'clusters', body: 'cluster', of: cluster }],
    users: ['users', { entries: 'users', body: 'user', of: user }],
    contexts: ['contexts', { entries: 'contexts', body: 'context', of: context }],
    'current-context': ['current-context', 'string'],
    extensions,
  },
};

export function setProperty(session: ConfigSession, args: string[], setRawBytes = false): ConfigOutput {
  if (args.length !== 2) throw new CliError(`error: Unexpected args: [${args.join(' ')}]`);
  const [property, value] = args as [string, string];
  if (!value) throw new CliError('error: you cannot use set to unset a property');
  if (!property) throw new CliError('error: you must specify a property');
  const next = editable(session);
  modify(next, property, { value, setRawBytes });
  save(session, next, { relativizePaths: false });
  return { stdout: `Property "${property}" set.\n` };
}

export function unsetProperty(session: ConfigSession, args: string[]): ConfigOutput {
  if (args.length !== 1) throw new CliError(`error: Unexpected args: [${args.join(' ')}]`);
  const property = args[0]!;
  if (!property) throw new CliError('error: you must specify a property');
  const next = editable(session);
  modify(next, property, undefined);
  save(session, next, { relativizePaths: false });
  return { stdout: `Property "${property}" unset.\n` };
}

interface Assignment {
  value: string;
  setRawBytes: boolean;
}

/** Walks the path and sets (or, without an assignment, unsets) what it names. */
function modify(config: KubeConfig, property: string, assignment: Assignment | undefined): void {
  const parts = property.split('.');
  let target = config as unknown as Record<string, unknown>;
  let type: Struct = root;
  let i = 0;
  for (;;) {
    const name = parts[i]!;
    const field = type.fields[name];
    if (!field) throw new CliError(`error: unable to parse ${property} after ${stepsText(parts.slice(0, i))} at ${type.goName}`);
    const [key, fieldType] = field;
    i += 1;
    const last = i === parts.length;
    if (fieldType === 'unsupported') throw new CliError(`error: tkctl cannot set or unset ${property}`);
    if (typeof fieldType === 'string') {
      if (!last) throw new CliError(`error: can't have more steps after a ${fieldType === 'bytes' ? 'bytes' : fieldType}`);
      assign(target, key, fieldType, assignment);
      return;
    }
    if (!('entries' in fieldType)) {
      if (last && !assignment) {
        target[key] = {};
        return;
      }
      if (last) throw new CliError(`error: unable to parse ${property} after ${stepsText(parts.slice(0, i))} at ${fieldType.goName}`);
      target = (target[key] ??= {}) as Record<string, unknown>;
      type = fieldType;
      continue;
    }
    const list = config[fieldType.entries] as unknown as { name: string; [body: string]: unknown }[];
    if (last) {
      if (assignment) throw new CliError(`error: can't set a map to a value: ${property}`);
      config[fieldType.entries] = [];
      return;
    }
    // The key runs up to the next part that names a field of the entry type, else to the end.
    const rest = parts.slice(i);
    const fieldAt = rest.slice(1).findIndex((p) => p in fieldType.of.fields);
    const keyParts = fieldAt < 0 ? rest.length : fieldAt + 1;
    const entryName = rest.slice(0, keyParts).join('.');
    i += keyParts;
    const index = list.findIndex((e) => e.name === entryName);
    if (i === parts.length) {
      if (assignment) throw new CliError(`error: can't set a map to a value: ${fieldType.entries}`);
      if (index >= 0) list.splice(index, 1);
      return;
    }
    if (index < 0) {
      if (!assignment) throw new CliError(`error: current map key \`${entryName}\` is invalid`);
      const body = fieldType.body === 'cluster' ? { server: '' } : fieldType.body === 'context' ? { cluster: '', user: '' } : {};
      list.push({ name: entryName, [fieldType.body]: body });
    }
    target = list.find((e) => e.name === entryName)![fieldType.body] as Record<string, unknown>;
    type = fieldType.of;
  }
}

function assign(target: Record<string, unknown>, key: string, type: 'string' | 'bool' | 'bytes', a: Assignment | undefined): void {
  if (!a) {
    delete target[key];
    return;
  }
  if (type === 'string') target[key] = a.value;
  else if (type === 'bool') target[key] = parseGoBool(a.value);
  else if (a.setRawBytes) target[key] = Buffer.from(a.value).toString('base64');
  else target[key] = strictBase64(a.value);
}

function parseGoBool(text: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  throw new CliError(`error: strconv.ParseBool: parsing "${text}": invalid syntax`);
}

/** base64.StdEncoding.DecodeString's checks, in its error words. */
function strictBase64(text: string): string {
  const data = text.replace(/[\r\n]/g, '');
  const bad = data.search(/[^A-Za-z0-9+/=]|=[^=]/);
  const at = bad >= 0 ? bad : data.length % 4 !== 0 ? data.length - (data.length % 4) : -1;
  if (at >= 0) throw new CliError(`error: error decoding input value: illegal base64 data at input byte ${at}`);
  return canonicalBase64(data) ?? '';
}

// Go prints the steps taken so far as a slice of {name type} pairs; tkctl names them only.
function stepsText(parts: string[]): string {
  return `[${parts.join(' ')}]`;
}
