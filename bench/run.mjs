// tkctl's benchmarks: medians over paired runs on this machine, printed as ratios against the
// anchor (real kubectl) or as rates against their targets. Not a test: run with `npm run bench`.
import { build } from 'esbuild';
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { Pool } from 'undici';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/tkctl.cjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
// Another checkout (a parent commit's, say) whose in-process creates are timed in the same run, paired with ours.
const BASELINE = process.env.BENCH_BASELINE && resolve(process.env.BENCH_BASELINE);

const hadExtraCerts = 'NODE_EXTRA_CA_CERTS' in process.env;
delete process.env.NODE_EXTRA_CA_CERTS;
console.log(`NODE_EXTRA_CA_CERTS was ${hadExtraCerts ? 'set; it is unset for every timed run' : 'not set'}`);
console.log(`node ${process.version}, ${RUNS} paired runs per comparison\n`);

const dir = mkdtempSync(join(tmpdir(), 'tkctl-bench-'));
const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: join(dir, 'kubeconfig'), TKCTL_HOME: join(dir, 'tkctl') };

function timeOnce(cmd, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Alternate the two commands so both see the same machine noise; medians of each and of the ratios. */
function paired(name, ours, anchor, target) {
  timeOnce(...ours);
  timeOnce(...anchor);
  const a = [];
  const b = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(timeOnce(...ours));
    b.push(timeOnce(...anchor));
  }
  const ratio = median(a.map((x, i) => x / b[i]));
  console.log(`${name.padEnd(44)} tkctl ${median(a).toFixed(1).padStart(6)} ms   kubectl ${median(b).toFixed(1).padStart(6)} ms   ratio ${ratio.toFixed(2)} (target <= ${target}) ${ratio <= target ? 'ok' : 'MISSED'}`);
}

/** bench/api.ts of a checkout, bundled beside its CLI so that it finds node_modules and schemas/ as the CLI does. */
async function bundleApi(root) {
  const bundle = join(root, 'dist/bench-api.cjs');
  await build({
    entryPoints: [join(root, 'bench/api.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, external: ['better-sqlite3'], logLevel: 'error',
    define: { 'import.meta.url': '__bundle_url' }, banner: { js: 'const __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
  });
  return createRequire(bundle)(bundle);
}

/** Pod creates through a bundled bench/api.ts; one from before inProcessCreates() gives the wall-time rate only. */
async function creates(api, count, inFlight) {
  if (api.inProcessCreates) return api.inProcessCreates(count, inFlight);
  return { perSecond: await api.inProcessCreatesPerSecond(count) };
}

function rate(name, perSecond, target) {
  console.log(`${name.padEnd(44)} ${perSecond.toFixed(0).padStart(6)}/s (target >= ${target}) ${perSecond >= target ? 'ok' : 'MISSED'}`);
}

try {
  const tk = (...args) => [process.execPath, [BIN, ...args]];
  const kubectlAvailable = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
  if (!kubectlAvailable) console.log('kubectl is not on the PATH: the ratios against it are skipped');

  if (kubectlAvailable) paired('version --client', tk('version', '--client'), ['kubectl', ['version', '--client']], 0.8);

  spawnSync(process.execPath, [BIN, 'cluster', 'create', 'bench'], { env, stdio: 'ignore' });
  const pods = Array.from({ length: 100 }, (_, i) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
  }));
  const applied = spawnSync(process.execPath, [BIN, 'create', '-f', '-'], { env, input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods }) });
  if (applied.status !== 0) throw new Error(`could not create the pods: ${applied.stderr}`);

  const serve = spawn(process.execPath, [BIN, 'cluster', 'serve', 'bench'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise((res, rej) => {
    let err = '';
    serve.stderr.on('data', (d) => { err += d; if (err.includes('Serving cluster')) res(); });
    serve.on('exit', () => rej(new Error(`serve exited: ${err}`)));
  });
  try {
    if (kubectlAvailable) paired('get pods (100 pods; kubectl on the served API)', tk('get', 'pods'), ['kubectl', ['get', 'pods']], 1.0);

    const api = await bundleApi(ROOT);
    const baseline = BASELINE && await bundleApi(BASELINE);
    // Sixteen requests in flight, as over HTTPS below (the served API's set-up: their writes share
    // commits); then one at a time, as a CLI command sends them.
    for (const [inFlight, label, target] of [[16, 'pod creates, in-process (16 in flight)', 5000], [1, 'pod creates, in-process (one at a time)', undefined]]) {
      await creates(api, 500, inFlight);
      if (baseline) await creates(baseline, 500, inFlight);
      const ours = [];
      const theirs = [];
      for (let i = 0; i < 3; i++) {
        ours.push(await creates(api, 2000, inFlight));
        if (baseline) theirs.push(await creates(baseline, 2000, inFlight));
      }
      const perSecond = median(ours.map((r) => r.perSecond));
      if (target) rate(label, perSecond, target);
      else console.log(`${label.padEnd(44)} ${perSecond.toFixed(0).padStart(6)}/s`);
      console.log(`${'  per second of CPU time (load aside)'.padEnd(44)} ${median(ours.map((r) => r.perCpuSecond)).toFixed(0).padStart(6)}/s`);
      if (baseline) {
        const ratio = (key) => median(ours.map((r, i) => r[key] / theirs[i][key])).toFixed(2);
        const cpu = theirs.every((r) => r.perCpuSecond) ? `, CPU time ${ratio('perCpuSecond')}` : '';
        console.log(`${'  against BENCH_BASELINE, paired'.padEnd(44)} ${median(theirs.map((r) => r.perSecond)).toFixed(0).padStart(6)}/s there; ratio ${ratio('perSecond')}${cpu}`);
      }
    }

    const kc = parse(readFileSync(env.KUBECONFIG, 'utf8'));
    const server = kc.clusters[0].cluster.server;
    const pool = new Pool(server, { connections: 8, pipelining: 1, connect: { ca: Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString() } });
    const token = kc.users[0].user.token;
    const overHttps = async (count, offset) => {
      const started = performance.now();
      let next = 0;
      // Sixteen clients (the served API limits each client's rate, as API priority and fairness does).
      const worker = async (_, client) => {
        while (next < count) {
          const i = offset + next++;
          const res = await pool.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'user-agent': `bench-client-${client}` }, body: api.podBody(`https-${i}`) });
          await res.body.text();
          if (res.statusCode !== 201) throw new Error(`create over HTTPS failed: ${res.statusCode}`);
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      return count / ((performance.now() - started) / 1000);
    };
    await overHttps(300, 0);
    rate('pod creates, over HTTPS (16 in flight)', median([await overHttps(1500, 1000), await overHttps(1500, 3000), await overHttps(1500, 5000)]), 1000);
    await pool.close();
  } finally {
    serve.kill('SIGTERM');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
