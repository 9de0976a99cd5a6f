/**
 * What a TS guest or JS module may pass to the FFI: the values a Wasm guest's binding
 * can pass (sim/wasm/ffi-imports.ts), since JavaScript callers are not held to the
 * types at run time. Each check returns why a value is refused, or `undefined`.
 */
import { MAX_NAME_BYTES, MAX_PAYLOAD_BYTES } from '../bytes.js';
import { isWellFormed } from '../text.js';

const I64_MIN = -(1n << 63n);
const U64_MAX = (1n << 64n) - 1n;

/** A short description of a value for a reason (never its contents: they could be huge or not well-formed). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'bigint':
      return `bigint ${value}n`;
    case 'string':
      return `a string of ${value.length} characters`;
    case 'object': {
      if (Array.isArray(value)) return `an array of ${value.length}`;
      const ctor = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor;
      return typeof ctor?.name === 'string' && ctor.name !== 'Object' ? `a ${ctor.name}` : 'an object';
    }
    default:
      return typeof value;
  }
}

/** A handle (`fn_handle`, `request`): a bigint in u64 range, as the binding lowers an i64. */
export function notU64(what: string, value: unknown): string | undefined {
  if (typeof value === 'bigint' && BigInt.asUintN(64, value) === value) return undefined;
  return `${what}: expected a u64 bigint, got ${describe(value)}`;
}

/** `fn_type`, `out_buffer_len`: an integer number in u32 range. */
export function notU32(what: string, value: unknown): string | undefined {
  if (typeof value === 'number' && value >>> 0 === value) return undefined;
  return `${what}: expected a u32 integer, got ${describe(value)}`;
}

/** A launch input: a Uint8Array (a Node Buffer is one) of at most MAX_PAYLOAD_BYTES. */
export function notPayload(what: string, value: unknown): string | undefined {
  if (!(value instanceof Uint8Array)) return `${what}: expected a Uint8Array, got ${describe(value)}`;
  if (value.length > MAX_PAYLOAD_BYTES) return `${what}: ${value.length} bytes exceed the ${MAX_PAYLOAD_BYTES} a trace can record`;
  return undefined;
}

/** A module or function name: a string that is valid UTF-8 once encoded (no lone surrogate), of at most MAX_NAME_BYTES. */
export function notName(what: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return `${what}: expected a string, got ${describe(value)}`;
  if (!isWellFormed(value)) return `${what} is not valid UTF-8 (it has a lone surrogate)`;
  // Up to 3 UTF-8 bytes per UTF-16 unit: count only strings that might be too long.
  if (value.length * 3 > MAX_NAME_BYTES && Buffer.byteLength(value, 'utf8') > MAX_NAME_BYTES) {
    return `${what}: ${Buffer.byteLength(value, 'utf8')} UTF-8 bytes exceed the ${MAX_NAME_BYTES} a trace can record`;
  }
  return undefined;
}

/**
 * An argument of a refused call as its `ffi.rejected` event records it: a number (but
 * NaN) or a bigint in i64/u64 range as it was passed; anything else (strings, bytes,
 * NaN, other bigints, objects) as 0, with the event's reason saying what it was.
 */
export function recordedArg(value: unknown): number | bigint {
  if (typeof value === 'number') return Number.isNaN(value) ? 0 : value;
  if (typeof value === 'bigint' && value >= I64_MIN && value <= U64_MAX) return value;
  return 0;
}
