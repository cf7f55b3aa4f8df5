// Issue 4's scale benchmark: the seeds' deployment (fixtures/nginx-deployment.yaml) scaled to N
// replicas on a fresh embedded cluster, timed as a user sees it: `tkctl apply -f` (which settles
// the control plane before it exits) and then `tkctl rollout status`, each its own process, until
// `tkctl get deploy` shows N/N. Medians over a few runs; peak memory is the largest RSS of those
// processes (/usr/bin/time -f %M). Not a test: run with `npm run bench:scale` after a build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/tkctl.cjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SCALES = (process.env.BENCH_SCALES ?? '1000,10000').split(',').map(Number);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 300);
/** kind's kubelet default (maxPods); a node's /24 pod CIDR would cap it at 253 pods anyway. */
const PODS_PER_NODE = 110;
const TARGETS = { 1000: { seconds: 2 }, 10000: { seconds: 20, mb: 500 } };
const HAS_TIME = existsSync('/usr/bin/time');

delete process.env.NODE_EXTRA_CA_CERTS;
const dir = mkdtempSync(join(tmpdir(), 'tkctl-scale-'));
const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: join(dir, 'kubeconfig'), TKCTL_HOME: join(dir, 'tkctl') };

/**
 * What a kind user does to fit N pods: fixtures/clusters/kind.yaml (a control plane and workers)
 * with as many workers as kind's 110 pods per node need, plus one to spare.
 */
function kindConfig(replicas) {
  const base = parse(readFileSync(join(ROOT, 'fixtures/clusters/kind.yaml'), 'utf8'));
  const workers = Math.max(2, Math.ceil(replicas / PODS_PER_NODE) + 1);
  const controlPlanes = base.nodes.filter((n) => n.role === 'control-plane');
  return { workers, text: stringify({ ...base, nodes: [...controlPlanes, ...Array.from({ length: workers }, () => ({ role: 'worker' }))] }) };
}

function deployment(replicas) {
  const doc = parse(readFileSync(join(ROOT, 'fixtures/nginx-deployment.yaml'), 'utf8'));
  doc.spec.replicas = replicas;
  return stringify(doc);
}

/** Run one tkctl process; returns its wall time (ms), peak RSS (kB) and stdout. */
function tkctl(args) {
  const cmd = HAS_TIME ? '/usr/bin/time' : process.execPath;
  const argv = HAS_TIME ? ['-f', 'maxrss %M', process.execPath, BIN, ...args] : [BIN, ...args];
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { env, encoding: 'utf8', timeout: TIMEOUT_S * 1000, maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error || r.status !== 0) throw new Error(`tkctl ${args.join(' ')} failed after ${(ms / 1000).toFixed(1)} s: ${r.error?.message ?? r.stderr.slice(-2000)}`);
  const rss = Number(/maxrss (\d+)/.exec(r.stderr)?.[1] ?? 0);
  return { ms, rss, stdout: r.stdout };
}

function runOnce(replicas, run) {
  const name = `scale-${replicas}-${run}`;
  const cfg = kindConfig(replicas);
  const cfgFile = join(dir, `${name}-kind.yaml`);
  const manifest = join(dir, `${name}-deployment.yaml`);
  writeFileSync(cfgFile, cfg.text);
  writeFileSync(manifest, deployment(replicas));
  tkctl(['cluster', 'create', name, '--config', cfgFile]);
  try {
    const ctx = ['--context', `tkctl-${name}`];
    const applied = tkctl([...ctx, 'apply', '-f', manifest]);
    const rollout = tkctl([...ctx, 'rollout', 'status', 'deployment/nginx-deployment', '--timeout', `${TIMEOUT_S}s`]);
    const got = tkctl([...ctx, 'get', 'deploy', 'nginx-deployment', '--no-headers']);
    const ready = got.stdout.trim().split(/\s+/)[1];
    if (ready !== `${replicas}/${replicas}`) throw new Error(`get deploy shows ${ready}, not ${replicas}/${replicas}`);
    return {
      seconds: (applied.ms + rollout.ms + got.ms) / 1000,
      applySeconds: applied.ms / 1000,
      mb: Math.max(applied.rss, rollout.rss, got.rss) / 1024,
      workers: cfg.workers,
    };
  } finally {
    spawnSync(process.execPath, [BIN, 'cluster', 'delete', name], { env, stdio: 'ignore' });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const verdict = (ok) => (ok ? 'ok' : 'MISSED');

console.log(`node ${process.version}, ${RUNS} runs per scale; peak memory ${HAS_TIME ? 'from /usr/bin/time -f %M (max RSS of apply, rollout status, get)' : 'not measured (no /usr/bin/time)'}`);
console.log(`cluster: fixtures/clusters/kind.yaml's control plane with ceil(N/${PODS_PER_NODE})+1 workers (kind's kubelet default maxPods is ${PODS_PER_NODE}, so more workers is how a kind user fits N pods)\n`);
try {
  for (const replicas of SCALES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      try {
        runs.push(runOnce(replicas, i));
      } catch (e) {
        console.log(`${replicas} replicas: run ${i + 1} failed: ${e.message}`);
        break;
      }
    }
    if (!runs.length) continue;
    const target = TARGETS[replicas] ?? {};
    const seconds = median(runs.map((r) => r.seconds));
    const mb = median(runs.map((r) => r.mb));
    const label = `${replicas} replicas (${runs[0].workers} workers), apply -> ${replicas}/${replicas} Ready`.padEnd(58);
    const time = `${seconds.toFixed(2).padStart(7)} s (apply ${median(runs.map((r) => r.applySeconds)).toFixed(2)} s)`;
    const timeTarget = target.seconds ? ` target <= ${target.seconds} s ${verdict(seconds <= target.seconds)}` : '';
    const memTarget = target.mb ? ` target < ${target.mb} MB ${verdict(mb < target.mb)}` : '';
    console.log(`${label} ${time}${timeTarget}   peak ${mb.toFixed(0).padStart(4)} MB${memTarget}   (${runs.length} runs)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
