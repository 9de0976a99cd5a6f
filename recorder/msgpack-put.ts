/**
 * MessagePack values written at a position of a buffer that already has room for them:
 * `putX(b, p, value)` writes the canonical form of `value` (msgpack.ts lists the forms)
 * at `b[p]` and returns the position after it. `MsgpackWriter` writes with these, and the
 * event encoders call them directly: they make room for an event's largest encoding once
 * and write its fields with the buffer and position in local variables. Calling a writer
 * method per field instead reloads both and checks the room every time; in a recorded
 * run that cost a fifth of the encoding.
 *
 * Room needed: `NUMBER_ROOM` for a number or a bigint, 1 for nil and booleans, 2 for an
 * event head, `ARRAY_HEADER_ROOM` for an array header, `strRoom(s)` for a string and
 * `binRoom(bytes)` for a byte string.
 */
import { u32Of } from '../sim/u32.js';

/** Bytes a number or bigint takes at most (float 64, int 64, uint 64). */
export const NUMBER_ROOM = 9;

/** Bytes an array header takes at most (array 32). */
export const ARRAY_HEADER_ROOM = 5;

/** Strings shorter than this are encoded in JavaScript; longer ones by Buffer#write (a native call has a fixed cost). */
const SHORT_STRING = 64;

/** Bytes `value` takes at most: 3 UTF-8 bytes per UTF-16 unit and a str 32 header. */
export function strRoom(value: string): number {
  return value.length * 3 + 5;
}

/** Bytes `value` takes as a byte string, at most (a bin 32 header). */
export function binRoom(value: Uint8Array): number {
  return value.length + 5;
}

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

// Scratch for the bytes of floats and bigints (a DataView per call costs more than it saves).
const F64 = new Float64Array(1);
const I64 = new BigInt64Array(F64.buffer);
const U64 = new BigUint64Array(F64.buffer);
const SCRATCH = new Uint8Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** `value` as 4 big-endian bytes at `p`. */
export function putUint32(b: Uint8Array, p: number, value: number): void {
  b[p] = value >>> 24;
  b[p + 1] = (value >>> 16) & 0xff;
  b[p + 2] = (value >>> 8) & 0xff;
  b[p + 3] = value & 0xff;
}

/** The 8 scratch bytes (a float 64 or a 64-bit integer just stored there), big-endian, at `p`. */
function putScratch(b: Uint8Array, p: number): void {
  if (LITTLE_ENDIAN) for (let i = 0; i < 8; i++) b[p + i] = SCRATCH[7 - i] as number;
  else b.set(SCRATCH, p);
}

/** An event's head: the header of its array of `items` (at most 15) and its code (below 128). */
export function putHead(b: Uint8Array, p: number, items: number, code: number): number {
  b[p] = 0x90 | items;
  b[p + 1] = code;
  return p + 2;
}

export function putNil(b: Uint8Array, p: number): number {
  b[p] = 0xc0;
  return p + 1;
}

export function putBool(b: Uint8Array, p: number, value: boolean): number {
  b[p] = value ? 0xc3 : 0xc2;
  return p + 1;
}

/** The shortest int for an integer in [-2^31, 2^32) (-0 as 0), float 64 for any other number. */
export function putNumber(b: Uint8Array, p: number, value: number): number {
  if (value >>> 0 === value) {
    if (value < 0x80) {
      b[p] = value;
      return p + 1;
    }
    if (value < 0x100) {
      b[p] = 0xcc;
      b[p + 1] = value;
      return p + 2;
    }
    if (value < 0x10000) {
      b[p] = 0xcd;
      b[p + 1] = value >>> 8;
      b[p + 2] = value & 0xff;
      return p + 3;
    }
    b[p] = 0xce;
    putUint32(b, p + 1, value);
    return p + 5;
  }
  if (value >> 0 === value) {
    if (value >= -0x20) {
      b[p] = value & 0xff;
      return p + 1;
    }
    if (value >= -0x80) {
      b[p] = 0xd0;
      b[p + 1] = value & 0xff;
      return p + 2;
    }
    if (value >= -0x8000) {
      b[p] = 0xd1;
      b[p + 1] = (value >> 8) & 0xff;
      b[p + 2] = value & 0xff;
      return p + 3;
    }
    b[p] = 0xd2;
    putUint32(b, p + 1, value >>> 0);
    return p + 5;
  }
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
  return p + 9;
}

/** A bigint in [-2^63, 2^64), as int 64 or uint 64 (always 9 bytes). Throws RangeError outside. */
export function putBigint(b: Uint8Array, p: number, value: bigint): number {
  if (value >= I64_MIN && value <= I64_MAX) {
    b[p] = 0xd3;
    I64[0] = value;
  } else if (value > I64_MAX && value <= U64_MAX) {
    b[p] = 0xcf;
    U64[0] = value;
  } else {
    throw new RangeError(`bigint ${value} is outside 64 bits`);
  }
  putScratch(b, p + 1);
  return p + 9;
}

/**
 * A u64 handle as the wire has it: below 2^32 as the number it equals (shortest int),
 * from 2^32 as a 64-bit bigint. The caller has checked `0 <= value < 2^64`.
 */
export function putU64(b: Uint8Array, p: number, value: bigint): number {
  const small = u32Of(value);
  return small >= 0 ? putNumber(b, p, small) : putBigint(b, p, value);
}

/** UTF-8 (a lone surrogate as U+FFFD, as TextEncoder and Buffer#write do) as fixstr, str 8, 16 or 32. */
export function putStr(b: Uint8Array, p: number, value: string): number {
  const units = value.length;
  if (units >= SHORT_STRING) return putLongStr(b, p, value);
  // at most 3 bytes per UTF-16 unit: under 192 bytes, so a fixstr or str 8
  const start = p + 1;
  let q = start;
  for (let i = 0; i < units; i++) {
    let c = value.charCodeAt(i);
    if (c < 0x80) b[q++] = c;
    else if (c < 0x800) {
      b[q++] = 0xc0 | (c >> 6);
      b[q++] = 0x80 | (c & 0x3f);
    } else if ((c & 0xfc00) === 0xd800 && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      c = 0x10000 + ((c & 0x3ff) << 10) + (value.charCodeAt(++i) & 0x3ff);
      b[q++] = 0xf0 | (c >> 18);
      b[q++] = 0x80 | ((c >> 12) & 0x3f);
      b[q++] = 0x80 | ((c >> 6) & 0x3f);
      b[q++] = 0x80 | (c & 0x3f);
    } else if ((c & 0xf800) === 0xd800) {
      b[q++] = 0xef;
      b[q++] = 0xbf;
      b[q++] = 0xbd;
    } else {
      b[q++] = 0xe0 | (c >> 12);
      b[q++] = 0x80 | ((c >> 6) & 0x3f);
      b[q++] = 0x80 | (c & 0x3f);
    }
  }
  const length = q - start;
  if (length < 0x20) {
    b[p] = 0xa0 | length;
    return q;
  }
  b.copyWithin(start + 1, start, q);
  b[p] = 0xd9;
  b[p + 1] = length;
  return q + 1;
}

function putLongStr(b: Uint8Array, p: number, value: string): number {
  const max = value.length * 3;
  const reserved = max < 0x100 ? 2 : max < 0x10000 ? 3 : 5;
  const length = Buffer.from(b.buffer, b.byteOffset, b.byteLength).write(value, p + reserved, max, 'utf8');
  const header = length < 0x20 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 5;
  if (header !== reserved) b.copyWithin(p + header, p + reserved, p + reserved + length);
  if (header === 1) b[p] = 0xa0 | length;
  else if (header === 2) {
    b[p] = 0xd9;
    b[p + 1] = length;
  } else if (header === 3) {
    b[p] = 0xda;
    b[p + 1] = length >>> 8;
    b[p + 2] = length & 0xff;
  } else {
    b[p] = 0xdb;
    putUint32(b, p + 1, length);
  }
  return p + header + length;
}

/** Bytes as bin 8, 16 or 32. */
export function putBin(b: Uint8Array, p: number, value: Uint8Array): number {
  const length = value.length;
  if (length < 0x100) {
    b[p] = 0xc4;
    b[p + 1] = length;
    p += 2;
  } else if (length < 0x10000) {
    b[p] = 0xc5;
    b[p + 1] = length >>> 8;
    b[p + 2] = length & 0xff;
    p += 3;
  } else {
    b[p] = 0xc6;
    putUint32(b, p + 1, length);
    p += 5;
  }
  // a few bytes (inputs, small outputs) copy faster in a loop than through set()'s native call
  if (length <= 16) for (let i = 0; i < length; i++) b[p + i] = value[i] as number;
  else b.set(value, p);
  return p + length;
}

/** An array header; its `length` items follow. */
export function putArrayHeader(b: Uint8Array, p: number, length: number): number {
  if (length < 0x10) {
    b[p] = 0x90 | length;
    return p + 1;
  }
  if (length < 0x10000) {
    b[p] = 0xdc;
    b[p + 1] = length >>> 8;
    b[p + 2] = length & 0xff;
    return p + 3;
  }
  b[p] = 0xdd;
  putUint32(b, p + 1, length);
  return p + 5;
}
