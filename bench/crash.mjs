// Crash safety: `tkctl cluster serve` and tkctl CLI processes are killed with SIGKILL at random
// moments while they write. Afterwards every acknowledged write must be there and whole, SQLite's
// integrity check must pass, and the controllers must converge (the Deployment's last
// acknowledged replica count exactly, no orphaned or duplicate pods). Bounded by CRASH_KILLS
// rounds; prints a table and, last, one JSON line (the test reads it). `npm run bench:crash`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'undici';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/tkctl.cjs');
const KILLS = Number(process.env.CRASH_KILLS ?? 20);
const MIN_WRITES = Number(process.env.CRASH_MIN_WRITES ?? 1000);
const SEED = Number(process.env.CRASH_SEED ?? 1);
const Database = createRequire(import.meta.url)('better-sqlite3');

let seed = SEED;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

const dir = mkdtempSync(join(tmpdir(), 'tkctl-crash-'));
const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: join(dir, 'kubeconfig'), TKCTL_HOME: join(dir, 'tkctl'), NO_COLOR: '1' };
const tk = (args, input) => spawnSync(process.execPath, [BIN, ...args], { env, input, encoding: 'utf8', maxBuffer: 1 << 28 });

// Never leave a server behind, whatever ends this script.
const children = new Set();
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

function startServe() {
  const child = spawn(process.execPath, [BIN, 'cluster', 'serve', 'crash'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return new Promise((res, rej) => {
    let err = '';
    child.stderr.on('data', (d) => { err += d; if (err.includes('Serving cluster')) res(child); });
    child.on('exit', (code) => rej(new Error(`serve exited with ${code}: ${err}`)));
  });
}

const killed = (child) => new Promise((res) => {
  if (child.exitCode !== null || child.signalCode !== null) return res();
  child.once('exit', res);
  child.kill('SIGKILL');
});

const acknowledged = new Map(); // configmap name -> its seq
let lastReplicas;
let attempted = 0;
const summary = {};
try {
  if (tk(['cluster', 'create', 'crash']).status !== 0) throw new Error('cluster create failed');
  const deploy = tk(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2']);
  if (deploy.status !== 0) throw new Error(`create deployment failed: ${deploy.stderr}`);
  lastReplicas = 2;
  const kc = parse(readFileSync(env.KUBECONFIG, 'utf8'));
  const token = kc.users[0].user.token;
  const connect = { ca: Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString() };

  for (let round = 0; round < KILLS || acknowledged.size < MIN_WRITES; round++) {
    if (round >= KILLS * 5) break;
    const serve = await startServe();
    const pool = new Pool(kc.clusters[0].cluster.server, { connections: 8, connect });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'user-agent': 'crash-writer' };
    let stop = false;
    const writer = async (w) => {
      for (let i = 0; !stop; i++) {
        const name = `cm-${round}-${w}-${i}`;
        attempted++;
        try {
          const res = await pool.request({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', headers, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { seq: name, pad: 'x'.repeat(512) } }) });
          await res.body.text();
          if (res.statusCode === 201) acknowledged.set(name, name);
        } catch {
          return; // the server died under this request: not acknowledged
        }
      }
    };
    const scaler = async () => {
      for (let i = 0; !stop; i++) {
        const replicas = 1 + Math.floor(random() * 5);
        try {
          const res = await pool.request({ method: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/web/scale', headers: { ...headers, 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ spec: { replicas } }) });
          await res.body.text();
          if (res.statusCode === 200) lastReplicas = replicas;
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 30));
      }
    };
    // A CLI process writing through its own (in-process) API server at the same time.
    const cliName = `cli-${round}`;
    attempted++;
    const cli = spawn(process.execPath, [BIN, 'create', 'configmap', cliName, `--from-literal=seq=${cliName}`], { env, stdio: 'ignore' });
    const cliDone = new Promise((res) => cli.once('exit', (code) => { if (code === 0) acknowledged.set(cliName, cliName); res(); }));
    const work = Promise.all([...Array.from({ length: 8 }, (_, w) => writer(w)), scaler()]);
    await new Promise((r) => setTimeout(r, 150 + random() * 600));
    await Promise.all([killed(serve), killed(cli)]);
    stop = true;
    await Promise.all([work, cliDone]);
    await pool.destroy().catch(() => {});
  }

  // After the last kill: the CLI opens the state as any next command would.
  const got = tk(['get', 'configmaps', '-o', 'json']);
  if (got.status !== 0) throw new Error(`get configmaps failed: ${got.stderr}`);
  const present = new Map(JSON.parse(got.stdout).items.map((cm) => [cm.metadata.name, cm]));
  const lost = [...acknowledged.keys()].filter((n) => !present.has(n));
  const halfWritten = [...present.values()].filter((cm) => cm.metadata.name !== 'kube-root-ca.crt' && cm.data?.seq !== cm.metadata.name);

  const db = new Database(join(env.TKCTL_HOME, 'clusters', 'crash', 'state.db'), { readonly: true });
  const integrity = db.pragma('integrity_check', { simple: true });
  db.close();

  // Controllers converge: the served control plane runs until the pods match the last scale.
  const serve = await startServe();
  let pods = [];
  let rs = [];
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    pods = JSON.parse(tk(['get', 'pods', '-l', 'app=web', '-o', 'json']).stdout).items.filter((p) => !p.metadata.deletionTimestamp);
    rs = JSON.parse(tk(['get', 'replicasets', '-o', 'json']).stdout).items;
    if (pods.length === lastReplicas) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => { serve.once('exit', r); serve.kill('SIGTERM'); });
  const rsUids = new Set(rs.map((r) => r.metadata.uid));
  const orphans = pods.filter((p) => !p.metadata.ownerReferences?.some((o) => rsUids.has(o.uid)));
  const duplicates = pods.length - new Set(pods.map((p) => p.metadata.name)).size;

  Object.assign(summary, {
    kills: KILLS, attempted, acknowledged: acknowledged.size, found: acknowledged.size - lost.length, lost: lost.length,
    halfWritten: halfWritten.length, integrity, replicasWanted: lastReplicas, podsFound: pods.length, orphans: orphans.length, duplicates,
  });
  const row = (name, value, ok) => console.log(`${name.padEnd(40)} ${String(value).padStart(10)} ${ok ? 'ok' : 'MISSED'}`);
  row('kills (serve and a CLI process each)', summary.kills, true);
  row('writes acknowledged', summary.acknowledged, summary.acknowledged >= MIN_WRITES);
  row('acknowledged writes found after restart', summary.found, summary.lost === 0);
  row('half-written objects', summary.halfWritten, summary.halfWritten === 0);
  row('PRAGMA integrity_check', integrity, integrity === 'ok');
  row(`pods of deployment web (want ${lastReplicas})`, pods.length, pods.length === lastReplicas);
  row('orphaned pods', summary.orphans, summary.orphans === 0);
  row('duplicate pods', duplicates, duplicates === 0);
  if (lost.length) console.log(`lost: ${lost.slice(0, 10).join(', ')}`);
} finally {
  console.log(JSON.stringify(summary));
  rmSync(dir, { recursive: true, force: true });
}
