// The crash-safety bench in a small form: three rounds of SIGKILL to `cluster serve` and a CLI
// process mid-write. Every acknowledged write survives whole, SQLite's integrity check passes and
// the Deployment converges to its last acknowledged scale with no orphaned or duplicate pods.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { ROOT, run } from './harness.js';

describe('crash safety (bench/crash.mjs, 3 kills)', () => {
  it('loses no acknowledged write and converges after SIGKILLs', async () => {
    const res = await run(process.execPath, [join(ROOT, 'bench/crash.mjs')], { PATH: process.env.PATH, CRASH_KILLS: '3', CRASH_MIN_WRITES: '100', CRASH_SEED: '7' });
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout.trim().split('\n').pop()!);
    expect(summary.acknowledged).toBeGreaterThanOrEqual(100);
    expect(summary).toMatchObject({ lost: 0, halfWritten: 0, integrity: 'ok', orphans: 0, duplicates: 0, podsFound: summary.replicasWanted });
  }, 180_000);
});
