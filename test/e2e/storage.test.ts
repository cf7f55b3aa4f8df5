// A full disk and a read-only file system under a cluster's state: one clear line and exit 1 for
// the command, 500 with the reason from the served API (which keeps serving), nothing half-written,
// and SQLite's integrity check passes after. The cluster lives on a small tmpfs of its own, which
// needs root (or CAP_SYS_ADMIN) to mount; without it the tests are skipped with the reason.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HAS_KUBECTL, kubectl, sandbox, serve, tkctl, type Sandbox } from './harness.js';

let sb: Sandbox;
let mountPoint = '';
let db = '';
let filler = '';

const mount = (...args: string[]) => spawnSync('mount', args, { stdio: 'pipe' });
const CAN_MOUNT = (() => {
  const probe = sandbox();
  try {
    return mount('-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe.dir).status === 0 && spawnSync('umount', [probe.dir]).status === 0;
  } finally {
    probe.cleanup();
  }
})();
if (!CAN_MOUNT) console.log('cannot mount a tmpfs here (not root): the full-disk and read-only tests are skipped');

/** Fill the file system but for about `spare` bytes (0: until it refuses). */
function fillDisk(spare: number): void {
  const df = spawnSync('df', ['-B1', '--output=avail', mountPoint], { encoding: 'utf8' });
  let room = Number(df.stdout.trim().split('\n')[1]) - spare;
  const chunk = Buffer.alloc(64 * 1024);
  const fd = openSync(filler, 'w');
  try {
    for (; room > 0; room -= chunk.length) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
}

function integrity(): string {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.pragma('integrity_check', { simple: true }) as string;
  } finally {
    conn.close();
  }
}

const configMaps = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${from + i}}\ndata: {k: "${'v'.repeat(500)}"}\n`).join('---\n');

async function storedConfigMaps(): Promise<string[]> {
  const r = await tkctl(sb, ['get', 'configmaps', '-o', 'name']);
  expect(r.code).toBe(0);
  return r.stdout.split('\n').filter((l) => l.startsWith('configmap/cm-')).sort();
}

beforeAll(async () => {
  if (!CAN_MOUNT) return;
  sb = sandbox();
  mountPoint = sb.env.TKCTL_HOME!;
  mkdirSync(mountPoint);
  expect(mount('-t', 'tmpfs', '-o', 'size=32m', 'tmpfs', mountPoint).status).toBe(0);
  filler = join(mountPoint, 'filler');
  db = join(mountPoint, 'clusters/disk/state.db');
  expect((await tkctl(sb, ['cluster', 'create', 'disk'])).code).toBe(0);
}, 60_000);

afterAll(() => {
  if (!CAN_MOUNT) return;
  spawnSync('umount', ['-l', mountPoint]);
  sb.cleanup();
});

describe.skipIf(!CAN_MOUNT)('a full disk', () => {
  it('apply stops at the first object that cannot be stored, with one line; the objects printed are the objects stored', async () => {
    fillDisk(1 << 20);
    const r = await tkctl(sb, ['apply', '-f', '-'], configMaps(0, 200));
    rmSync(filler);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: write ${db}: no space left on device\n`);
    const printed = r.stdout.split('\n').filter(Boolean);
    expect(printed.length).toBeLessThan(200);
    expect(printed).toEqual(printed.map((_, i) => `configmap/cm-${i} created`));
    expect(integrity()).toBe('ok');
    expect(await storedConfigMaps()).toEqual(printed.map((l) => l.replace(/ created$/, '')).sort());
    // With room again, the same command finishes the job.
    const again = await tkctl(sb, ['apply', '-f', '-'], configMaps(0, 200));
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(await storedConfigMaps()).toHaveLength(200);
    expect((await tkctl(sb, ['delete', 'configmaps', '--all'])).code).toBe(0);
  }, 120_000);

  it.skipIf(!HAS_KUBECTL)('the served API answers 500 with the reason, keeps serving, and recovers', async () => {
    const server = await serve(sb, 'disk');
    try {
      fillDisk(-(1 << 20));
      const full = await kubectl(sb, ['create', 'configmap', 'late', '--from-literal=k=v']);
      expect(full).toMatchObject({ code: 1, stderr: `error: failed to create configmap: Internal error occurred: write ${db}: no space left on device\n` });
      // Past the housekeeping intervals (checkpoint, lease renewal) that meet the full disk too.
      await new Promise((r) => setTimeout(r, 12_000));
      expect(server.child.exitCode).toBeNull();
      rmSync(filler);
      const recovered = await kubectl(sb, ['create', 'configmap', 'late', '--from-literal=k=v']);
      expect(recovered).toEqual({ code: 0, stdout: 'configmap/late created\n', stderr: '' });
    } finally {
      rmSync(filler, { force: true });
      await server.stop();
    }
    expect(integrity()).toBe('ok');
  }, 90_000);
});

describe.skipIf(!CAN_MOUNT)('a read-only file system', () => {
  it('a write is refused with one line, reads still answer, nothing changes', async () => {
    const before = await storedConfigMaps();
    // A process that ended unclean leaves the write-ahead log behind; with it, reads need no write.
    expect(mount('-o', 'remount,ro', mountPoint).status).toBe(0);
    try {
      const r = await tkctl(sb, ['create', 'configmap', 'ro', '--from-literal=k=v']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error: (open|write) ${db}: read-only file system\\n$`));
      expect(r.stdout).toBe('');
    } finally {
      expect(mount('-o', 'remount,rw', mountPoint).status).toBe(0);
    }
    expect(integrity()).toBe('ok');
    expect(await storedConfigMaps()).toEqual(before);
    expect((await tkctl(sb, ['get', 'configmap', 'ro'])).code).toBe(1);
  }, 60_000);
});
