/** Records a run: events in, trace bytes out. */
import type { EventSink, TraceEvent } from '../sim/events.js';
import type { RunOutcome } from '../sim/outcome.js';
import { packPayload } from './codec.js';
import { TraceDigest } from './digest.js';
import { eventToWire } from './event-wire.js';
import { SchemaError } from './fields.js';
import { footerToWire, type TraceFooter } from './footer.js';
import { canonicalHeader, type TraceHeader } from './header.js';
import { ChunkKind, encodeChunk, encodePrologue } from './layout.js';
import { TRACE_LIMITS } from './limits.js';
import type { TraceTarget } from './targets.js';

/** Events per event chunk unless `flushEvery` says otherwise. */
export const DEFAULT_FLUSH_EVERY = 512;

/** Buffered `input`/`output` bytes that force an early flush, to keep chunks (and memory) small. */
const FLUSH_BIN_BYTES = 4 * 1024 * 1024;

/** How a `TraceWriter` cuts its chunks. */
export interface TraceWriterOptions {
  /**
   * Events per event chunk (default 512). Smaller chunks lose fewer events when a run is
   * killed; larger ones are slightly smaller and faster. Part of the digest (see `TraceDigest`).
   */
  readonly flushEvery?: number;
}

/** Bytes of an event's byte-string field; unchecked, so robust to malformed events (checked at flush). */
function binBytes(event: TraceEvent): number {
  const bytes: unknown =
    event.t === 'ffi.launch' ? event.input : event.t === 'ffi.retrieve' || event.t === 'req.completed' ? event.output : undefined;
  return bytes instanceof Uint8Array ? bytes.length : 0;
}

type WriterState = 'open' | 'finished' | 'aborted' | 'failed';

/**
 * An `EventSink` that writes a trace to a target (`memoryTarget()` or `fileTarget(path)`):
 * the header when it is created, an event chunk every `flushEvery` events, and the footer
 * on `finish`. `emit` only buffers; each chunk is checked, encoded, hashed and written at
 * once.
 *
 * Gotchas: an event is checked when its chunk is encoded, so an event that does not fit
 * the schema makes a later `emit` (or `finish`) throw a TypeError naming that event; the
 * writer is then failed and only `abort` is allowed. Events (and their byte arrays) are
 * held, not copied, until their chunk is written, so they must not be mutated after `emit`.
 */
export class TraceWriter<R> implements EventSink {
  readonly header: TraceHeader;
  private readonly target: TraceTarget<R>;
  private readonly flushEvery: number;
  private readonly digest = new TraceDigest();
  private pending: TraceEvent[] = [];
  private pendingBinBytes = 0;
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
    const prologue = encodePrologue();
    const headerChunk = encodeChunk(ChunkKind.header, packPayload(this.header));
    const first = new Uint8Array(prologue.length + headerChunk.length);
    first.set(prologue, 0);
    first.set(headerChunk, prologue.length);
    target.write(first);
  }

  /** Events emitted so far, written or buffered. */
  get eventCount(): number {
    return this.written + this.pending.length;
  }

  /** The footer, once `finish` has written it. */
  get footer(): TraceFooter | undefined {
    return this.finalFooter;
  }

  emit(event: TraceEvent): void {
    if (this.state !== 'open') throw new Error(`TraceWriter: emit after the writer was ${this.state}`);
    this.pending.push(event);
    this.pendingBinBytes += binBytes(event);
    if (this.pending.length >= this.flushEvery || this.pendingBinBytes >= FLUSH_BIN_BYTES) this.flush();
  }

  /** Writes the buffered events as a chunk now (a no-op when none are buffered). */
  flush(): void {
    if (this.state !== 'open') throw new Error(`TraceWriter: flush after the writer was ${this.state}`);
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.pendingBinBytes = 0;
    this.guard(() => {
      const wire = new Array<unknown>(events.length);
      for (let i = 0; i < events.length; i++) {
        try {
          wire[i] = eventToWire(events[i]);
        } catch (error) {
          if (!(error instanceof SchemaError)) throw error;
          throw new TypeError(`cannot record event #${this.written + i} (${String(events[i].t)}): ${error.message}`);
        }
      }
      this.writeEvents(wire);
    });
  }

  /**
   * Writes the remaining events and the footer, and completes the target: returns the
   * bytes for `memoryTarget`, the final path for `fileTarget`.
   */
  finish(outcome: RunOutcome): R {
    this.flush();
    return this.guard(() => {
      let footer: TraceFooter;
      try {
        footer = footerToWire({ eventCount: this.written, digest: this.digest.hex(), outcome });
      } catch (error) {
        throw error instanceof SchemaError ? new TypeError(`cannot record the outcome: ${error.message}`) : error;
      }
      this.target.write(encodeChunk(ChunkKind.footer, packPayload(footer)));
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
    this.pending = [];
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

  /** One chunk, or, if it would exceed maxChunkBytes (large strings), two halves. */
  private writeEvents(wire: readonly unknown[]): void {
    const payload = packPayload(wire);
    if (payload.length > TRACE_LIMITS.maxChunkBytes) {
      if (wire.length === 1) {
        throw new RangeError(`cannot record event #${this.written}: it encodes to ${payload.length} bytes, more than maxChunkBytes`);
      }
      const half = wire.length >>> 1;
      this.writeEvents(wire.slice(0, half));
      this.writeEvents(wire.slice(half));
      return;
    }
    this.digest.update(payload);
    this.target.write(encodeChunk(ChunkKind.events, payload));
    this.written += wire.length;
  }
}
