// A kubeconfig as client-go encodes it (clientcmd/api/v1 through encoding/json): fields in Go struct
// order, `omitempty` fields dropped when empty, unknown fields gone, named entries sorted by name
// (client-go holds them in maps), and byte fields re-encoded as canonical base64. YAML output sorts
// keys anyway; `config view -o json` shows this order as it is.

import { compareGoStrings } from '../printers/go-format.js';
import type { Cluster, Context, ExecConfig, KubeConfig, NamedExtension, User } from './types.js';

type Json = Record<string, unknown>;

export function encodeV1(config: KubeConfig): Json {
  const out: Json = {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: encodePreferences(config.preferences),
    clusters: named(config.clusters, 'cluster', (c) => encodeCluster(c.cluster)),
    users: named(config.users, 'user', (u) => encodeUser(u.user)),
    contexts: named(config.contexts, 'context', (c) => encodeContext(c.context)),
    'current-context': config['current-context'] ?? '',
  };
  putList(out, 'extensions', encodeExtensions(config.extensions));
  return out;
}

export function encodeCluster(c: Cluster): Json {
  const out: Json = { server: c.server ?? '' };
  putString(out, 'tls-server-name', c['tls-server-name']);
  putTrue(out, 'insecure-skip-tls-verify', c['insecure-skip-tls-verify']);
  putString(out, 'certificate-authority', c['certificate-authority']);
  putString(out, 'certificate-authority-data', canonicalBase64(c['certificate-authority-data']));
  putString(out, 'proxy-url', c['proxy-url']);
  putTrue(out, 'disable-compression', c['disable-compression']);
  putList(out, 'extensions', encodeExtensions(c.extensions));
  return out;
}

export function encodeUser(u: User): Json {
  const out: Json = {};
  putString(out, 'client-certificate', u['client-certificate']);
  putString(out, 'client-certificate-data', canonicalBase64(u['client-certificate-data']));
  putString(out, 'client-key', u['client-key']);
  putString(out, 'client-key-data', canonicalBase64(u['client-key-data']));
  putString(out, 'token', u.token);
  putString(out, 'tokenFile', u.tokenFile);
  putString(out, 'as', u.as);
  putString(out, 'as-uid', u['as-uid']);
  putList(out, 'as-groups', u['as-groups']);
  if (u['as-user-extra'] && Object.keys(u['as-user-extra']).length > 0) out['as-user-extra'] = u['as-user-extra'];
  putString(out, 'username', u.username);
  putString(out, 'password', u.password);
  if (u['auth-provider']) {
    out['auth-provider'] = { name: u['auth-provider'].name ?? '', config: u['auth-provider'].config ?? null };
  }
  if (u.exec) out.exec = encodeExec(u.exec);
  putList(out, 'extensions', encodeExtensions(u.extensions));
  return out;
}

function encodeExec(e: ExecConfig): Json {
  const out: Json = { command: e.command ?? '', args: e.args ?? null, env: e.env ?? null };
  putString(out, 'apiVersion', e.apiVersion);
  putString(out, 'installHint', e.installHint);
  out.provideClusterInfo = e.provideClusterInfo ?? false;
  putString(out, 'interactiveMode', e.interactiveMode);
  return out;
}

export function encodeContext(c: Context): Json {
  const out: Json = { cluster: c.cluster ?? '', user: c.user ?? '' };
  putString(out, 'namespace', c.namespace);
  putList(out, 'extensions', encodeExtensions(c.extensions));
  return out;
}

function encodePreferences(p: object | undefined): Json {
  const prefs = (p ?? {}) as { colors?: boolean; extensions?: NamedExtension[] };
  const out: Json = {};
  putTrue(out, 'colors', prefs.colors);
  putList(out, 'extensions', encodeExtensions(prefs.extensions));
  return out;
}

// Extensions live in a map keyed by name inside client-go: sorted, last duplicate wins.
function encodeExtensions(list: NamedExtension[] | undefined): NamedExtension[] | undefined {
  if (!list?.length) return undefined;
  const byName = new Map(list.map((e) => [e.name ?? '', e.extension]));
  return [...byName.keys()].sort(compareGoStrings).map((name) => ({ name, extension: sortedKeys(byName.get(name)) }));
}

// An extension is kept as the JSON client-go made from the file's YAML map, whose keys come out sorted.
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(([a], [b]) => compareGoStrings(a, b));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortedKeys(v)]));
}

function named<T extends { name: string }>(list: T[], key: string, encode: (entry: T) => Json): Json[] | null {
  if (list.length === 0) return null;
  return [...list].sort((a, b) => compareGoStrings(a.name, b.name)).map((e) => ({ name: e.name, [key]: encode(e) }));
}

/** Go decodes base64 (ignoring line breaks) and encodes it again with padding. */
export function canonicalBase64(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return Buffer.from(text.replace(/[\r\n]/g, ''), 'base64').toString('base64');
}

function putString(out: Json, key: string, value: string | undefined): void {
  if (value) out[key] = value;
}

function putTrue(out: Json, key: string, value: boolean | undefined): void {
  if (value) out[key] = true;
}

function putList(out: Json, key: string, value: unknown[] | undefined): void {
  if (value?.length) out[key] = value;
}
