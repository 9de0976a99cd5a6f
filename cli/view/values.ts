/** How trace values look to people (the table, the timeline) and in JSON. */
import { codeName } from '../../sim/host/codes.js';

/** Bytes shown before a buffer is abbreviated. */
export const SHOWN_BYTES = 16;

/** `0x0102ff (3 B)`; a long buffer keeps its first `shown` bytes: `0x0102…  (300 B)`. */
export function hexBytes(bytes: Uint8Array, shown: number = SHOWN_BYTES): string {
  if (bytes.length === 0) return '(0 B)';
  const head = Buffer.from(bytes.subarray(0, shown)).toString('hex');
  return `0x${head}${bytes.length > shown ? '…' : ''} (${bytes.length} B)`;
}

/** Every byte as hex, for JSON and the details panel. */
export function fullHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** A status code by name, `NotFound (6)`. */
export function code(c: number): string {
  return codeName(c);
}

/** `1,234,567`: virtual microseconds are easier to read grouped. */
export function grouped(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : String(n);
}

/**
 * Free text on one line and inert on a terminal: control characters (C0, DEL, C1, which
 * includes the 8-bit CSI), line and paragraph separators and bidirectional overrides are
 * escaped, so text from a guest or a trace cannot break a table, move the cursor, retitle
 * the window or reorder what is shown.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\t') return '\\t';
    const c = ch.charCodeAt(0);
    return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16)}`;
  });
}

/**
 * A value that `JSON.stringify` can write: bigints as decimal strings, bytes as hex,
 * everything else as is (recursively). Gotchas: the result loses the bigint/number
 * distinction, so it is for reading, not for replay.
 */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return fullHex(value);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsonSafe(v);
    return out;
  }
  return value;
}

/** A request or function handle as the user types it back: decimal, or `0x` hex. Throws `RangeError`. */
export function parseHandle(text: string): bigint {
  const t = text.trim();
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(t)) throw new RangeError(`"${text}" is not a handle (a decimal or 0x-hex number)`);
  const v = BigInt(t);
  if (v >= 1n << 64n) throw new RangeError(`"${text}" is larger than a u64 handle`);
  return v;
}

/**
 * An event for `--json` output: `eventIndex` (its position in the trace; not `index`,
 * which a `frame` event has as a field of its own), then its fields, JSON-safe.
 */
export function eventJson(eventIndex: number, event: object): Record<string, unknown> {
  return { eventIndex, ...(jsonSafe(event) as Record<string, unknown>) };
}
