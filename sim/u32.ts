/**
 * A bigint as a 32-bit number without `Number(bigint)`, which V8 runs as a runtime call:
 * `asUintN` and a typed-array store are inlined. The FFI's handles are bigints and are
 * converted on hot paths (handle tables, trace encoding).
 */

const U64 = new BigUint64Array(1);
const U32 = new Uint32Array(U64.buffer);
/** Index of the low 32 bits of `U64[0]` in `U32`. */
const LOW = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 0 : 1;

/** The number `value` equals if `0 <= value < 2^32`, else -1. */
export function u32Of(value: bigint): number {
  if (BigInt.asUintN(32, value) !== value) return -1;
  U64[0] = value;
  return U32[LOW] as number;
}
