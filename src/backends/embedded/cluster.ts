// Embedded clusters on disk: $TKCTL_HOME/clusters/NAME/ holds the store (state.db), the serving
// certificates and the credential (all 0600), and cluster.json.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from '../../lazy-crypto.js';
import { Store } from './store/store.js';
import { ApiServer } from './apiserver/server.js';
import { bootstrap } from './apiserver/bootstrap.js';
import { findResource } from './apiserver/resources.js';
import { nodeNames, type ClusterConfig } from './kind-config.js';
import { nodeObject } from './nodes.js';

export interface ClusterRecord {
  name: string;
  /** Where `tkctl cluster serve` listens (127.0.0.1). */
  port: number;
  token: string;
  config: ClusterConfig;
}

export interface OpenCluster {
  record: ClusterRecord;
  /** The cluster CA's PEM (published in every namespace as kube-root-ca.crt). */
  caCert: string;
  store: Store;
  server: ApiServer;
  close(): void;
}

export class ClusterError extends Error {}

export function tkctlHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.TKCTL_HOME || join(env.HOME || homedir(), '.tkctl');
}

export function clusterDir(home: string, name: string): string {
  return join(home, 'clusters', name);
}

export function clusterFiles(dir: string) {
  return {
    record: join(dir, 'cluster.json'),
    db: join(dir, 'state.db'),
    caCert: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
  };
}

export function listClusters(home: string): string[] {
  const root = join(home, 'clusters');
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((n) => existsSync(clusterFiles(join(root, n)).record)).sort();
}

export function readCluster(home: string, name: string): ClusterRecord | undefined {
  const file = clusterFiles(clusterDir(home, name)).record;
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterRecord;
}

function writePrivate(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Create the cluster's files, store and nodes. Fails if it exists. */
export async function createCluster(home: string, name: string, config: ClusterConfig, now: Date): Promise<ClusterRecord & { caCert: string }> {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    throw new ClusterError(`invalid cluster name "${name}": must be a lowercase RFC 1123 label`);
  }
  const dir = clusterDir(home, name);
  const files = clusterFiles(dir);
  if (existsSync(files.record)) throw new ClusterError(`node(s) already exist for a cluster with the name "${name}"`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Loaded here: opening a cluster needs neither certificate code nor node:crypto.
  const { generateClusterCerts } = await import('./certs.js');
  const certs = await generateClusterCerts(['127.0.0.1', 'localhost']);
  writePrivate(files.caCert, certs.caCert);
  writePrivate(files.serverCert, certs.serverCert);
  writePrivate(files.serverKey, certs.serverKey);
  const record: ClusterRecord = { name, port: await freePort(), token: randomBytes(32).toString('hex'), config };
  const store = new Store(files.db);
  try {
    const server = new ApiServer(store, () => now);
    bootstrap(server);
    const names = nodeNames(name, config);
    const hasWorkers = config.nodes.some((n) => n.role === 'worker');
    const nodes = findResource('', 'v1', 'nodes')!;
    config.nodes.forEach((n, i) => {
      server.registry.create(nodes, undefined, nodeObject(names[i], n, i, hasWorkers, now), { dryRun: false, fieldValidation: 'Ignore', warnings: [] });
    });
  } finally {
    store.close();
  }
  chmodSync(files.db, 0o600);
  // The record is written last: a cluster without it does not exist.
  writePrivate(files.record, JSON.stringify(record, null, 2) + '\n');
  return { ...record, caCert: certs.caCert };
}

export function deleteCluster(home: string, name: string): void {
  const dir = clusterDir(home, name);
  if (!existsSync(clusterFiles(dir).record)) throw new ClusterError(`cluster "${name}" not found`);
  rmSync(dir, { recursive: true, force: true });
}

export function openCluster(home: string, name: string, clock: () => Date = () => new Date()): OpenCluster {
  const record = readCluster(home, name);
  if (!record) throw new ClusterError(`cluster "${name}" not found; create it with: tkctl cluster create ${name}`);
  const files = clusterFiles(clusterDir(home, name));
  const store = new Store(files.db);
  const server = new ApiServer(store, clock, `127.0.0.1:${record.port}`);
  return { record, caCert: readFileSync(files.caCert, 'utf8'), store, server, close: () => store.close() };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
