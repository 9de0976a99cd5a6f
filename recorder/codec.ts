/**
 * Decoding: the one place that configures msgpackr and calls it. (Writing is
 * msgpack.ts, which writes only the MessagePack subset the scanner admits.)
 *
 * A payload reaches msgpackr only after `scanPayload` has admitted it: nil, booleans,
 * ints, floats, strings, byte strings and arrays, within the limits. No maps, no
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
import type { TraceLimits } from './limits.js';
import { scanPayload } from './scan.js';

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

export interface DecodedPayload {
  readonly value: unknown;
  /** Offsets in the payload of the top-level array's items, when one was asked for. */
  readonly offsets: Uint32Array | null;
}

/**
 * Scans `payload` (see scan.ts), then unpacks it. `base` is the payload's offset in the
 * trace, for error offsets; `topArrayMax` as for `scanPayload`. Throws only
 * `TraceFormatError`.
 */
export function decodePayload(
  payload: Uint8Array,
  base: number,
  limits: TraceLimits,
  topArrayMax: number | null,
): DecodedPayload {
  const offsets = scanPayload(payload, base, limits, topArrayMax);
  // A plain Uint8Array view (no copy), so that copied byte strings are plain Uint8Arrays
  // too (a Buffer's slices are Buffers).
  const source = new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  let value: unknown;
  try {
    value = unpackr.unpack(source);
  } catch (error) {
    // The scan admits only what msgpackr decodes, so this is a bug in the scan; still a format error, not a crash.
    throw new TraceFormatError('bad-chunk', base, `MessagePack decoding failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { value, offsets };
}
