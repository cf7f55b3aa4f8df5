// The remote backend's bench (issue 3): `tkctl get pods` through the remote backend (a kubeconfig
// without the embedded marker, as for any real cluster) against `tkctl cluster serve` holding 1,000
// pods, and real `kubectl get pods` on the same server and kubeconfig. Medians over paired runs,
// printed as a ratio (target <= 1.0). Also checks that undici loads only for remote requests.
// Run with `npm run bench:remote` (BENCH_RUNS sets the number of pairs).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/tkctl.cjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const PODS = 1000;

if (spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status !== 0) {
  console.log('kubectl is not on the PATH: nothing to compare with');
  process.exit(0);
}
delete process.env.NODE_EXTRA_CA_CERTS;
console.log(`node ${process.version}, ${RUNS} paired runs, ${PODS} pods\n`);

const dir = mkdtempSync(join(tmpdir(), 'tkctl-bench-remote-'));
const embeddedEnv = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: join(dir, 'kubeconfig'), TKCTL_HOME: join(dir, 'tkctl') };
const remoteEnv = { ...embeddedEnv, KUBECONFIG: join(dir, 'remote.kubeconfig') };

function runOnce(cmd, args, env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return { ms, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const withoutAges = (s) => s.replace(/\b\d+(s|m|h|d)\b/g, 'AGE').replace(/ +/g, ' ');

let serve;
try {
  spawnSync(process.execPath, [BIN, 'cluster', 'create', 'bench'], { env: embeddedEnv, stdio: 'ignore' });
  const pods = Array.from({ length: PODS }, (_, i) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${String(i).padStart(4, '0')}`, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
  }));
  const created = spawnSync(process.execPath, [BIN, 'create', '-f', '-'], { env: embeddedEnv, input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods }), maxBuffer: 64 << 20 });
  if (created.status !== 0) throw new Error(`could not create the pods: ${created.stderr}`);

  serve = spawn(process.execPath, [BIN, 'cluster', 'serve', 'bench'], { env: embeddedEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise((res, rej) => {
    let err = '';
    serve.stderr.on('data', (d) => { err += d; if (err.includes('Serving cluster')) res(); });
    serve.on('exit', () => rej(new Error(`serve exited: ${err}`)));
  });
  const kc = parse(readFileSync(embeddedEnv.KUBECONFIG, 'utf8'));
  for (const c of kc.clusters) delete c.cluster.extensions;
  writeFileSync(remoteEnv.KUBECONFIG, stringify(kc), { mode: 0o600 });

  const tk = () => runOnce(process.execPath, [BIN, 'get', 'pods'], remoteEnv);
  const kube = () => runOnce('kubectl', ['get', 'pods'], remoteEnv);
  // Warm-up: discovery caches on disk for both; tkctl's code cache for `get` as a remote user's
  // first get leaves it (the launcher writes one per command, from the first run that finds none).
  // And the same table from both.
  rmSync(join(ROOT, 'dist/cli.cjs.get.v8cache'), { force: true });
  const [first, anchor] = [tk(), kube()];
  // undici is for remote clusters only: loaded by a remote request, never by the embedded backend.
  // It is bundled, so its mark is the builtin only it loads (node:http2, for its HTTP/2 client).
  const hook = join(dir, 'report-undici.cjs');
  writeFileSync(hook, `process.on('exit', () => process.stderr.write('undici loaded: ' + process.moduleLoadList.includes('NativeModule http2') + '\\n'));\n`);
  const undiciLoaded = (env) => /undici loaded: (\w+)/.exec(runOnce(process.execPath, ['--require', hook, BIN, 'get', 'pods', '-o', 'name'], env).stderr)[1];
  console.log(`undici loaded by get pods: embedded backend ${undiciLoaded(embeddedEnv)}, remote backend ${undiciLoaded(remoteEnv)}`);

  if (withoutAges(first.stdout) !== withoutAges(anchor.stdout)) throw new Error('tkctl and kubectl print different tables');
  if (first.stdout.trimEnd().split('\n').length !== PODS + 1) throw new Error('not every pod was listed');
  const ours = [];
  const theirs = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(tk().ms);
    theirs.push(kube().ms);
  }
  const ratio = median(ours.map((x, i) => x / theirs[i]));
  console.log(`get pods (${PODS} pods, remote backend vs kubectl, one server)  tkctl ${median(ours).toFixed(1)} ms   kubectl ${median(theirs).toFixed(1)} ms   ratio ${ratio.toFixed(2)} (target <= 1.0) ${ratio <= 1 ? 'ok' : 'MISSED'}`);
} finally {
  serve?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
