/** Records a run: events in, trace bytes out. */
import type { EventSink, TraceEvent } from '../sim/events.js';
import type { RunOutcome } from '../sim/outcome.js';
import { isStackOverflow } from '../sim/stack.js';
import { TraceDigest } from './digest.js';
import { writeEvent } from './event-wire.js';
import { SchemaError, checkOutcome } from './fields.js';
import { footerWire, type TraceFooter } from './footer.js';
import { canonicalHeader, writeHeader, type TraceHeader } from './header.js';
import { CHUNK_HEADER_BYTES, ChunkKind, beginChunk, encodePrologue, endChunk } from './layout.js';
import { TRACE_LIMITS } from './limits.js';
import { MsgpackWriter } from './msgpack.js';
import type { TraceTarget } from './targets.js';

/** Events per event chunk unless `flushEvery` says otherwise. */
export const DEFAULT_FLUSH_EVERY = 512;

/** Payload bytes that end an event chunk early, to keep chunks (and memory) small when events carry large byte strings. */
const FLUSH_BYTES = 4 * 1024 * 1024;

/**
 * An event chunk's payload starts with an `array 32` header (`dd` and the event count,
 * big-endian), whatever the count: events are written as they are emitted, and the count
 * is filled in when the chunk is closed.
 */
const EVENTS_ARRAY_HEADER_BYTES = 5;

/** How a `TraceWriter` cuts its chunks. */
export interface TraceWriterOptions {
  /**
   * Events per event chunk (default 512). Smaller chunks lose fewer events when a run is
   * killed; larger ones are slightly smaller and faster. Part of the digest (see `TraceDigest`).
   */
  readonly flushEvery?: number;
}

type WriterState = 'open' | 'finished' | 'aborted' | 'failed';

const PROLOGUE = encodePrologue();

/**
 * Bytes of the last trace a writer finished in this process, to size the next writer's
 * buffer: a short trace then fits in the one buffer it is returned in (see `memoryTarget`).
 * Performance only; the bytes written never depend on it.
 */
let lastTraceBytes = 0;

function initialCapacity(): number {
  return Math.min(64 * 1024, Math.max(1024, lastTraceBytes + (lastTraceBytes >>> 2) + 256));
}

/**
 * An `EventSink` that writes a trace to a target (`memoryTarget()` or `fileTarget(path)`):
 * the header when it is created, an event chunk every `flushEvery` events (earlier when
 * its payload reaches 4 MiB), and the footer on `finish`. `emit` checks the event and
 * encodes it into the open chunk at once, so the writer holds bytes, never events: an
 * event may be changed or dropped after `emit`, and recording keeps no objects alive.
 *
 * Gotchas: an event that does not fit the schema makes its `emit` throw a TypeError
 * naming the event and field; the writer is then failed and only `abort` is allowed.
 */
export class TraceWriter<R> implements EventSink {
  readonly header: TraceHeader;
  private readonly target: TraceTarget<R>;
  private readonly flushEvery: number;
  private readonly digest = new TraceDigest();
  /**
   * Chunks are encoded here, in place, and given to the target as views (no copies). The
   * open event chunk, when there is one, starts at offset 0.
   */
  private readonly out = new MsgpackWriter(initialCapacity());
  /** Bytes given to the target so far. */
  private bytesWritten = 0;
  /** Events in the open chunk (0: no chunk is open). */
  private chunkEvents = 0;
  private written = 0;
  private state: WriterState = 'open';
  private finalFooter: TraceFooter | undefined;

  /** Throws TypeError when the header or options are invalid (nothing is written then). */
  constructor(header: TraceHeader, target: TraceTarget<R>, options: TraceWriterOptions = {}) {
    const flushEvery = options.flushEvery ?? DEFAULT_FLUSH_EVERY;
    if (!Number.isSafeInteger(flushEvery) || flushEvery < 1 || flushEvery > TRACE_LIMITS.maxEventsPerChunk) {
      throw new TypeError(`flushEvery must be an integer from 1 to ${TRACE_LIMITS.maxEventsPerChunk}, got ${flushEvery}`);
    }
    try {
      this.header = canonicalHeader(header);
    } catch (error) {
      throw error instanceof SchemaError ? new TypeError(`invalid trace header: ${error.message}`) : error;
    }
    this.target = target;
    this.flushEvery = flushEvery;
    const out = this.out;
    out.raw(PROLOGUE);
    const start = beginChunk(out);
    writeHeader(out, this.header);
    endChunk(out, start, ChunkKind.header);
    this.write(out.take());
  }

  /** Events emitted so far, written or in the open chunk. */
  get eventCount(): number {
    return this.written + this.chunkEvents;
  }

  /** The footer, once `finish` has written it. */
  get footer(): TraceFooter | undefined {
    return this.finalFooter;
  }

  emit(event: TraceEvent): void {
    if (this.state !== 'open') throw new Error(`TraceWriter: emit after the writer was ${this.state}`);
    const out = this.out;
    // Before the chunk is opened: an event that fails takes a chunk header it opened with it.
    const mark = out.length;
    if (this.chunkEvents === 0) this.openChunk();
    try {
      writeEvent(out, event);
    } catch (error) {
      if (isStackOverflow(error)) {
        // The run is ending (sim/stack.ts) and will emit its outcome: drop the partial event, stay open.
        out.truncate(mark);
        throw error;
      }
      this.state = 'failed';
      out.reset();
      if (!(error instanceof SchemaError)) throw error;
      const tag = typeof event === 'object' && event !== null ? String(event.t) : describeTag(event);
      throw new TypeError(`cannot record event #${this.eventCount} (${tag}): ${error.message}`);
    }
    this.chunkEvents++;
    // No chunk nears maxChunkBytes: it closes at 4 MiB, and the limits on strings, byte
    // strings and lists keep any one event under ~18 MiB.
    const payloadBytes = out.length - CHUNK_HEADER_BYTES;
    if (this.chunkEvents >= this.flushEvery || payloadBytes >= FLUSH_BYTES) this.guard(() => this.closeChunk());
  }

  /** Writes the open chunk now (a no-op when no events are waiting). */
  flush(): void {
    if (this.state !== 'open') throw new Error(`TraceWriter: flush after the writer was ${this.state}`);
    if (this.chunkEvents > 0) this.guard(() => this.closeChunk());
  }

  /**
   * Writes the remaining events and the footer, and completes the target: returns the
   * bytes for `memoryTarget`, the final path for `fileTarget`.
   */
  finish(outcome: RunOutcome): R {
    this.flush();
    return this.guard(() => {
      let checked: RunOutcome;
      try {
        checked = checkOutcome(outcome);
      } catch (error) {
        throw error instanceof SchemaError ? new TypeError(`cannot record the outcome: outcome: ${error.message}`) : error;
      }
      const footer: TraceFooter = { eventCount: this.written, digest: this.digest.hex(), outcome: checked };
      const out = this.out;
      const start = beginChunk(out);
      out.value(footerWire(this.written, this.digest.bytes(), checked));
      endChunk(out, start, ChunkKind.footer);
      this.write(out.take());
      out.release();
      lastTraceBytes = this.bytesWritten;
      const result = this.target.finish();
      this.finalFooter = footer;
      this.state = 'finished';
      return result;
    });
  }

  /** Discards the trace (removing a partial file). Allowed in any state but finished. */
  abort(): void {
    if (this.state === 'finished') throw new Error('TraceWriter: abort after finish');
    this.state = 'aborted';
    this.out.reset();
    this.out.release();
    this.chunkEvents = 0;
    this.target.abort();
  }

  private guard<T>(write: () => T): T {
    try {
      return write();
    } catch (error) {
      this.state = 'failed';
      throw error;
    }
  }

  private write(chunk: Uint8Array): void {
    this.target.write(chunk);
    this.bytesWritten += chunk.length;
  }

  private openChunk(): void {
    beginChunk(this.out);
    this.out.skip(EVENTS_ARRAY_HEADER_BYTES);
  }

  /** Fills in the open chunk's event count and header, then hashes and writes it. */
  private closeChunk(): void {
    const out = this.out;
    out.setUint8(CHUNK_HEADER_BYTES, 0xdd);
    out.setUint32BE(CHUNK_HEADER_BYTES + 1, this.chunkEvents);
    endChunk(out, 0, ChunkKind.events);
    const chunk = out.take();
    this.digest.update(chunk.subarray(CHUNK_HEADER_BYTES));
    this.write(chunk);
    this.written += this.chunkEvents;
    this.chunkEvents = 0;
  }
}

function describeTag(event: unknown): string {
  return event === null ? 'null' : typeof event;
}
