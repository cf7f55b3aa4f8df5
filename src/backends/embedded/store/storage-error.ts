// The store's file cannot be written: a full disk, a read-only file system, a directory without
// write permission. SQLite reports these under several codes (SQLITE_FULL, SQLITE_IOERR_*,
// SQLITE_READONLY_*, SQLITE_CANTOPEN); the file system says which it is, and the line reads as Go
// prints a failed file operation ("open PATH: read-only file system").
import { accessSync, constants, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { FatalError } from '../../../client/errors.js';

const STORAGE_CODES = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|PERM)/;

/** Go's words for the errors a file write meets. */
const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
};

/** Less room than this is a full disk: SQLite needs a few pages for a write. */
const NEARLY_FULL_BYTES = 1 << 20;

export class StorageError extends FatalError {
  /** Without kubectl's "error: " prefix: the API server's 500 carries this. */
  constructor(readonly detail: string) {
    super(`error: ${detail}`);
  }
}

/** The error to report for a SQLite failure on `path`, or undefined when the storage is not at fault. */
export function storageFailure(e: unknown, op: 'open' | 'write', path: string): StorageError | undefined {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string' || !STORAGE_CODES.test(code)) return undefined;
  return new StorageError(`${op} ${path}: ${cause(path, code, (e as Error).message)}`);
}

function cause(path: string, code: string, sqliteMessage: string): string {
  for (const target of [dirname(path), path]) {
    try {
      accessSync(target, constants.W_OK);
    } catch (e) {
      const errno = (e as NodeJS.ErrnoException).code ?? '';
      if (errno !== 'ENOENT') return ERRNO_TEXT[errno] ?? (e as Error).message;
    }
  }
  if (code === 'SQLITE_FULL') return ERRNO_TEXT.ENOSPC;
  try {
    const fs = statfsSync(dirname(path));
    if (fs.bavail * fs.bsize < NEARLY_FULL_BYTES) return ERRNO_TEXT.ENOSPC;
  } catch {
    // no file-system figures: SQLite's own words follow
  }
  return sqliteMessage;
}
