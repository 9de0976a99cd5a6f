/**
 * Reading a trace file one chunk at a time, for `inspect`, `export` and `diff`: a long
 * run's events are handed over as they are decoded and never held all at once
 * (`readTracePrefix` returns them as one array, which for a million events is most of a
 * gigabyte of objects). The reading itself is the recorder's `visitTrace` (or
 * `traceCursor`, the same read an event at a time), the same read `readTracePrefix`
 * makes; this file opens the file and reads it on demand.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { TraceFormatError, partialPath, traceCursor, visitTrace, type TraceCursor, type TraceSource, type TraceVisit, type TraceVisitor } from '../../recorder/index.js';
import { UsageError } from '../errors.js';

export type { TraceCursor, TraceVisitor };

/** An open trace file. Its size is taken once, so every pass reads the same bytes (a `.partial` may still be growing). */
export interface TraceFile {
  readonly path: string;
  readonly fd: number;
  readonly size: number;
}

/** What a pass over a trace found besides its events: as `TracePrefix`, with a count for the events. */
export type TraceRead = TraceVisit;

/** What to say of a missing `path` beside which `partial` exists: a recording that did not finish. */
export type PartialOnlyMessage = (path: string, partial: string) => string;

/** inspect and export read a `.partial` too: they point at it. */
const inspectPartial: PartialOnlyMessage = (path, partial) => `${path}: no such file, but ${partial} exists: the recording did not finish (inspect ${partial})`;

/**
 * Opens `path` for reading. Throws `UsageError` when there is nothing to read (naming a
 * `.partial` left by an unfinished recording, in `partialOnly`'s words).
 */
export function openTrace(path: string, partialOnly: PartialOnlyMessage = inspectPartial): TraceFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw readError(path, e, partialOnly);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UsageError(`${path}: is a directory, not a trace`);
    return { path, fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    throw readError(path, e);
  }
}

export function closeTrace(file: TraceFile): void {
  closeSync(file.fd);
}

function readError(path: string, e: unknown, partialOnly = inspectPartial): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    const partial = partialPath(path);
    if (existsSync(partial)) return new UsageError(partialOnly(path, partial));
    return new UsageError(`${path}: no such file`);
  }
  if (code === 'EISDIR') return new UsageError(`${path}: is a directory, not a trace`);
  if (code !== undefined) return new UsageError(`${path}: cannot read (${code})`);
  return e;
}

/** `length` bytes at `position`, in a buffer of their own (the digest keeps a payload until the next one). */
function readBytes(file: TraceFile, position: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    let got: number;
    try {
      got = readSync(file.fd, bytes, done, length - done, position + done);
    } catch (e) {
      throw readError(file.path, e);
    }
    // Shorter than it was when sized: it was cut since, which is damage like any other.
    if (got === 0) throw new TraceFormatError('truncated', position + done, `the trace ends ${length - done} bytes early (it was cut while being read)`);
    done += got;
  }
  return bytes;
}

/** `file` as a `TraceSource`: each read is a fresh buffer of its own. */
function fileSource(file: TraceFile): TraceSource {
  return { size: file.size, read: (position, length) => readBytes(file, position, length) };
}

/**
 * Reads `file` from the start, handing `visit` the header and then each event. Never
 * throws for bad input: the problem is returned as `error`, as `readTracePrefix` does
 * (both are the recorder's `visitTrace`). Throws `UsageError` when the file cannot be
 * read, and whatever `visit` throws.
 */
export function streamTrace(file: TraceFile, visit: TraceVisitor): TraceRead {
  return visitTrace(fileSource(file), visit);
}

/** `file` read an event at a time, when asked: for `diff`, which walks two traces side by side. The same read as `streamTrace`. */
export function cursorOf(file: TraceFile): TraceCursor {
  return traceCursor(fileSource(file));
}
