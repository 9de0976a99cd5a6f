/**
 * Byte-level helpers for building well-framed traces around hand-made payloads, so tests
 * can aim at one layer (framing, scan, schema) with everything else valid. Payloads are
 * packed by msgpackr (records off), independently of the recorder's own writer.
 */
import { Packr } from 'msgpackr';
import { traceDigest } from '../../../recorder/digest.js';
import { eventToWire } from '../../../recorder/event-wire.js';
import { footerToWire, type TraceFooter } from '../../../recorder/footer.js';
import { headerToWire, type TraceHeader } from '../../../recorder/header.js';
import { ChunkKind, encodeChunk, encodePrologue } from '../../../recorder/layout.js';
import type { TraceEvent } from '../../../sim/events.js';
import type { RunOutcome } from '../../../sim/outcome.js';

export { ChunkKind };

const packr = new Packr({ useRecords: false, useBigIntExtension: false, largeBigIntToFloat: false, largeBigIntToString: false });

/** `value` as MessagePack, by msgpackr with records off: a plain Uint8Array. */
export function pack(value: unknown): Uint8Array {
  return new Uint8Array(packr.pack(value));
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

export const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));

/** MessagePack fixstr or str 8 (ASCII). */
export function str(text: string): Uint8Array {
  const body = ascii(text);
  return body.length < 32 ? concat(Uint8Array.of(0xa0 | body.length), body) : concat(Uint8Array.of(0xd9, body.length), body);
}

export const fixarray = (...items: Uint8Array[]): Uint8Array => concat(Uint8Array.of(0x90 | items.length), ...items);

/** A frame event `[13, at, index]` (`at` and `index` below 128: fixints). */
export function frameEvent(at: number, index: number): Uint8Array {
  return fixarray(Uint8Array.of(13), Uint8Array.of(at), Uint8Array.of(index));
}

export function headerChunk(header: TraceHeader): Uint8Array {
  return encodeChunk(ChunkKind.header, pack(headerToWire(header)));
}

export function eventsPayload(events: readonly TraceEvent[]): Uint8Array {
  return pack(events.map(eventToWire));
}

export function footerChunk(footer: TraceFooter): Uint8Array {
  return encodeChunk(ChunkKind.footer, pack(footerToWire(footer)));
}

/**
 * A whole trace: prologue, header, one event chunk per payload, and a footer that is
 * correct for those payloads unless `footer` overrides parts of it (or is null: no footer).
 */
export function traceOf(
  header: TraceHeader,
  payloads: readonly Uint8Array[],
  eventCount: number,
  footer: Partial<TraceFooter> | null = {},
  outcome: RunOutcome = { kind: 'pass' },
): Uint8Array {
  const parts = [encodePrologue(), headerChunk(header), ...payloads.map((p) => encodeChunk(ChunkKind.events, p))];
  if (footer !== null) parts.push(footerChunk({ eventCount, digest: traceDigest(payloads), outcome, ...footer }));
  return concat(...parts);
}

export interface ChunkInfo {
  readonly offset: number;
  readonly kind: number;
  readonly length: number;
  /** Offset just past the chunk. */
  readonly end: number;
}

/** The chunks of a well-formed trace. */
export function chunksOf(bytes: Uint8Array): ChunkInfo[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: ChunkInfo[] = [];
  for (let pos = 10; pos < bytes.length; ) {
    const length = view.getUint32(pos + 1, true);
    chunks.push({ offset: pos, kind: bytes[pos], length, end: pos + 9 + length });
    pos += 9 + length;
  }
  return chunks;
}

/** A canonical string for events, for fast exact comparison (bigints, byte arrays and key order included). */
export function eventsKey(events: readonly unknown[]): string {
  return JSON.stringify(events, (_k, v: unknown) =>
    typeof v === 'bigint'
      ? `${v}n`
      : v instanceof Uint8Array
        ? `${v.constructor.name}:${Buffer.from(v).toString('hex')}`
        : typeof v === 'number' && Object.is(v, -0)
          ? '-0'
          : v,
  );
}
