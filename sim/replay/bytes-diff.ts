/**
 * Where two byte fields differ. A one-line event description shows only a field's first
 * bytes, so two megabyte inputs that differ at byte 1000 would read the same; a
 * difference names the first differing offset and shows both sides around it.
 */

/** Bytes shown on each side of the first difference. */
export const BYTES_CONTEXT = 8;

export interface ByteWindow {
  /** Offset of the first byte shown. */
  readonly start: number;
  /** Hex of the bytes shown: [start, start + 2 * BYTES_CONTEXT + 1), as far as the field goes. */
  readonly hex: string;
}

export interface ByteDifference {
  /** The first differing offset; the shorter field's length when it is a prefix of the other. */
  readonly offset: number;
  readonly lengths: { readonly expected: number; readonly actual: number };
  readonly expected: ByteWindow;
  readonly actual: ByteWindow;
}

/** The first difference between two byte fields, or `undefined` when they are equal. */
export function bytesDifference(expected: Uint8Array, actual: Uint8Array): ByteDifference | undefined {
  const n = Math.min(expected.length, actual.length);
  let offset = 0;
  while (offset < n && expected[offset] === actual[offset]) offset++;
  if (offset === n && expected.length === actual.length) return undefined;
  const start = Math.max(0, offset - BYTES_CONTEXT);
  const window = (b: Uint8Array): ByteWindow => ({ start, hex: Buffer.from(b.subarray(start, offset + BYTES_CONTEXT + 1)).toString('hex') });
  return { offset, lengths: { expected: expected.length, actual: actual.length }, expected: window(expected), actual: window(actual) };
}

/** One side of the window, the first differing byte in brackets (`[end]` where the field ends first). */
function side(w: ByteWindow, offset: number, length: number): string {
  const at = (offset - w.start) * 2;
  const differing = offset < length ? `[${w.hex.slice(at, at + 2)}]` : '[end]';
  const before = `${w.start > 0 ? '…' : ''}${w.hex.slice(0, at)}`;
  const after = `${w.hex.slice(at + 2)}${w.start + w.hex.length / 2 < length ? '…' : ''}`;
  return `${before}${differing}${after}`;
}

/** `at byte 1000 (1048576 B → 1048576 B): …0011[22]33… → …0011[ff]33…` */
export function describeBytesDifference(d: ByteDifference): string {
  const { offset, lengths } = d;
  return `at byte ${offset} (${lengths.expected} B → ${lengths.actual} B): ${side(d.expected, offset, lengths.expected)} → ${side(d.actual, offset, lengths.actual)}`;
}
