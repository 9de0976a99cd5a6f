/**
 * The MessagePack writer traces are written with: exactly the subset the scanner admits
 * (nil, booleans, ints, float 64, strings, byte strings, arrays; no maps, no extensions),
 * each value in its shortest form, appended to an output buffer (`MsgpackWriter`).
 *
 * Why not msgpackr's `pack`: the writer is on the simulator's hot path, and a trace is a
 * few fixed shapes of arrays of scalars. Writing them directly costs a third of building
 * wire values and packing them, allocates nothing per event, lets a chunk be framed in
 * place, and makes the bytes depend only on this file (not on a dependency's version). Readers still decode with msgpackr,
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

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** Strings shorter than this are encoded in JavaScript; longer ones by Buffer#write (a native call has a fixed cost). */
const SHORT_STRING = 64;

// Scratch for the bytes of floats and bigints (a DataView per writer costs more than it saves).
const F64 = new Float64Array(1);
const I64 = new BigInt64Array(F64.buffer);
const U64 = new BigUint64Array(F64.buffer);
const SCRATCH = new Uint8Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

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
  /** A Buffer over `buf`, for `Buffer#write` of long strings; made when first needed. */
  private text: Buffer | undefined;
  /** Where the bytes not yet taken start. */
  private start = 0;
  private pos = 0;

  constructor(capacity = 4096) {
    this.buf = new Uint8Array(capacity);
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
    this.text = undefined;
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
    this.buf[this.pos++] = 0xc0;
  }

  bool(value: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = value ? 0xc3 : 0xc2;
  }

  number(value: number): void {
    let p = this.pos;
    if (value >>> 0 === value && value < 0x80 && p < this.buf.length) {
      // positive fixint: the common case (codes, sizes, small times and indices)
      this.buf[p] = value;
      this.pos = p + 1;
      return;
    }
    this.ensure(9);
    p = this.pos;
    const b = this.buf;
    if (value >>> 0 === value) {
      if (value < 0x80) b[p++] = value;
      else if (value < 0x100) {
        b[p++] = 0xcc;
        b[p++] = value;
      } else if (value < 0x10000) {
        b[p++] = 0xcd;
        b[p++] = value >>> 8;
        b[p++] = value & 0xff;
      } else {
        b[p] = 0xce;
        putUint32(b, p + 1, value);
        p += 5;
      }
    } else if (value >> 0 === value) {
      if (value >= -0x20) b[p++] = value & 0xff;
      else if (value >= -0x80) {
        b[p++] = 0xd0;
        b[p++] = value & 0xff;
      } else if (value >= -0x8000) {
        b[p++] = 0xd1;
        b[p++] = (value >> 8) & 0xff;
        b[p++] = value & 0xff;
      } else {
        b[p] = 0xd2;
        putUint32(b, p + 1, value >>> 0);
        p += 5;
      }
    } else {
      b[p] = 0xcb;
      if (value === value) {
        F64[0] = value;
        putScratch(b, p + 1);
      } else {
        // every NaN as the one quiet NaN, so the bytes never depend on a NaN's payload
        b.fill(0, p + 1, p + 9);
        b[p + 1] = 0x7f;
        b[p + 2] = 0xf8;
      }
      p += 9;
    }
    this.pos = p;
  }

  /** A bigint in [-2^63, 2^64), as int 64 or uint 64. Throws RangeError outside. */
  bigint(value: bigint): void {
    this.ensure(9);
    if (value >= I64_MIN && value <= I64_MAX) {
      this.buf[this.pos] = 0xd3;
      I64[0] = value;
    } else if (value > I64_MAX && value <= U64_MAX) {
      this.buf[this.pos] = 0xcf;
      U64[0] = value;
    } else {
      throw new RangeError(`bigint ${value} is outside 64 bits`);
    }
    putScratch(this.buf, this.pos + 1);
    this.pos += 9;
  }

  str(value: string): void {
    const units = value.length;
    if (units < SHORT_STRING) {
      // at most 3 bytes per UTF-16 unit: under 192 bytes, so a fixstr or str 8
      this.ensure(2 + units * 3);
      const b = this.buf;
      const start = this.pos + 1;
      let p = start;
      for (let i = 0; i < units; i++) {
        let c = value.charCodeAt(i);
        if (c < 0x80) b[p++] = c;
        else if (c < 0x800) {
          b[p++] = 0xc0 | (c >> 6);
          b[p++] = 0x80 | (c & 0x3f);
        } else if ((c & 0xfc00) === 0xd800 && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
          c = 0x10000 + ((c & 0x3ff) << 10) + (value.charCodeAt(++i) & 0x3ff);
          b[p++] = 0xf0 | (c >> 18);
          b[p++] = 0x80 | ((c >> 12) & 0x3f);
          b[p++] = 0x80 | ((c >> 6) & 0x3f);
          b[p++] = 0x80 | (c & 0x3f);
        } else if ((c & 0xf800) === 0xd800) {
          // a lone surrogate: U+FFFD, as TextEncoder and Buffer#write do
          b[p++] = 0xef;
          b[p++] = 0xbf;
          b[p++] = 0xbd;
        } else {
          b[p++] = 0xe0 | (c >> 12);
          b[p++] = 0x80 | ((c >> 6) & 0x3f);
          b[p++] = 0x80 | (c & 0x3f);
        }
      }
      const length = p - start;
      if (length < 0x20) {
        b[this.pos] = 0xa0 | length;
        this.pos = p;
      } else {
        b.copyWithin(start + 1, start, p);
        b[this.pos] = 0xd9;
        b[this.pos + 1] = length;
        this.pos = p + 1;
      }
      return;
    }
    const max = units * 3;
    const reserved = max < 0x100 ? 2 : max < 0x10000 ? 3 : 5;
    this.ensure(reserved + max);
    this.text ??= Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    const length = this.text.write(value, this.pos + reserved, max, 'utf8');
    const header = length < 0x20 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 5;
    const p = this.pos;
    if (header !== reserved) this.buf.copyWithin(p + header, p + reserved, p + reserved + length);
    if (header === 1) this.buf[p] = 0xa0 | length;
    else if (header === 2) {
      this.buf[p] = 0xd9;
      this.buf[p + 1] = length;
    } else if (header === 3) {
      this.buf[p] = 0xda;
      this.buf[p + 1] = length >>> 8;
      this.buf[p + 2] = length & 0xff;
    } else {
      this.buf[p] = 0xdb;
      putUint32(this.buf, p + 1, length);
    }
    this.pos = p + header + length;
  }

  bin(value: Uint8Array): void {
    const length = value.length;
    this.ensure(5 + length);
    const p = this.pos;
    if (length < 0x100) {
      this.buf[p] = 0xc4;
      this.buf[p + 1] = length;
      this.pos = p + 2;
    } else if (length < 0x10000) {
      this.buf[p] = 0xc5;
      this.buf[p + 1] = length >>> 8;
      this.buf[p + 2] = length & 0xff;
      this.pos = p + 3;
    } else {
      this.buf[p] = 0xc6;
      putUint32(this.buf, p + 1, length);
      this.pos = p + 5;
    }
    this.buf.set(value, this.pos);
    this.pos += length;
  }

  /** An event's head: the header of its array of `items` (at most 15) and its code (below 128). */
  head(items: number, code: number): void {
    this.ensure(2);
    this.buf[this.pos] = 0x90 | items;
    this.buf[this.pos + 1] = code;
    this.pos += 2;
  }

  /** An array header; its `length` items follow. */
  array(length: number): void {
    this.ensure(5);
    const p = this.pos;
    if (length < 0x10) {
      this.buf[p] = 0x90 | length;
      this.pos = p + 1;
    } else if (length < 0x10000) {
      this.buf[p] = 0xdc;
      this.buf[p + 1] = length >>> 8;
      this.buf[p + 2] = length & 0xff;
      this.pos = p + 3;
    } else {
      this.buf[p] = 0xdd;
      putUint32(this.buf, p + 1, length);
      this.pos = p + 5;
    }
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

/** `value` as 4 big-endian bytes at `at`. */
function putUint32(b: Uint8Array, at: number, value: number): void {
  b[at] = value >>> 24;
  b[at + 1] = (value >>> 16) & 0xff;
  b[at + 2] = (value >>> 8) & 0xff;
  b[at + 3] = value & 0xff;
}

/** The 8 scratch bytes (a float 64 or a 64-bit integer just stored there), big-endian, at `at`. */
function putScratch(b: Uint8Array, at: number): void {
  if (LITTLE_ENDIAN) for (let i = 0; i < 8; i++) b[at + i] = SCRATCH[7 - i];
  else b.set(SCRATCH, at);
}
