// Validation benchmarks: documents per second validating a 1,000-document file in one process,
// and the start-up time validation adds to `tkctl apply` (strict against --validate=false, paired
// runs, medians). Printed as bench/run.mjs prints its rates. Run with `node bench/validate.mjs`
// after `node scripts/build.mjs`.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/tkctl.cjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function rate(name, perSecond, target) {
  console.log(`${name.padEnd(44)} ${perSecond.toFixed(0).padStart(6)}/s (target >= ${target}) ${perSecond >= target ? 'ok' : 'MISSED'}`);
}

function cost(name, ms, target) {
  console.log(`${name.padEnd(44)} ${ms.toFixed(1).padStart(6)} ms (target < ${target}) ${ms < target ? 'ok' : 'MISSED'}`);
}

const dir = mkdtempSync(join(tmpdir(), 'tkctl-bench-validate-'));
try {
  // Pods, Deployments and Services in turn, as a real 1,000-document file mixes kinds.
  const fixtures = ['nginx-pod.yaml', 'nginx-deployment.yaml', 'nginx-service.yaml'].map((f) => readFileSync(join(ROOT, 'fixtures', f), 'utf8'));
  const big = join(dir, 'thousand.yaml');
  writeFileSync(big, Array.from({ length: 1000 }, (_, i) => fixtures[i % 3].replace(/name: (\S+)\n/, `name: $1-${i}\n`)).join('---\n'));

  // Bundled beside the CLI so that it finds schemas/ as the CLI does.
  const bundle = join(ROOT, 'dist/bench-validate.cjs');
  await build({
    stdin: { contents: "export { readManifests } from './src/manifests.ts'; export { checkManifests } from './src/validation/manifests.ts';", resolveDir: ROOT, loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'error',
    define: { 'import.meta.url': '__bundle_url' }, banner: { js: 'const __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
  });
  const { readManifests, checkManifests } = createRequire(bundle)(bundle);
  const manifests = await readManifests([big]);
  if (manifests.length !== 1000) throw new Error(`expected 1000 documents, read ${manifests.length}`);
  const timed = (fn) => {
    const started = performance.now();
    fn();
    return performance.now() - started;
  };
  const firstMs = timed(() => checkManifests(manifests, 'Strict', 'creating'));
  const runs = Array.from({ length: 9 }, () => timed(() => {
    const { errors } = checkManifests(manifests, 'Strict', 'creating');
    if (errors.length) throw new Error(`the bench file is not valid: ${errors[0].message}`);
  }));
  rate('validation, 1,000-document file (warm)', 1000 / (median(runs) / 1000), 20000);
  rate('validation, 1,000-document file (first run)', 1000 / (firstMs / 1000), 20000);

  const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: join(dir, 'kubeconfig'), TKCTL_HOME: join(dir, 'tkctl') };
  spawnSync(process.execPath, [BIN, 'cluster', 'create', 'bench'], { env, stdio: 'ignore' });
  const once = (validate) => {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [BIN, 'apply', '--dry-run=client', `--validate=${validate}`, '-f', join(ROOT, 'fixtures/nginx-deployment.yaml')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0) throw new Error(`apply failed: ${r.stderr}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  once('strict');
  once('false');
  const added = [];
  for (let i = 0; i < RUNS; i++) added.push(once('strict') - once('false'));
  cost('start-up validation adds to apply (paired)', median(added), 30);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
