/** Reads traces: whole (`readTrace`), or as much as is intact (`readTracePrefix`), or an event at a time (`visitTrace`, `traceCursor`). */
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
  type TraceFormatVersion,
} from './layout.js';
import { resolveLimits, type TraceLimits } from './limits.js';
import { FOOTER_SHAPE, HEADER_SHAPE } from './shape.js';
import { partialPath } from './targets.js';
import { V1Events, v1EventFromWire } from './v1.js';

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

/**
 * Where a reader gets a trace's bytes: all in memory (`bytesSource`), or a file read a
 * chunk at a time (the CLI's export of a long run, which never holds all its events).
 */
export interface TraceSource {
  /** Bytes in the trace, fixed for the whole read. */
  readonly size: number;
  /**
   * The `length` bytes at `position` (within `size`). They must not change while the read
   * goes on (the digest keeps one payload until the next arrives). May throw
   * `TraceFormatError` (a file cut while it is read) or anything else (an I/O error),
   * which the read passes on.
   */
  read(position: number, length: number): Uint8Array;
}

/** A trace in memory as a `TraceSource`: views, no copies. */
export function bytesSource(bytes: Uint8Array): TraceSource {
  return { size: bytes.length, read: (position, length) => bytes.subarray(position, position + length) };
}

/** Handed the header once it is read, then each event with its index, as they are decoded. */
export interface TraceVisitor {
  header?(header: TraceHeader): void;
  event(event: TraceEvent, index: number): void;
}

/** What a read found besides the events it handed over: as `TracePrefix`, with their count. */
export interface TraceVisit {
  readonly header?: TraceHeader;
  readonly footer?: TraceFooter;
  readonly error?: TraceFormatError;
  readonly eventCount: number;
}

interface ReadState {
  header: TraceHeader | undefined;
  footer: TraceFooter | undefined;
  count: number;
}

function schemaError(offset: number, what: string, error: unknown): unknown {
  return error instanceof SchemaError ? new TraceFormatError('bad-event', offset, `${what}: ${error.message}`) : error;
}

/** Checks the prologue; returns the format version. */
function readPrologue(source: TraceSource): TraceFormatVersion {
  const bytes = source.read(0, Math.min(source.size, PROLOGUE_BYTES));
  const magicBytes = Math.min(bytes.length, TRACE_MAGIC.length);
  for (let i = 0; i < magicBytes; i++) {
    if (bytes[i] !== TRACE_MAGIC.charCodeAt(i)) throw new TraceFormatError('bad-magic', 0, 'not an arksim trace (it does not start with "ARKTRACE")');
  }
  if (bytes.length < PROLOGUE_BYTES) {
    throw new TraceFormatError('truncated', bytes.length, `the trace ends inside its ${PROLOGUE_BYTES}-byte prologue`);
  }
  const version = bytes[8] | (bytes[9] << 8);
  if (!(SUPPORTED_FORMAT_VERSIONS as readonly number[]).includes(version)) {
    throw new TraceFormatError(
      'unsupported-version',
      8,
      `format version ${version} is not supported; this arksim reads version ${SUPPORTED_FORMAT_VERSIONS.join(', ')}` +
        (version > Math.max(...SUPPORTED_FORMAT_VERSIONS) ? ' (the trace was written by a newer arksim)' : ''),
    );
  }
  return version as TraceFormatVersion;
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

/** Decodes an event chunk for `visitor`; a version-1 trace's events go through `v1` (recorder/v1.ts). */
function readEvents(payload: Uint8Array, base: number, limits: TraceLimits, state: ReadState, visitor: TraceVisitor, v1: V1Events | undefined): void {
  const room = Math.min(limits.maxEventsPerChunk, limits.maxTotalEvents - state.count);
  const { events: items, offsets, misfit } = decodeEvents(payload, base, limits, room, v1 === undefined ? 2 : 1);
  const fitting = misfit ? items.length - 1 : items.length;
  for (let i = 0; i < fitting; i++) {
    if (v1 !== undefined) {
      try {
        v1.push(items[i], state.count);
      } catch (error) {
        throw schemaError(base + offsets[i], `event #${state.count}`, error);
      }
      state.count++;
      continue;
    }
    let event: TraceEvent;
    try {
      event = eventFromWire(items[i]);
    } catch (error) {
      throw schemaError(base + offsets[i], `event #${state.count}`, error);
    }
    visitor.event(event, state.count++);
  }
  if (misfit) fromWire(items[fitting], false, base + offsets[fitting], `event #${state.count}`, v1 === undefined ? eventFromWire : v1EventFromWire);
}

/** The read, suspended after each event chunk (its events handed to `visitor`), so a caller can read one trace as far as it needs (`traceCursor`). */
function* readChunks(source: TraceSource, limits: TraceLimits, state: ReadState, visitor: TraceVisitor): Generator<void, void, undefined> {
  const version = readPrologue(source);
  const v1 = version === 1 ? new V1Events((event, index) => visitor.event(event, index)) : undefined;
  try {
    yield* readVersionedChunks(source, limits, state, visitor, version, v1);
  } catch (error) {
    // A version-1 event held back for its caller came from an intact chunk: it is handed
    // over before the damage is reported. (An error of the source or the visitor ends the
    // read as it is.)
    if (error instanceof TraceFormatError) v1?.flush();
    throw error;
  }
}

function* readVersionedChunks(
  source: TraceSource,
  limits: TraceLimits,
  state: ReadState,
  visitor: TraceVisitor,
  version: TraceFormatVersion,
  v1: V1Events | undefined,
): Generator<void, void, undefined> {
  const size = source.size;
  const digest = new TraceDigest();
  let footerAt = 0;
  let pos = PROLOGUE_BYTES;
  while (pos < size) {
    if (state.footer !== undefined) {
      throw new TraceFormatError('bad-chunk', pos, `${size - pos} bytes follow the footer`);
    }
    if (size - pos < CHUNK_HEADER_BYTES) {
      throw new TraceFormatError('truncated', pos, `the trace ends inside a ${CHUNK_HEADER_BYTES}-byte chunk header`);
    }
    const head = source.read(pos, CHUNK_HEADER_BYTES);
    const view = new DataView(head.buffer, head.byteOffset, CHUNK_HEADER_BYTES);
    const kind = head[0];
    const length = view.getUint32(1, true);
    const crc = view.getUint32(5, true);
    if (length > limits.maxChunkBytes) {
      throw new TraceFormatError('limit-exceeded', pos, `a chunk of ${length} bytes exceeds maxChunkBytes (${limits.maxChunkBytes})`);
    }
    const base = pos + CHUNK_HEADER_BYTES;
    if (base + length > size) {
      throw new TraceFormatError('truncated', pos, `a chunk of ${length} bytes has only ${size - base} bytes before the end of the trace`);
    }
    const payload = source.read(base, length);
    if (chunkCrc(head, 0, payload) !== crc) {
      throw new TraceFormatError('crc-mismatch', pos, 'the chunk does not match its CRC-32; the trace is damaged');
    }
    if (!isChunkKind(kind)) throw new TraceFormatError('bad-chunk', pos, `unknown chunk kind ${kind}`);
    if (kind === ChunkKind.header) {
      if (state.header !== undefined) throw new TraceFormatError('bad-chunk', pos, 'a second header chunk');
      const { value, fits } = decodePayload(payload, base, limits, HEADER_SHAPE);
      state.header = fromWire(value, fits, base, 'header', (wire) => headerFromWire(wire, version));
      visitor.header?.(state.header);
    } else if (state.header === undefined) {
      throw new TraceFormatError('bad-chunk', pos, `the first chunk must be the header, not ${kind === ChunkKind.events ? 'events' : 'the footer'}`);
    } else if (kind === ChunkKind.events) {
      digest.update(payload);
      readEvents(payload, base, limits, state, visitor, v1);
      yield;
    } else {
      v1?.flush();
      const { value, fits } = decodePayload(payload, base, limits, FOOTER_SHAPE);
      state.footer = fromWire(value, fits, base, 'footer', footerFromWire);
      footerAt = pos;
    }
    pos = base + length;
  }
  if (state.header === undefined) throw new TraceFormatError('truncated', pos, 'the trace ends before its header chunk');
  v1?.flush();
  if (state.footer === undefined) {
    throw new TraceFormatError('missing-footer', pos, 'the trace has no footer: the recording did not finish');
  }
  if (state.footer.eventCount !== state.count) {
    throw new TraceFormatError('count-mismatch', footerAt, `the footer counts ${state.footer.eventCount} events but the trace holds ${state.count}`);
  }
  const actual = digest.hex();
  if (state.footer.digest !== actual) {
    throw new TraceFormatError('digest-mismatch', footerAt, `the footer's digest ${state.footer.digest} is not the events' digest ${actual}`);
  }
}

function visitOf(state: ReadState, error: TraceFormatError | undefined): TraceVisit {
  return {
    ...(state.header === undefined ? {} : { header: state.header }),
    ...(state.footer === undefined ? {} : { footer: state.footer }),
    ...(error === undefined ? {} : { error }),
    eventCount: state.count,
  };
}

/**
 * Reads `source` from the start, handing `visitor` the header and then each event as it
 * is decoded, and stops at the first damage, exactly where and why `readTracePrefix` does
 * (it is this read, keeping the events). Never throws for bad input: the problem is
 * returned as `error`. Passes on whatever the source or the visitor throws.
 */
export function visitTrace(source: TraceSource, visitor: TraceVisitor, options: TraceReadOptions = {}): TraceVisit {
  const limits = resolveLimits(options.limits);
  const state: ReadState = { header: undefined, footer: undefined, count: 0 };
  let error: TraceFormatError | undefined;
  try {
    const chunks = readChunks(source, limits, state, visitor);
    while (chunks.next().done !== true) continue;
  } catch (caught) {
    if (!(caught instanceof TraceFormatError)) throw caught;
    error = caught;
  }
  return visitOf(state, error);
}

/** A read of a trace an event at a time, when asked: `traceCursor`. */
export interface TraceCursor {
  /** The next event, or `undefined` once the read has ended: at the footer, or at the first damage (`visit().error`). */
  next(): TraceEvent | undefined;
  /** What the read found besides the events, as `visitTrace` returns it: all of it once `next` has returned `undefined`. */
  visit(): TraceVisit;
}

/**
 * The read `visitTrace` makes, handing over an event each time `next` is called instead
 * of all of them in one call: for walking two traces side by side (`arksim diff`). Holds
 * the events of one chunk at a time. Never throws for bad input; passes on whatever the
 * source throws, after which the read has ended.
 */
export function traceCursor(source: TraceSource, options: TraceReadOptions = {}): TraceCursor {
  const limits = resolveLimits(options.limits);
  const state: ReadState = { header: undefined, footer: undefined, count: 0 };
  const chunk: TraceEvent[] = [];
  let at = 0;
  const chunks = readChunks(source, limits, state, { event: (event) => chunk.push(event) });
  let ended = false;
  let error: TraceFormatError | undefined;
  return {
    next() {
      while (at === chunk.length) {
        if (ended) return undefined;
        chunk.length = 0;
        at = 0;
        try {
          ended = chunks.next().done === true;
        } catch (caught) {
          ended = true;
          if (!(caught instanceof TraceFormatError)) {
            chunk.length = 0;
            throw caught;
          }
          // The events of the chunk before the damage are still handed over, as visitTrace hands them.
          error = caught;
        }
      }
      return chunk[at++];
    },
    visit: () => visitOf(state, error),
  };
}

/**
 * Everything readable from `bytes` before any damage. Never throws for bad input: the
 * problem is returned as `error` (a `TraceFormatError`). For `arksim inspect` on damaged
 * and partial (`.partial`) traces.
 */
export function readTracePrefix(bytes: Uint8Array, options: TraceReadOptions = {}): TracePrefix {
  const events: TraceEvent[] = [];
  const read = visitTrace(bytesSource(bytes), { event: (event) => events.push(event) }, options);
  return {
    ...(read.header === undefined ? {} : { header: read.header }),
    events,
    ...(read.footer === undefined ? {} : { footer: read.footer }),
    ...(read.error === undefined ? {} : { error: read.error }),
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
