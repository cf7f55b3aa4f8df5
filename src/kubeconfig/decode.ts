// Parsing one kubeconfig file the way client-go's clientcmd.Load does: YAML to JSON, then a typed
// decode into api/v1 Config. Type mismatches are reported in encoding/json's words, which is what
// kubectl prints after `error loading config file "...": `.

import { parseDocument, YAMLError } from 'yaml';
import type { KubeConfig } from './types.js';
import { parsePlainYaml } from './plain-yaml.js';

type Spec =
  | { kind: 'string' | 'bool' | 'bytes' | 'any' }
  | { kind: 'list'; of: Spec }
  | { kind: 'map'; of: Spec }
  | { kind: 'struct'; name: string; fields: Record<string, Spec> };

const str: Spec = { kind: 'string' };
const bool: Spec = { kind: 'bool' };
const bytes: Spec = { kind: 'bytes' };
const list = (of: Spec): Spec => ({ kind: 'list', of });
const struct = (name: string, fields: Record<string, Spec>): Spec => ({ kind: 'struct', name, fields });

const extensions = list(struct('NamedExtension', { name: str, extension: { kind: 'any' } }));

const clusterSpec = struct('Cluster', {
  server: str,
  'tls-server-name': str,
  'insecure-skip-tls-verify': bool,
  'certificate-authority': str,
  'certificate-authority-data': bytes,
  'proxy-url': str,
  'disable-compression': bool,
  extensions,
});

const execSpec = struct('ExecConfig', {
  command: str,
  args: list(str),
  env: list(struct('ExecEnvVar', { name: str, value: str })),
  apiVersion: str,
  installHint: str,
  provideClusterInfo: bool,
  interactiveMode: str,
});

const userSpec = struct('AuthInfo', {
  'client-certificate': str,
  'client-certificate-data': bytes,
  'client-key': str,
  'client-key-data': bytes,
  token: str,
  tokenFile: str,
  as: str,
  'as-uid': str,
  'as-groups': list(str),
  'as-user-extra': { kind: 'map', of: list(str) },
  username: str,
  password: str,
  'auth-provider': struct('AuthProviderConfig', { name: str, config: { kind: 'map', of: str } }),
  exec: execSpec,
  extensions,
});

const configSpec = struct('Config', {
  kind: str,
  apiVersion: str,
  preferences: struct('Preferences', { colors: bool, extensions }),
  clusters: list(struct('NamedCluster', { name: str, cluster: clusterSpec })),
  users: list(struct('NamedAuthInfo', { name: str, user: userSpec })),
  contexts: list(
    struct('NamedContext', {
      name: str,
      context: struct('Context', { cluster: str, user: str, namespace: str, extensions }),
    }),
  ),
  'current-context': str,
  extensions,
});

/** Parses a kubeconfig file's text; throws an Error whose message is the reason kubectl gives. */
export function decodeKubeconfig(text: string): KubeConfig {
  const raw = parseYaml(text);
  if (raw === null || raw === undefined) return { clusters: [], users: [], contexts: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonType(raw)} into Go value of type ` +
        'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }',
    );
  }
  const object = raw as Record<string, unknown>;
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const kind = typeof object.kind === 'string' ? object.kind : '';
  // clientcmd defaults an unset version and kind to v1 Config.
  if ((apiVersion || kind) && (apiVersion !== 'v1' || kind !== 'Config')) {
    throw new Error(
      `no kind "${kind}" is registered for version "${apiVersion}" in scheme "k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50"`,
    );
  }
  check(object, configSpec, 'Config', []);
  rejectDuplicates(object, 'clusters', 'NamedCluster', 'api.Cluster');
  rejectDuplicates(object, 'users', 'NamedAuthInfo', 'api.AuthInfo');
  rejectDuplicates(object, 'contexts', 'NamedContext', 'api.Context');
  const config = object as unknown as KubeConfig;
  // null entries and null bodies decode to Go zero values; keep the shape the rest of tkctl expects.
  return {
    ...config,
    clusters: (config.clusters ?? []).map((e) => ({ name: e?.name ?? '', cluster: e?.cluster ?? { server: '' } })),
    users: (config.users ?? []).map((e) => ({ name: e?.name ?? '', user: e?.user ?? {} })),
    contexts: (config.contexts ?? []).map((e) => ({
      name: e?.name ?? '',
      context: e?.context ?? { cluster: '', user: '' },
    })),
  };
}

function parseYaml(text: string): unknown {
  const plain = parsePlainYaml(text);
  if (plain !== undefined) return plain;
  const doc = parseDocument(text, { uniqueKeys: false });
  const problem = doc.errors[0];
  if (problem) throw new Error(`yaml: ${yamlProblem(problem)}`);
  return doc.toJS();
}

/** go-yaml's layout, `line N: what`, with our parser's description of what. */
function yamlProblem(error: YAMLError): string {
  const what = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return error.linePos ? `line ${error.linePos[0].line}: ${what}` : what;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

function goType(spec: Spec): string {
  switch (spec.kind) {
    case 'string':
      return 'string';
    case 'bool':
      return 'bool';
    case 'bytes':
      return '[]uint8';
    case 'any':
      return 'interface {}';
    case 'list':
      return '[]' + goType(spec.of);
    case 'map':
      return 'map[string]' + goType(spec.of);
    case 'struct':
      return 'v1.' + spec.name;
  }
}

/** Walks the value against the spec; `owner` is the innermost Go struct, as encoding/json names it. */
function check(value: unknown, spec: Spec, owner: string, path: string[]): void {
  if (value === null || spec.kind === 'any') return;
  const mismatch = (): never => {
    throw new Error(
      `json: cannot unmarshal ${jsonType(value)} into Go struct field ${owner}.${path.join('.')} of type ${goType(spec)}`,
    );
  };
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string') mismatch();
      return;
    case 'bool':
      if (typeof value !== 'boolean') mismatch();
      return;
    case 'bytes':
      if (typeof value !== 'string') mismatch();
      checkBase64(value as string);
      return;
    case 'list':
      if (!Array.isArray(value)) mismatch();
      for (const item of value as unknown[]) check(item, spec.of, owner, path);
      return;
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) mismatch();
      for (const item of Object.values(value as object)) check(item, spec.of, owner, path);
      return;
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) mismatch();
      const fields = value as Record<string, unknown>;
      for (const [key, fieldSpec] of Object.entries(spec.fields)) {
        if (key in fields) check(fields[key], fieldSpec, spec.name, [...path, key]);
      }
    }
  }
}

function checkBase64(text: string): void {
  const data = text.replace(/[\r\n]/g, '');
  const bad = data.search(/[^A-Za-z0-9+/=]|=[^=]/);
  if (bad >= 0) throw new Error(`illegal base64 data at input byte ${bad}`);
  if (data.length % 4 !== 0) throw new Error(`illegal base64 data at input byte ${data.length - (data.length % 4)}`);
}

function rejectDuplicates(config: Record<string, unknown>, key: string, listType: string, mapType: string): void {
  const seen = new Set<string>();
  for (const entry of (config[key] as { name?: string }[] | null) ?? []) {
    const name = entry?.name ?? '';
    if (seen.has(name)) {
      throw new Error(
        `error converting *[]${listType} into *map[string]*${mapType}: duplicate name "${name}" in list`,
      );
    }
    seen.add(name);
  }
}
