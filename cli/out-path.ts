/**
 * Where output goes (`--out`, `--save`), checked before the work that fills it: a run,
 * a shrink or an exploration can take minutes, and an unwritable path found only at the
 * end loses that work. Unwritable output is bad usage: exit 2, one line.
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** A file system error (it names a syscall) as `export` words it: `PATH: cannot write (CODE)`; anything else unchanged. */
export function writeError(path: string, e: unknown): unknown {
  const err = e as NodeJS.ErrnoException | null;
  return typeof err?.syscall === 'string' && typeof err.code === 'string' ? new UsageError(`${path}: cannot write (${err.code})`) : e;
}

/** Stats, or `undefined` where nothing is (ENOTDIR: a file where a directory would be). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw writeError(path, e);
  }
}

function writableDirectory(dir: string, path: string): void {
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw writeError(path, e);
  }
}

/** A trace file can be published at `path`: its directory exists and is writable, and `path` is not a directory. */
export function checkOutFile(path: string): void {
  // The trace is renamed onto `path` at the end; a directory there would fail only then.
  const existing = statOf(path);
  if (existing?.isDirectory() === true) throw new UsageError(`${path}: cannot write (EISDIR: it is a directory)`);
  // The rename would replace a FIFO or a device (/dev/null, /dev/stdout's target) with a
  // regular file, and a reader waiting on it would get nothing: a trace goes to a file.
  if (existing !== undefined && !existing.isFile()) throw new UsageError(`${path}: cannot write a trace there (it is not a regular file; give a file path)`);
  const dir = dirname(resolve(path));
  const st = statOf(dir);
  if (st === undefined) throw new UsageError(`${path}: cannot write (ENOENT: no directory ${dirname(path)})`);
  if (!st.isDirectory()) throw new UsageError(`${path}: cannot write (ENOTDIR: ${dirname(path)} is not a directory)`);
  writableDirectory(dir, path);
}

/**
 * `dir` is a writable directory, or can be made one (`mkdir -p`): the nearest part of it
 * that exists is a writable directory. Nothing is created, so an exploration that finds
 * no failure leaves no empty directory behind.
 */
export function checkSaveDir(dir: string): void {
  const whole = resolve(dir);
  // Named as the user wrote it: relative if they gave a relative path.
  const shown = (p: string): string => (p === whole ? 'it' : isAbsolute(dir) ? p : relative(process.cwd(), p) || '.');
  for (let p = whole; ; p = dirname(p)) {
    const st = statOf(p);
    if (st !== undefined) {
      if (!st.isDirectory()) throw new UsageError(`${dir}: cannot save traces there (${shown(p)} is not a directory)`);
      return writableDirectory(p, dir);
    }
    if (dirname(p) === p) return;
  }
}
