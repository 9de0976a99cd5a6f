/** Bytes for guests and modules: equality, building, u64 handles on the wire, previews. */
import { Buffer } from 'node:buffer';

/**
 * Byte equality for outputs: a plain loop for the usual few bytes (no allocation),
 * memcmp for large ones (outputs run to megabytes).
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  if (a.length < 256) {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
// ignoreBOM: bytes starting EF BB BF decode to a string starting U+FEFF, not one without it.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
export const fromUtf8 = (b: Uint8Array): string => decoder.decode(b);

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** u64 values little-endian, 8 bytes each: how one module hands handles to another. */
export function u64le(values: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigUint64(i * 8, BigInt.asUintN(64, v), true));
  return out;
}

/** The `index`th u64 of `bytes` (little-endian); 0n past the end. */
export function readU64le(bytes: Uint8Array, index: number): bigint {
  if (bytes.length < (index + 1) * 8) return 0n;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(index * 8, true);
}

/** `3 bytes [01 02 03]`, or the first and last bytes of a long buffer: for failure messages. */
export function describeBytes(b: Uint8Array): string {
  const hex = (s: Uint8Array): string => Array.from(s, (x) => x.toString(16).padStart(2, '0')).join(' ');
  const body = b.length <= 16 ? hex(b) : `${hex(b.subarray(0, 8))} .. ${hex(b.subarray(b.length - 4))}`;
  return `${b.length} byte${b.length === 1 ? '' : 's'} [${body}]`;
}

/** Where two buffers first differ, for failure messages about large outputs. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
