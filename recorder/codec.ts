/**
 * The one place that configures msgpackr and calls it; nothing else in arksim packs or
 * unpacks trace bytes.
 *
 * Records on. A trace is thousands of objects of a few fixed shapes (one per event tag),
 * so msgpackr's records (`useRecords: true`) store each shape's keys once per chunk and
 * then one byte per object, and decode straight to objects: a chunk is a half to a third
 * the size of the same data as plain maps (measured on sample runs), and faster to decode.
 *
 * Each chunk self-contained. Every payload is packed by a fresh `Packr` with no shared
 * `structures`, no `getStructures`/`saveStructures` and without `sequential`, so msgpackr
 * numbers that payload's records from 0x40 and writes every definition it uses inside it;
 * nothing carries over from earlier chunks (or from other traces packed in the same
 * process). Unpacking uses an `Unpackr` without structures, which starts every payload
 * with no records defined, and `scanPayload` refuses any reference to a record the
 * payload has not itself defined. A damaged chunk therefore never affects the decoding
 * of the chunks after it, and a chunk can be decoded on its own.
 *
 * Deterministic. The bytes depend only on the values: writers build every object with
 * its keys in a fixed order, record ids are assigned in order of first use within the
 * payload, and nothing here depends on time, randomness, buffer history or process.
 *
 * Other options, and why:
 * - `moreTypes`, `structuredClone`, `bundleStrings`: off; traces use none of the
 *   extensions they enable (and the scanner refuses them).
 * - `useBigIntExtension`, `largeBigIntToFloat`, `largeBigIntToString`: off, so a bigint
 *   outside 64 bits throws instead of being silently changed. Bigints below 2^63 are packed
 *   as int64 and those from 2^63 to 2^64-1 as uint64; `int64AsType: 'bigint'` decodes both
 *   back to bigint.
 * - Numbers: integers that fit 32 bits are packed as MessagePack ints, larger ones (virtual
 *   times beyond ~71 minutes) as float64, which holds every integer up to 2^53 exactly and
 *   decodes to a number. A foreign int64 where a number is expected decodes to a bigint;
 *   the event schema (fields.ts) normalises it.
 * - `mapsAsObjects: false`: should a map ever get past the scanner, it decodes to a Map,
 *   which no schema accepts, rather than to an object with attacker-chosen keys.
 * - `copyBuffers: true`, on a plain Uint8Array view of the payload: each byte string decodes
 *   as its own Uint8Array (one allocation, no view into the trace), which the schema keeps.
 */
import { Packr, Unpackr, type Options } from 'msgpackr';
import { TraceFormatError } from './errors.js';
import type { TraceLimits } from './limits.js';
import { scanPayload } from './scan.js';

function packOptions(): Options {
  // A fresh object each time: msgpackr's constructors write to the options they are given.
  return {
    useRecords: true,
    maxOwnStructures: 64, // one-byte record ids 0x40-0x7f, which is all the scanner admits
    moreTypes: false,
    structuredClone: false,
    bundleStrings: false,
    useBigIntExtension: false,
    largeBigIntToFloat: false,
    largeBigIntToString: false,
    encodeUndefinedAsNil: false,
    variableMapSize: false,
  };
}

function unpackOptions(): Options {
  return {
    useRecords: true,
    mapsAsObjects: false,
    int64AsType: 'bigint',
    copyBuffers: true,
    structuredClone: false,
    moreTypes: false,
    sequential: false,
  };
}

/**
 * Packs one chunk payload. The result is a new buffer the caller owns (msgpackr returns a
 * view into a buffer it reuses).
 */
export function packPayload(value: unknown): Uint8Array {
  const packed = new Packr(packOptions()).pack(value);
  return new Uint8Array(packed);
}

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
    value = new Unpackr(unpackOptions()).unpack(source);
  } catch (error) {
    // The scan admits only what msgpackr decodes, so this is a bug in the scan; still a format error, not a crash.
    throw new TraceFormatError('bad-chunk', base, `MessagePack decoding failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { value, offsets };
}
