// The cluster and user subcommands of `kubectl config`: set-cluster, set-credentials,
// delete-cluster, delete-user, get-clusters, get-users.

import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../client/errors.js';
import type { Cluster, User } from '../kubeconfig/index.js';
import { compareGoStrings } from '../printers/go-format.js';
import { defaultFile, editable, save, type ConfigOutput, type ConfigSession } from './session.js';

export interface SetClusterOptions {
  args: string[];
  server?: string;
  tlsServerName?: string;
  insecureSkipTlsVerify?: boolean;
  certificateAuthority?: string;
  embedCerts?: boolean;
}

export function setCluster(session: ConfigSession, o: SetClusterOptions): ConfigOutput {
  if (o.args.length !== 1) throw new CliError(`error: Unexpected args: [${o.args.join(' ')}]`);
  const name = o.args[0]!;
  if (!name) throw new CliError('error: you must specify a non-empty cluster name');
  if (o.insecureSkipTlsVerify && o.certificateAuthority) {
    throw new CliError('error: you cannot specify a certificate authority and insecure mode at the same time');
  }
  if (o.embedCerts) {
    if (!o.certificateAuthority) throw new CliError('error: you must specify a --certificate-authority to embed');
    requireFile('certificate-authority', o.certificateAuthority);
  }
  const next = editable(session);
  const existing = next.clusters.find((c) => c.name === name);
  const cluster: Cluster = existing?.cluster ?? { server: '' };
  if (o.server !== undefined) {
    cluster.server = o.server;
    // A new server makes the old TLS server name meaningless.
    delete cluster['tls-server-name'];
  }
  if (o.tlsServerName !== undefined) cluster['tls-server-name'] = o.tlsServerName;
  if (o.insecureSkipTlsVerify !== undefined) {
    cluster['insecure-skip-tls-verify'] = o.insecureSkipTlsVerify;
    if (o.insecureSkipTlsVerify) {
      delete cluster['certificate-authority'];
      delete cluster['certificate-authority-data'];
    }
  }
  if (o.certificateAuthority !== undefined) {
    if (o.embedCerts) {
      cluster['certificate-authority-data'] = readBase64(o.certificateAuthority);
      cluster['insecure-skip-tls-verify'] = false;
      delete cluster['certificate-authority'];
    } else {
      // filepath.Abs("") is the working directory, so even an empty value clears the inline data.
      cluster['certificate-authority'] = resolve(o.certificateAuthority);
      cluster['insecure-skip-tls-verify'] = false;
      delete cluster['certificate-authority-data'];
    }
  }
  if (!existing) next.clusters.push({ name, cluster });
  save(session, next, { relativizePaths: true });
  return { stdout: `Cluster "${name}" set.\n` };
}

export interface SetCredentialsOptions {
  args: string[];
  clientCertificate?: string;
  clientKey?: string;
  token?: string;
  username?: string;
  password?: string;
  embedCerts?: boolean;
}

export function setCredentials(session: ConfigSession, o: SetCredentialsOptions): ConfigOutput {
  if (o.args.length !== 1) throw new CliError(`error: unexpected args: [${o.args.join(' ')}]`);
  const name = o.args[0]!;
  if (!name) throw new CliError('error: you must specify a non-empty user name');
  const methods = [];
  if (o.token) methods.push('--token');
  if (o.username || o.password) methods.push('--username/--password');
  if (methods.length > 1) {
    throw new CliError(`error: you cannot specify more than one authentication method at the same time: ${methods.join(', ')}`);
  }
  if (o.embedCerts) {
    if (!o.clientCertificate && !o.clientKey) {
      throw new CliError('error: you must specify a --client-certificate or --client-key to embed');
    }
    if (o.clientCertificate) requireFile('client-certificate', o.clientCertificate);
    if (o.clientKey) requireFile('client-key', o.clientKey);
  }
  const next = editable(session);
  const existing = next.users.find((u) => u.name === name);
  const user: User = existing?.user ?? {};
  for (const [path, file, data] of [
    [o.clientCertificate, 'client-certificate', 'client-certificate-data'],
    [o.clientKey, 'client-key', 'client-key-data'],
  ] as const) {
    if (path === undefined) continue;
    if (o.embedCerts) {
      user[data] = readBase64(path);
      delete user[file];
    } else {
      user[file] = resolve(path);
      delete user[data];
    }
  }
  let setToken = false;
  let setBasic = false;
  if (o.token !== undefined) {
    user.token = o.token;
    setToken = o.token !== '';
  }
  if (o.username !== undefined) {
    user.username = o.username;
    setBasic ||= o.username !== '';
  }
  if (o.password !== undefined) {
    user.password = o.password;
    setBasic ||= o.password !== '';
  }
  // Setting one authentication method clears the other.
  if (setToken && !setBasic) {
    delete user.username;
    delete user.password;
  }
  if (setBasic && !setToken) delete user.token;
  if (!existing) next.users.push({ name, user });
  save(session, next, { relativizePaths: true });
  return { stdout: `User "${name}" set.\n` };
}

export function deleteCluster(session: ConfigSession, args: string[]): ConfigOutput {
  if (args.length !== 1) throw new CliError(`error: Unexpected args: [${args.join(' ')}]`);
  const name = args[0]!;
  const file = defaultFile(session);
  const next = editable(session);
  if (!next.clusters.some((c) => c.name === name)) throw new CliError(`error: cannot delete cluster ${name}, not in ${file}`);
  next.clusters = next.clusters.filter((c) => c.name !== name);
  save(session, next, { relativizePaths: true });
  return { stdout: `deleted cluster ${name} from ${file}\n` };
}

export function deleteUser(session: ConfigSession, args: string[]): ConfigOutput {
  if (args.length !== 1) throw new CliError(`error: Unexpected args: [${args.join(' ')}]`);
  const name = args[0]!;
  const file = defaultFile(session);
  const next = editable(session);
  if (!next.users.some((u) => u.name === name)) throw new CliError(`error: cannot delete user ${name}, not in ${file}`);
  next.users = next.users.filter((u) => u.name !== name);
  save(session, next, { relativizePaths: true });
  return { stdout: `deleted user ${name} from ${file}\n` };
}

/** kubectl walks a Go map here, so its order varies from run to run; tkctl sorts. */
export function getClusters(session: ConfigSession): ConfigOutput {
  return { stdout: nameList(session.starting.config.clusters.map((c) => c.name)) };
}

export function getUsers(session: ConfigSession): ConfigOutput {
  return { stdout: nameList(session.starting.config.users.map((u) => u.name)) };
}

function nameList(names: string[]): string {
  return ['NAME', ...[...names].sort(compareGoStrings)].map((n) => `${n}\n`).join('');
}

function requireFile(flag: string, path: string): void {
  try {
    statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : 'permission denied';
    throw new CliError(`error: could not stat ${flag} file ${path}: stat ${path}: ${reason}`);
  }
}

function readBase64(path: string): string {
  try {
    return readFileSync(path).toString('base64');
  } catch {
    // kubectl ignores the read error and stores no data.
    return '';
  }
}
