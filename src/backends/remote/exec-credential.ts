// client-go's exec credential plugins (client.authentication.k8s.io v1 and v1beta1): run the
// kubeconfig user's command, read an ExecCredential from its stdout, keep the credential for this
// process until its expirationTimestamp, and run the command again when the server refuses it.

import { spawn } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import type { ClusterInfo } from '../../kubeconfig/index.js';
import type { ExecConfig } from '../../kubeconfig/types.js';
import { TransportError } from './errors.js';

export const execApiVersions = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];

/** What a plugin answered: a bearer token, a client certificate and key (PEM), or both. */
export interface ExecCredential {
  token?: string;
  cert?: string;
  key?: string;
}

export interface PluginHost {
  env: NodeJS.ProcessEnv;
  stdinIsTerminal: boolean;
  now(): number;
}

const defaultHost = (): PluginHost => ({ env: process.env, stdinIsTerminal: !!process.stdin.isTTY, now: Date.now });

const installHelp = `

It looks like you are trying to use a client-go credential plugin that is not installed.

To learn more about this feature, consult the documentation available at:
      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins`;

/** One plugin for the life of the process; concurrent requests share one run of the command. */
export class ExecCredentialPlugin {
  private current?: Promise<ExecCredential>;
  private expiresAt = Infinity;

  constructor(
    private readonly exec: ExecConfig,
    private readonly cluster: ClusterInfo,
    private readonly host: PluginHost = defaultHost(),
  ) {
    if (!execApiVersions.includes(exec.apiVersion ?? '')) {
      throw new TransportError(`error: exec plugin: invalid apiVersion "${exec.apiVersion ?? ''}"`);
    }
  }

  /** The cached credential, or a fresh one when there is none or it has expired. */
  credential(): Promise<ExecCredential> {
    if (!this.current || this.host.now() > this.expiresAt) this.current = this.run();
    return this.current;
  }

  /** After a 401 with `used`: run the plugin again, unless another request already did. */
  async refresh(used: ExecCredential): Promise<ExecCredential> {
    if (this.current && (await this.current) === used) this.current = this.run();
    return this.credential();
  }

  private async run(): Promise<ExecCredential> {
    const run = this.runOnce();
    // A failure is not kept: the next request asks the plugin again, as client-go does.
    run.catch(() => {
      if (this.current === run) this.current = undefined;
    });
    return run;
  }

  private async runOnce(): Promise<ExecCredential> {
    const fail = (detail: string): TransportError =>
      new TransportError(`Unable to connect to the server: getting credentials: ${detail}`);
    const interactive = this.interactive(fail);
    const input = {
      kind: 'ExecCredential',
      apiVersion: this.exec.apiVersion,
      spec: { ...(this.exec.provideClusterInfo ? { cluster: clusterInfo(this.cluster) } : {}), interactive },
    };
    const env: NodeJS.ProcessEnv = { ...this.host.env };
    for (const { name, value } of this.exec.env ?? []) env[name] = value;
    // Encoded as client-go encodes it, newline included.
    env.KUBERNETES_EXEC_INFO = JSON.stringify(input) + '\n';
    const { stdout, exitCode, spawnError } = await runCommand(this.exec.command, this.exec.args ?? [], env, interactive);
    if (spawnError) {
      const hint = this.exec.installHint ? `\n\n${this.exec.installHint}` : '';
      throw fail(`exec: executable ${this.exec.command} not found${installHelp}${hint}`);
    }
    if (exitCode !== 0) throw fail(`exec: executable ${this.exec.command} failed with exit code ${exitCode}`);
    const { credential, expiresAt } = decodeCredential(stdout, this.exec.apiVersion!, fail);
    this.expiresAt = expiresAt;
    return credential;
  }

  private interactive(fail: (detail: string) => TransportError): boolean {
    const mode = this.exec.interactiveMode || 'IfAvailable';
    if (mode === 'Never') return false;
    if (mode === 'Always' && !this.host.stdinIsTerminal) {
      throw fail('exec plugin cannot support interactive mode: standard input is not a terminal');
    }
    return this.host.stdinIsTerminal;
  }
}

/** spec.cluster of the plugin's input, with the CA as PEM data whether the kubeconfig inlines it or not. */
function clusterInfo(cluster: ClusterInfo): Record<string, unknown> {
  const info: Record<string, unknown> = { server: cluster.server };
  if (cluster['tls-server-name']) info['tls-server-name'] = cluster['tls-server-name'];
  if (cluster['insecure-skip-tls-verify']) info['insecure-skip-tls-verify'] = true;
  if (cluster['certificate-authority-data']) info['certificate-authority-data'] = cluster['certificate-authority-data'];
  if (cluster['proxy-url']) info['proxy-url'] = cluster['proxy-url'];
  if (cluster['disable-compression']) info['disable-compression'] = true;
  // Per-cluster plugin settings travel in this extension.
  info.config = cluster.extensions?.find((e) => e.name === 'client.authentication.k8s.io/exec')?.extension ?? null;
  return info;
}

interface CommandResult {
  stdout: string;
  exitCode: number;
  spawnError?: NodeJS.ErrnoException;
}

// The plugin's stderr is the user's (prompts, warnings); stdin only when it may talk to them.
function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv, interactive: boolean): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: [interactive ? 'inherit' : 'ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (err) => resolve({ stdout: '', exitCode: -1, spawnError: err }));
    child.on('close', (code, signal) =>
      resolve({ stdout: Buffer.concat(chunks).toString('utf8'), exitCode: code ?? (signal ? -1 : 0) }),
    );
  });
}

const goVersionKind =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

function decodeCredential(
  stdout: string,
  apiVersion: string,
  fail: (detail: string) => TransportError,
): { credential: ExecCredential; expiresAt: number } {
  let doc: unknown;
  try {
    // Go decodes an empty or null document into an empty object.
    doc = parseYaml(stdout) ?? {};
  } catch (err) {
    throw fail(`decoding stdout: ${(err as Error).message.split('\n')[0]}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw fail(`decoding stdout: couldn't get version/kind; json parse error: json: cannot unmarshal ${goType(doc)} into Go value of type ${goVersionKind}`);
  }
  const obj = doc as { apiVersion?: unknown; kind?: unknown; status?: Record<string, unknown> | null };
  if (obj.apiVersion !== apiVersion && execApiVersions.includes(String(obj.apiVersion))) {
    throw fail(`exec plugin is configured to use API version ${apiVersion}, plugin returned version ${String(obj.apiVersion)}`);
  }
  if (!obj.kind) throw fail(`decoding stdout: Object 'Kind' is missing in '${stdout.trim()}'`);
  if (obj.kind !== 'ExecCredential' || obj.apiVersion !== apiVersion) {
    throw fail(`decoding stdout: no kind "${String(obj.kind)}" is registered for version "${String(obj.apiVersion ?? '')}" in scheme "pkg/client/auth/exec/exec.go:62"`);
  }
  const status = obj.status;
  if (!status) throw fail("exec plugin didn't return a status field");
  const text = (key: string): string => (typeof status[key] === 'string' ? (status[key] as string) : '');
  const token = text('token');
  const cert = text('clientCertificateData');
  const key = text('clientKeyData');
  if (!token && !cert && !key) throw fail("exec plugin didn't return a token or cert/key pair");
  if (!cert !== !key) throw fail('exec plugin returned only certificate or key, not both');
  if (cert) checkKeyPair(cert, key, fail);
  return { credential: { ...(token ? { token } : {}), ...(cert ? { cert, key } : {}) }, expiresAt: expiry(status.expirationTimestamp, fail) };
}

function expiry(value: unknown, fail: (detail: string) => TransportError): number {
  if (value === undefined || value === null || value === '') return Infinity;
  const text = String(value);
  const time = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(time)) {
    throw fail(`decoding stdout: parsing time "${text}" as "2006-01-02T15:04:05Z07:00": cannot parse "${text}" as "2006"`);
  }
  return time;
}

function checkKeyPair(cert: string, key: string, fail: (detail: string) => TransportError): void {
  const problem = (input: string): TransportError =>
    fail(`failed parsing client key/certificate: tls: failed to find any PEM data in ${input} input`);
  try {
    new X509Certificate(cert);
  } catch {
    throw problem('certificate');
  }
  try {
    createPrivateKey(key);
  } catch {
    throw problem('key');
  }
}

function goType(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return 'array';
}
