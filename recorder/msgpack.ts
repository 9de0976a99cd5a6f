/**
 * The MessagePack writer traces are written with: exactly the subset the scanner admits
 * (nil, booleans, ints, float 64, strings, byte strings, arrays; no maps, no extensions),
 * each value in its shortest form, appended to an output buffer (`MsgpackWriter`).
 *
 * Why not msgpackr's `pack`: the writer is on the simulator's hot path, and a trace is a
 * few fixed shapes of arrays of scalars. Writing them directly costs a third of building
 * wire values and packing them, allocates nothing per event, lets a chunk be framed in
 * place, and makes the bytes depend only on this file and msgpack-put.ts (not on a dependency's version). Readers still decode with msgpackr,
 * behind the scan; the tests check this writer's bytes against msgpackr's for the same
 * values (`new Packr({ useRecords: false })`).
 *
 * Canonical forms (the same as msgpackr's with records off):
 * - a number that is an integer in [-2^31, 2^32) is the shortest int (positive and
 *   negative fixint, uint 8/16/32, int 8/16/32); every other number is float 64, NaN as
 *   the quiet NaN `7ff8000000000000`; -0 is written as 0;
 * - a bigint is int 64 below 2^63 and uint 64 from 2^63 (always 9 bytes, so it decodes
 *   back to a bigint);
 * - strings are UTF-8 (a lone surrogate becomes U+FFFD) as fixstr, str 8, 16 or 32 by
 *   byte length; byte strings bin 8, 16 or 32; arrays fixarray, array 16 or 32.
 */
import { crc32Update } from './crc32.js';
import { allocatePiece, trimPiece } from './slab.js';
import {
  ARRAY_HEADER_ROOM,
  NUMBER_ROOM,
  binRoom,
  putArrayHeader,
  putBigint,
  putBin,
  putBool,
  putHead,
  putNil,
  putNumber,
  putStr,
  putUint32,
  strRoom,
} from './msgpack-put.js';

/** Buffers never grow past this (unless one chunk needs more): a long run's chunks spread over several. */
const MAX_BUFFER = 1024 * 1024;

/**
 * An append-only output: values are written after the last `take`, and `take` hands the
 * bytes written since as a view that this writer never writes to again. A chunk is
 * therefore encoded in place, framed, and given to the target without a copy. Offsets
 * (`length`, `skip`, `setUint8`, ...) count from the last `take`.
 */
export class MsgpackWriter {
  private buf: Uint8Array;
  /** Where the bytes not yet taken start. */
  private start = 0;
  private pos = 0;

  /** `capacity`: the first buffer's size; a small one is a piece of a shared slab (slab.ts). */
  constructor(capacity = 4096) {
    this.buf = allocatePiece(capacity);
  }

  /**
   * No more writes: the room left after the bytes written goes back to the slab the
   * buffer came from. The bytes taken stay valid.
   */
  release(): void {
    trimPiece(this.buf, this.pos);
  }

  /** Bytes written since the last `take`. */
  get length(): number {
    return this.pos - this.start;
  }

  /** Bytes `[from, to)` since the last `take`, as a view that the next write may invalidate. */
  subarray(from: number, to: number = this.length): Uint8Array {
    return this.buf.subarray(this.start + from, this.start + to);
  }

  /** The bytes written since the last `take`, as a view this writer never touches again. */
  take(): Uint8Array {
    const taken = this.buf.subarray(this.start, this.pos);
    this.start = this.pos;
    return taken;
  }

  /** Discards the bytes written since the last `take`. */
  reset(): void {
    this.pos = this.start;
  }

  /** Discards the bytes written since the last `take` from offset `length` on. */
  truncate(length: number): void {
    this.pos = Math.min(this.pos, this.start + length);
  }

  /**
   * Room for `bytes` more bytes: returns the buffer to write them into, from `end`, with
   * the `put` functions of msgpack-put.ts; `advance` then says how far they reached. The
   * buffer stays valid until the next method call other than `end` and `advance`.
   */
  reserve(bytes: number): Uint8Array {
    this.ensure(bytes);
    return this.buf;
  }

  /** Where the next byte goes in the buffer `reserve` returned. */
  get end(): number {
    return this.pos;
  }

  /** Marks the reserved bytes up to `end` (a position in that buffer) as written. */
  advance(end: number): void {
    this.pos = end;
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes > this.buf.length) this.grow(bytes);
  }

  /** Moves the bytes not yet taken to a new buffer (taken views keep the old one). */
  private grow(bytes: number): void {
    const live = this.pos - this.start;
    // geometric in what the unfinished chunk needs, so a large chunk is copied O(1) times per byte
    const capacity = Math.max(Math.ceil((live + bytes) * 1.5), Math.min(this.buf.length * 2, MAX_BUFFER));
    const grown = new Uint8Array(capacity);
    grown.set(this.buf.subarray(this.start, this.pos));
    this.buf = grown;
    this.start = 0;
    this.pos = live;
  }

  /** Advances past `bytes` bytes, to be filled in with `setUint8`/`setUint32LE`; returns their offset. */
  skip(bytes: number): number {
    this.ensure(bytes);
    const at = this.pos - this.start;
    this.pos += bytes;
    return at;
  }

  setUint8(at: number, value: number): void {
    this.buf[this.start + at] = value;
  }

  setUint32LE(at: number, value: number): void {
    const p = this.start + at;
    this.buf[p] = value;
    this.buf[p + 1] = value >>> 8;
    this.buf[p + 2] = value >>> 16;
    this.buf[p + 3] = value >>> 24;
  }

  setUint32BE(at: number, value: number): void {
    putUint32(this.buf, this.start + at, value);
  }

  /** CRC-32 of bytes `[from, to)`, continuing `crc`. */
  crc32(crc: number, from: number, to: number): number {
    return crc32Update(crc, this.buf, this.start + from, this.start + to);
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  nil(): void {
    this.ensure(1);
    this.pos = putNil(this.buf, this.pos);
  }

  bool(value: boolean): void {
    this.ensure(1);
    this.pos = putBool(this.buf, this.pos, value);
  }

  number(value: number): void {
    this.ensure(NUMBER_ROOM);
    this.pos = putNumber(this.buf, this.pos, value);
  }

  /** A bigint in [-2^63, 2^64), as int 64 or uint 64. Throws RangeError outside. */
  bigint(value: bigint): void {
    this.ensure(NUMBER_ROOM);
    this.pos = putBigint(this.buf, this.pos, value);
  }

  str(value: string): void {
    this.ensure(strRoom(value));
    this.pos = putStr(this.buf, this.pos, value);
  }

  bin(value: Uint8Array): void {
    this.ensure(binRoom(value));
    this.pos = putBin(this.buf, this.pos, value);
  }

  /** An event's head: the header of its array of `items` (at most 15) and its code (below 128). */
  head(items: number, code: number): void {
    this.ensure(2);
    this.pos = putHead(this.buf, this.pos, items, code);
  }

  /** An array header; its `length` items follow. */
  array(length: number): void {
    this.ensure(ARRAY_HEADER_ROOM);
    this.pos = putArrayHeader(this.buf, this.pos, length);
  }

  /**
   * Any wire value: null, a boolean, a number, a bigint, a string, a Uint8Array, or an
   * array of them. For the cold paths (header, footer, outcome); throws TypeError for
   * anything else.
   */
  value(value: unknown): void {
    if (typeof value === 'number') this.number(value);
    else if (typeof value === 'string') this.str(value);
    else if (value === null) this.nil();
    else if (Array.isArray(value)) {
      const items = value as readonly unknown[];
      this.array(items.length);
      for (let i = 0; i < items.length; i++) this.value(items[i]);
    } else if (typeof value === 'boolean') this.bool(value);
    else if (value instanceof Uint8Array) this.bin(value);
    else if (typeof value === 'bigint') this.bigint(value);
    else throw new TypeError(`MsgpackWriter: cannot write ${typeof value}`);
  }
}
