// The reliability suite in one command (`npm run bench:reliability`): the crash bench, the load
// bench, the fuzz suites and the e2e tests for Ctrl-C, full disk, concurrency and the served API's
// defences, each bounded, then one table. The benches and tests run as they are (their own
// processes); this script only reads what they print. RELIABILITY_SCALE=full runs the benches at
// the sizes issue 7 names; the default is a smaller, quicker round.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const FULL = process.env.RELIABILITY_SCALE === 'full';
const FUZZ_CASES = FULL ? 2000 : 300;
const rows = [];
const row = (part, what, value, ok) => rows.push({ part, what, value: String(value), verdict: ok === undefined ? '' : ok ? 'ok' : 'FAILED' });

function run(label, cmd, args, env = {}) {
  process.stderr.write(`running ${label} ...\n`);
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** vitest's own counts for some test files, from its JSON report. */
function vitest(label, files, env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tkctl-reliability-'));
  try {
    const out = join(dir, 'report.json');
    run(label, process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...files, '--reporter=json', `--outputFile=${out}`], env);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
  } catch {
    return { passed: 0, failed: NaN, skipped: 0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Durability: SIGKILLs during a stream of writes.
const crash = run('the crash bench', process.execPath, ['bench/crash.mjs'], FULL ? {} : { CRASH_KILLS: '6', CRASH_MIN_WRITES: '300' });
let summary = {};
try {
  summary = JSON.parse(crash.stdout.trim().split('\n').at(-1));
} catch {
  // reported below as missing
}
row('crash', 'kills', summary.kills ?? '?');
row('crash', 'writes acknowledged / found after restart', `${summary.acknowledged ?? '?'} / ${summary.found ?? '?'}`, summary.lost === 0);
row('crash', 'half-written objects', summary.halfWritten ?? '?', summary.halfWritten === 0);
row('crash', 'SQLite integrity_check', summary.integrity ?? '?', summary.integrity === 'ok');
row('crash', 'orphaned / duplicate pods', `${summary.orphans ?? '?'} / ${summary.duplicates ?? '?'}`, summary.orphans === 0 && summary.duplicates === 0);

// Concurrency: processes racing on the same objects; a lost update shows as a wrong count or state.
// 8 processes × CONCURRENCY_OPS mixed operations, compared with a serial replay (200 at full scale).
const concurrencyOps = FULL ? 200 : 5;
const concurrency = vitest('the concurrency tests', ['test/e2e/concurrency.test.ts', 'test/e2e/two-processes.test.ts'], { CONCURRENCY_OPS: String(concurrencyOps) });
row('concurrency', `race tests (8 processes × ${concurrencyOps} ops vs serial replay) passed / failed`, `${concurrency.passed} / ${concurrency.failed}`, concurrency.failed === 0 && concurrency.passed > 0);

// Ctrl-C, full disk, read-only state.
const interrupts = vitest('the Ctrl-C and storage tests', ['test/e2e/interrupt.test.ts', 'test/e2e/storage.test.ts']);
row('interrupts/disk', 'tests passed / failed / skipped', `${interrupts.passed} / ${interrupts.failed} / ${interrupts.skipped}`, interrupts.failed === 0 && interrupts.passed > 0);

// Hostile input.
const fuzz = vitest('the fuzz suites', ['test/fuzz'], { FUZZ_CASES: String(FUZZ_CASES) });
row('fuzz', `suites passed / failed (${FUZZ_CASES} cases each, seeded)`, `${fuzz.passed} / ${fuzz.failed}`, fuzz.failed === 0 && fuzz.passed > 0);

// The served API's defences: 401 without credentials, 403 outside RBAC, escalation, impersonation, limits.
const auth = vitest('the served API defence tests', ['test/e2e/served-defences.test.ts', 'test/e2e/rbac.test.ts']);
row('auth', 'unauthenticated/unauthorised checks passed / failed', `${auth.passed} / ${auth.failed}`, auth.failed === 0 && auth.passed > 0);

// Load: the bench's own lines for latency, memory and unexpected errors.
const load = run('the load bench', process.execPath, ['bench/load.mjs'], FULL ? {} : { LOAD_PODS: '1000', LOAD_PHASE_MS: '4000' });
for (const line of load.stdout.split('\n')) {
  // "NAME   [N/s ...]  p50 X   p99 Y (target ...) ok": the name, then the figures as printed.
  const latency = /^(.+?)\s{2,}(?![\s(])(.*p50 .*?)(?:\s+(ok|MISSED))?$/.exec(line.trim());
  if (latency) row('load', latency[1].replace(/\s+/g, ' '), latency[2].replace(/\s+/g, ' ').trim(), latency[3] === undefined ? undefined : latency[3] === 'ok');
  // Memory: the heap live after a full collection once the pods are created, then after a warm-up
  // round of the mixed load and after a second round (judged); RSS medians beside it (shown).
  const heap = /^serve heap live after a full collection: after creating (\d+) MB, after a warm-up round of the mixed load (\d+) MB, after a second round (\d+) MB.*\b(ok|MISSED)\)$/.exec(line);
  if (heap) row('load', 'serve live heap: start / warm-up round / second round (MB, after full GC)', `${heap[1]} / ${heap[2]} / ${heap[3]}`, heap[4] === 'ok');
  const rss = /^serve RSS: after creating (\d+) MB, during the warm-up round (\d+) MB, during the second round (\d+) MB/.exec(line);
  if (rss) row('load', 'serve RSS: start / warm-up round / second round (MB, round medians)', `${rss[1]} / ${rss[2]} / ${rss[3]}`);
  const errors = /^errors other than 409\/429: (\d+)/.exec(line);
  if (errors) row('load', 'errors other than 409/429', errors[1], errors[1] === '0');
}
if (load.code !== 0) row('load', 'load bench exit code', load.code, false);

const width = (key) => Math.max(key.length, ...rows.map((r) => r[key].length));
const [p, w, v] = [width('part'), width('what'), width('value')];
console.log(`${'PART'.padEnd(p)}  ${'CHECK'.padEnd(w)}  ${'RESULT'.padEnd(v)}  VERDICT`);
for (const r of rows) console.log(`${r.part.padEnd(p)}  ${r.what.padEnd(w)}  ${r.value.padEnd(v)}  ${r.verdict}`);
process.exitCode = rows.some((r) => r.verdict === 'FAILED') ? 1 : 0;
