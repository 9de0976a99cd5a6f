/**
 * Decoding: the one place that configures msgpackr and calls it. (Writing is
 * msgpack.ts, which writes only the MessagePack subset the scanner admits.)
 *
 * A payload reaches msgpackr only after the scan (scan.ts) has admitted it: nil, booleans,
 * ints, floats, strings, byte strings and arrays, within the limits, and in the shape its
 * schema allows (shape.ts), so that decoding it costs about ten times its size. No maps, no
 * extensions, so no records, Dates, Sets or other objects, and no keys that could be
 * `__proto__`; every payload decodes on its own (no state carries over between payloads,
 * so a chunk can be decoded without the chunks before it).
 *
 * Options, and why:
 * - `useRecords: false`: bytes 0x40-0x7f are positive fixints, as MessagePack defines
 *   (msgpackr's records would read them as references to record definitions).
 * - `int64AsType: 'bigint'`: int 64 and uint 64 decode to bigints (u64 values from 2^32,
 *   and bigint arguments); the event schema (fields.ts) normalises a foreign int 64
 *   where a number is expected.
 * - `mapsAsObjects: false`, `structuredClone`, `moreTypes`: off; should a map or an
 *   extension ever get past the scanner, it decodes to a Map or a typed object, which
 *   no schema accepts, rather than to an object with attacker-chosen keys.
 * - `copyBuffers: true`, on a plain Uint8Array view of the payload: each byte string decodes
 *   as its own Uint8Array (one allocation, no view into the trace), which the schema keeps.
 */
import { Unpackr } from 'msgpackr';
import { TraceFormatError } from './errors.js';
import { TRACE_FORMAT_VERSION, type TraceFormatVersion } from './layout.js';
import type { TraceLimits } from './limits.js';
import { scanEvents, scanPayload } from './scan.js';
import { EVENT_FIELD_SHAPES_BY_VERSION, fitShape, type WireDecoder, type WireShape } from './shape.js';

/** Stateless with these options (no structures, not sequential), so one serves every payload. */
const unpackr = new Unpackr({
  useRecords: false,
  mapsAsObjects: false,
  int64AsType: 'bigint',
  copyBuffers: true,
  structuredClone: false,
  moreTypes: false,
  sequential: false,
});

/** A plain Uint8Array view of `payload` (no copy), so that copied byte strings are plain Uint8Arrays too (a Buffer's slices are Buffers). */
function plainView(payload: Uint8Array): Uint8Array {
  return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
}

/** msgpackr failed on what the scan admitted: a bug in the scan; still a format error, not a crash. */
function decodingFailed(offset: number, error: unknown): TraceFormatError {
  return new TraceFormatError('bad-chunk', offset, `MessagePack decoding failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** msgpackr on `source[start, end)`, which the scan has admitted. */
function unpack(source: Uint8Array, base: number, start: number, end: number): unknown {
  try {
    return start === 0 && end === source.length ? unpackr.unpack(source) : unpackr.unpack(source, { start, end });
  } catch (error) {
    throw decodingFailed(base + start, error);
  }
}

/** Values and runs of values in `source` (a scanned payload at `base` in the trace). */
function decoder(source: Uint8Array, base: number): WireDecoder {
  return {
    value: (start, end) => unpack(source, base, start, end),
    list: (start, end, count, last) => {
      // One array of count + 1 items, the last nil for now: one allocation, however long.
      const bytes = new Uint8Array(5 + (end - start) + 1);
      bytes[0] = 0xdd;
      new DataView(bytes.buffer).setUint32(1, count + 1);
      bytes.set(source.subarray(start, end), 5);
      bytes[bytes.length - 1] = 0xc0;
      let array: unknown[];
      try {
        array = unpackr.unpack(bytes) as unknown[];
      } catch (error) {
        throw decodingFailed(base + start, error);
      }
      array[count] = last;
      return array;
    },
  };
}

export interface DecodedPayload {
  /** The decoded value; where it does not fit its shape, a stand-in (shape.ts) the schema refuses. */
  readonly value: unknown;
  /** Whether the payload fits its shape (when it does not, the schema must refuse `value`). */
  readonly fits: boolean;
}

/**
 * A header or footer payload: scanned (see scan.ts), checked against `shape`, then
 * unpacked; or, when it does not fit, a bounded stand-in of it (see `fitShape`) for the
 * schema to refuse with its own message. `base` is the payload's offset in the trace, for
 * error offsets. Throws only `TraceFormatError`.
 */
export function decodePayload(payload: Uint8Array, base: number, limits: TraceLimits, shape: WireShape): DecodedPayload {
  scanPayload(payload, base, limits, null);
  const source = plainView(payload);
  if (fitShape(source, 0, shape, null).fits) return { value: unpack(source, base, 0, source.length), fits: true };
  return { value: fitShape(source, 0, shape, decoder(source, base)).value, fits: false };
}

export interface DecodedEvents {
  /** The events' decoded wire arrays; after a misfit, only those before it and the misfit's stand-in (last). */
  readonly events: readonly unknown[];
  /** Offsets in the payload of the events (at least those in `events`). */
  readonly offsets: Uint32Array;
  /** Whether the last of `events` is the stand-in of an event that does not fit its shape (which the schema must refuse). */
  readonly misfit: boolean;
}

/**
 * An event chunk payload of at most `room` events, scanned and checked against the
 * event shapes (`scanEvents`), then unpacked: whole when every event fits; otherwise the
 * events before the first misfit (in one run) and the misfit's bounded stand-in, with the
 * event shapes of format `version` (the writer's unless told). Throws only `TraceFormatError`.
 */
export function decodeEvents(payload: Uint8Array, base: number, limits: TraceLimits, room: number, version: TraceFormatVersion = TRACE_FORMAT_VERSION): DecodedEvents {
  const { offsets, misfit } = scanEvents(payload, base, limits, room, version);
  const source = plainView(payload);
  if (misfit < 0) {
    const value = unpack(source, base, 0, source.length);
    if (!Array.isArray(value) || value.length !== offsets.length) {
      throw new TraceFormatError('bad-chunk', base, 'an event chunk payload must be an array of events');
    }
    return { events: value as unknown[], offsets, misfit: false };
  }
  const decode = decoder(source, base);
  const standIn = fitShape(source, offsets[misfit], 'event', decode, EVENT_FIELD_SHAPES_BY_VERSION[version]).value;
  return { events: decode.list(offsets[0], offsets[misfit], misfit, standIn), offsets, misfit: true };
}
