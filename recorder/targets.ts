/** Where a `TraceWriter` puts its bytes. */
import { closeSync, fstatSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Receives a trace as it is written: first the prologue with the header chunk, then one
 * whole chunk per `write`, the footer chunk last. A target may keep the buffers it is
 * given but must not modify them (the writer hashes event chunks after writing them).
 * They are views: consecutive chunks are usually consecutive bytes of one buffer, which
 * holds nothing but this trace.
 */
export interface TraceTarget<R> {
  write(bytes: Uint8Array): void;
  /** The footer is written: make the trace complete and visible, and return the result. */
  finish(): R;
  /** Discard whatever was written. */
  abort(): void;
}

/**
 * A trace in memory; `finish` returns its bytes. When the writer wrote them all into one
 * buffer, one after the other (the usual case for small traces), those bytes are
 * returned as they are, a view of that buffer, without a copy (a copy would double the
 * allocations of recording a short run).
 *
 * Gotcha: a short trace's buffer is a piece of a slab shared with other traces
 * (recorder/slab.ts), so `bytes.buffer` holds more than this trace. Copy it with
 * `bytes.slice()` before transferring the buffer or keeping one trace of many for long.
 */
export function memoryTarget(): TraceTarget<Uint8Array> {
  let parts: Uint8Array[] = [];
  let length = 0;
  return {
    write(bytes) {
      parts.push(bytes);
      length += bytes.length;
    },
    finish() {
      const first = parts[0];
      if (first !== undefined && parts.every((p, i) => i === 0 || (p.buffer === first.buffer && p.byteOffset === parts[i - 1].byteOffset + parts[i - 1].length))) {
        parts = [];
        return new Uint8Array(first.buffer, first.byteOffset, length);
      }
      const out = new Uint8Array(length);
      let offset = 0;
      for (const part of parts) {
        out.set(part, offset);
        offset += part.length;
      }
      parts = [];
      return out;
    },
    abort() {
      parts = [];
      length = 0;
    },
  };
}

/** Suffix of the file a trace is written to until it is finished. */
export const PARTIAL_SUFFIX = '.partial';

/** Where a trace bound for `path` lives while it is written: `<path>.partial`. */
export function partialPath(path: string): string {
  return path + PARTIAL_SUFFIX;
}

function syncDirectory(dir: string): void {
  // Makes the rename itself durable. Windows cannot open a directory for this, and NTFS
  // journals renames anyway.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A file's identity (device and inode): whether a name still leads to the file a writer opened. Never its times. */
function identity(st: { readonly dev: number; readonly ino: number }): string {
  return `${st.dev}:${st.ino}`;
}

function identityAt(path: string): string | undefined {
  try {
    return identity(statSync(path));
  } catch {
    return undefined;
  }
}

/**
 * A trace file at `path`. Bytes go to `<path>.partial` as each chunk completes, with one
 * `writeSync` per chunk, so a process killed mid-run leaves every completed chunk there,
 * readable with `readTracePrefix`. `finish` fsyncs the partial file and renames it to
 * `path` (atomic on one file system), so `path` only ever holds a complete trace;
 * `finish` returns `path`. `abort` closes and removes the partial file.
 *
 * Each writer makes its partial file anew (a stale one, from an interrupted run, is
 * removed first) and publishes it only while `<path>.partial` is still that file: two
 * recordings to one `path` at once never write into one file. The later one's partial
 * takes the name; the earlier one's `finish` throws rather than publish the other's.
 *
 * Gotchas: an existing `path` is replaced on `finish`.
 */
export function fileTarget(path: string): TraceTarget<string> {
  const partial = partialPath(path);
  rmSync(partial, { force: true });
  // 'wx': a file of this writer's own; one another writer made in between is EEXIST, never shared.
  const fd = openSync(partial, 'wx');
  const own = identity(fstatSync(fd));
  let open = true;
  const close = (): void => {
    if (open) {
      open = false;
      closeSync(fd);
    }
  };
  return {
    write(bytes) {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    },
    finish() {
      fsyncSync(fd);
      close();
      if (identityAt(partial) !== own) {
        throw new Error(`${partial} was replaced by another recording to ${path} while this one was written; this trace was not published`);
      }
      renameSync(partial, path);
      syncDirectory(dirname(path));
      return path;
    },
    abort() {
      close();
      // This writer's own partial file only: another recording's is left alone.
      if (identityAt(partial) === own) rmSync(partial, { force: true });
    },
  };
}
