/**
 * CRC-32/IEEE (the zlib and PNG checksum: reflected polynomial 0xEDB88320, initial and
 * final XOR 0xFFFFFFFF). Long ranges go to zlib (`zlib.crc32`, Node 20.15 and later),
 * several times faster than JavaScript; short ones (chunk headers) are cheaper here than
 * the call.
 */
import { crc32 as zlibCrc32 } from 'node:zlib';

/** Ranges up to this many bytes are computed in JavaScript. */
const SHORT = 64;

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * Continues a CRC over `bytes[start, end)`. Start from `crc32Update(0, ...)`; the result
 * of one call is the `crc` of the next, so `crc32Update(crc32Update(0, a), b)` is the
 * CRC of `a` followed by `b`.
 */
export function crc32Update(crc: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (end - start <= SHORT) {
    let c = ~crc;
    for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return ~c >>> 0;
  }
  return zlibCrc32(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end), crc);
}

/** CRC-32 of `bytes`, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  return crc32Update(0, bytes);
}
