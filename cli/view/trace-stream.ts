/**
 * Reading a trace file one chunk at a time, for `export`: a long run's events are
 * handed over as they are decoded and never held all at once (`readTracePrefix` returns
 * them as one array, which for a million events is most of a gigabyte of objects).
 * The reading itself is the recorder's `visitTrace`, the same read `readTracePrefix`
 * makes; this file opens the file and reads it on demand.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { TraceFormatError, partialPath, visitTrace, type TraceSource, type TraceVisit, type TraceVisitor } from '../../recorder/index.js';
import { UsageError } from '../errors.js';

export type { TraceVisitor };

/** An open trace file. Its size is taken once, so every pass reads the same bytes (a `.partial` may still be growing). */
export interface TraceFile {
  readonly path: string;
  readonly fd: number;
  readonly size: number;
}

/** What a pass over a trace found besides its events: as `TracePrefix`, with a count for the events. */
export type TraceRead = TraceVisit;

/** Opens `path` for reading. Throws `UsageError` when there is nothing to read (naming a `.partial` left by an unfinished recording). */
export function openTrace(path: string): TraceFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw readError(path, e);
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

function readError(path: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    const partial = partialPath(path);
    if (existsSync(partial)) return new UsageError(`${path}: no such file, but ${partial} exists: the recording did not finish (inspect ${partial})`);
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
