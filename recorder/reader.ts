/** Reads traces: whole (`readTrace`), or as much as is intact (`readTracePrefix`). */
import { readFileSync, existsSync } from 'node:fs';
import type { TraceEvent } from '../sim/events.js';
import { decodeEvents, decodePayload } from './codec.js';
import { TraceDigest } from './digest.js';
import { TraceFormatError, TracePartialOnlyError } from './errors.js';
import { eventFromWire } from './event-wire.js';
import { SchemaError } from './fields.js';
import { footerFromWire, type TraceFooter } from './footer.js';
import { headerFromWire, type TraceHeader } from './header.js';
import {
  CHUNK_HEADER_BYTES,
  ChunkKind,
  PROLOGUE_BYTES,
  SUPPORTED_FORMAT_VERSIONS,
  TRACE_MAGIC,
  chunkCrc,
  isChunkKind,
} from './layout.js';
import { resolveLimits, type TraceLimits } from './limits.js';
import { FOOTER_SHAPE, HEADER_SHAPE } from './shape.js';
import { partialPath } from './targets.js';

/** A complete, verified trace. */
export interface Trace {
  readonly header: TraceHeader;
  readonly events: readonly TraceEvent[];
  readonly footer: TraceFooter;
}

/**
 * What could be read from a trace that may be damaged or unfinished: the header if it was
 * intact, the events of every intact chunk up to the damage (and, in a chunk holding an
 * event that does not fit the schema, the events before it), the footer if it was reached,
 * and the error that stopped reading (absent when the whole trace is good).
 */
export interface TracePrefix {
  readonly header?: TraceHeader;
  readonly events: readonly TraceEvent[];
  readonly footer?: TraceFooter;
  readonly error?: TraceFormatError;
}

export interface TraceReadOptions {
  /** Bounds to use instead of `TRACE_LIMITS` (say, a larger `maxTotalEvents` for a long run). */
  readonly limits?: Partial<TraceLimits>;
}

interface ReadState {
  header: TraceHeader | undefined;
  footer: TraceFooter | undefined;
  readonly events: TraceEvent[];
}

function schemaError(offset: number, what: string, error: unknown): unknown {
  return error instanceof SchemaError ? new TraceFormatError('bad-event', offset, `${what}: ${error.message}`) : error;
}

function readPrologue(bytes: Uint8Array): void {
  const magicBytes = Math.min(bytes.length, TRACE_MAGIC.length);
  for (let i = 0; i < magicBytes; i++) {
    if (bytes[i] !== TRACE_MAGIC.charCodeAt(i)) throw new TraceFormatError('bad-magic', 0, 'not an arksim trace (it does not start with "ARKTRACE")');
  }
  if (bytes.length < PROLOGUE_BYTES) {
    throw new TraceFormatError('truncated', bytes.length, `the trace ends inside its ${PROLOGUE_BYTES}-byte prologue`);
  }
  const version = bytes[8] | (bytes[9] << 8);
  if (!SUPPORTED_FORMAT_VERSIONS.includes(version)) {
    throw new TraceFormatError(
      'unsupported-version',
      8,
      `format version ${version} is not supported; this arksim reads version ${SUPPORTED_FORMAT_VERSIONS.join(', ')}` +
        (version > Math.max(...SUPPORTED_FORMAT_VERSIONS) ? ' (the trace was written by a newer arksim)' : ''),
    );
  }
}

/**
 * `rebuild(value)` for the header, footer or event `what` at `offset`, its schema error as
 * a `TraceFormatError`. A value that did not fit its shape is a stand-in the schema
 * refuses (shape.ts); should it not, the value is refused all the same.
 */
function fromWire<T>(value: unknown, fits: boolean, offset: number, what: string, rebuild: (value: unknown) => T): T {
  let result: T;
  try {
    result = rebuild(value);
  } catch (error) {
    throw schemaError(offset, what, error);
  }
  if (!fits) throw new TraceFormatError('bad-event', offset, `${what}: does not fit the shape of its schema`);
  return result;
}

function readEvents(payload: Uint8Array, base: number, limits: TraceLimits, events: TraceEvent[]): void {
  const room = Math.min(limits.maxEventsPerChunk, limits.maxTotalEvents - events.length);
  const { events: items, offsets, misfit } = decodeEvents(payload, base, limits, room);
  const fitting = misfit ? items.length - 1 : items.length;
  for (let i = 0; i < fitting; i++) {
    try {
      events.push(eventFromWire(items[i]));
    } catch (error) {
      throw schemaError(base + offsets[i], `event #${events.length}`, error);
    }
  }
  if (misfit) fromWire(items[fitting], false, base + offsets[fitting], `event #${events.length}`, eventFromWire);
}

function readChunks(bytes: Uint8Array, limits: TraceLimits, state: ReadState): void {
  readPrologue(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const digest = new TraceDigest();
  let footerAt = 0;
  let pos = PROLOGUE_BYTES;
  while (pos < bytes.length) {
    if (state.footer !== undefined) {
      throw new TraceFormatError('bad-chunk', pos, `${bytes.length - pos} bytes follow the footer`);
    }
    if (bytes.length - pos < CHUNK_HEADER_BYTES) {
      throw new TraceFormatError('truncated', pos, `the trace ends inside a ${CHUNK_HEADER_BYTES}-byte chunk header`);
    }
    const kind = bytes[pos];
    const length = view.getUint32(pos + 1, true);
    const crc = view.getUint32(pos + 5, true);
    if (length > limits.maxChunkBytes) {
      throw new TraceFormatError('limit-exceeded', pos, `a chunk of ${length} bytes exceeds maxChunkBytes (${limits.maxChunkBytes})`);
    }
    const base = pos + CHUNK_HEADER_BYTES;
    if (base + length > bytes.length) {
      throw new TraceFormatError('truncated', pos, `a chunk of ${length} bytes has only ${bytes.length - base} bytes before the end of the trace`);
    }
    const payload = bytes.subarray(base, base + length);
    if (chunkCrc(bytes, pos, payload) !== crc) {
      throw new TraceFormatError('crc-mismatch', pos, 'the chunk does not match its CRC-32; the trace is damaged');
    }
    if (!isChunkKind(kind)) throw new TraceFormatError('bad-chunk', pos, `unknown chunk kind ${kind}`);
    if (kind === ChunkKind.header) {
      if (state.header !== undefined) throw new TraceFormatError('bad-chunk', pos, 'a second header chunk');
      const { value, fits } = decodePayload(payload, base, limits, HEADER_SHAPE);
      state.header = fromWire(value, fits, base, 'header', headerFromWire);
    } else if (state.header === undefined) {
      throw new TraceFormatError('bad-chunk', pos, `the first chunk must be the header, not ${kind === ChunkKind.events ? 'events' : 'the footer'}`);
    } else if (kind === ChunkKind.events) {
      digest.update(payload);
      readEvents(payload, base, limits, state.events);
    } else {
      const { value, fits } = decodePayload(payload, base, limits, FOOTER_SHAPE);
      state.footer = fromWire(value, fits, base, 'footer', footerFromWire);
      footerAt = pos;
    }
    pos = base + length;
  }
  if (state.header === undefined) throw new TraceFormatError('truncated', pos, 'the trace ends before its header chunk');
  if (state.footer === undefined) {
    throw new TraceFormatError('missing-footer', pos, 'the trace has no footer: the recording did not finish');
  }
  if (state.footer.eventCount !== state.events.length) {
    throw new TraceFormatError(
      'count-mismatch',
      footerAt,
      `the footer counts ${state.footer.eventCount} events but the trace holds ${state.events.length}`,
    );
  }
  const actual = digest.hex();
  if (state.footer.digest !== actual) {
    throw new TraceFormatError('digest-mismatch', footerAt, `the footer's digest ${state.footer.digest} is not the events' digest ${actual}`);
  }
}

/**
 * Everything readable from `bytes` before any damage. Never throws for bad input: the
 * problem is returned as `error` (a `TraceFormatError`). For `arksim inspect` on damaged
 * and partial (`.partial`) traces.
 */
export function readTracePrefix(bytes: Uint8Array, options: TraceReadOptions = {}): TracePrefix {
  const limits = resolveLimits(options.limits);
  const state: ReadState = { header: undefined, footer: undefined, events: [] };
  let error: TraceFormatError | undefined;
  try {
    readChunks(bytes, limits, state);
  } catch (caught) {
    if (!(caught instanceof TraceFormatError)) throw caught;
    error = caught;
  }
  return {
    ...(state.header === undefined ? {} : { header: state.header }),
    events: state.events,
    ...(state.footer === undefined ? {} : { footer: state.footer }),
    ...(error === undefined ? {} : { error }),
  };
}

/** A complete trace: the header, every event and the footer, all verified. Throws `TraceFormatError`. */
export function readTrace(bytes: Uint8Array, options: TraceReadOptions = {}): Trace {
  const prefix = readTracePrefix(bytes, options);
  if (prefix.error !== undefined) throw prefix.error;
  // Without an error, readChunks has seen both.
  return { header: prefix.header!, events: prefix.events, footer: prefix.footer! };
}

/**
 * `readTrace` of the file at `path`. When there is no file there but a `<path>.partial`
 * (a recording that did not finish) throws `TracePartialOnlyError`, which says so.
 */
export function readTraceFile(path: string, options: TraceReadOptions = {}): Trace {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const partial = partialPath(path);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && existsSync(partial)) {
      throw new TracePartialOnlyError(path, partial, error);
    }
    throw error;
  }
  return readTrace(bytes, options);
}
