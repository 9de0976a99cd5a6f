/**
 * The value types a trace stores, each with its checks: `toWire` (writer: the in-memory
 * value must have exactly this type; returns the wire value, what is packed) and
 * `fromWire` (reader: a decoded value, normalised where MessagePack has two spellings of
 * one value, returned as a fresh value that shares nothing with the trace buffer). The
 * writer's hot path does the same checks and writes the wire value straight into its
 * buffer: `putInt`, `putU64Field`, `putBoolean` here, and `writeX` for the rarer events.
 */
import type { FailureOutcome, RunOutcome } from '../sim/outcome.js';
import { FAILURE_REASONS, FFI_CALL_NAMES, MODULE_FAULT_KINDS } from './enums.js';
import { TRACE_LIMITS } from './limits.js';
import type { MsgpackWriter } from './msgpack.js';
import { putBool, putNumber, putU64 } from './msgpack-put.js';

/** A value that does not fit its schema. Readers turn it into a `TraceFormatError`. */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
}

export type FieldKindName =
  | 'int'
  | 'u64'
  | 'str'
  | 'bool'
  | 'bytes'
  | 'ints'
  | 'args'
  | 'ffiCall'
  | 'faultKind'
  | 'outcome';

export interface FieldCodec {
  /** Checks an in-memory value and returns its wire form; throws `SchemaError`. */
  readonly toWire: (value: unknown) => unknown;
  /** Checks a decoded value and returns a fresh in-memory value; throws `SchemaError`. */
  readonly fromWire: (value: unknown) => unknown;
}

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
/** u64 values up to here are packed as MessagePack uints (1 to 5 bytes) rather than 9-byte int64s. */
const U64_AS_NUMBER_MAX = 0xffff_ffffn;
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** A short, safe description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      // JSON-quoted, long or short: a trace's string must not put a newline or an escape
      // sequence into an error message (a lone surrogate from the cut is escaped too).
      return value.length > 40 ? `string ${JSON.stringify(value.slice(0, 40)).slice(0, -1)}…"` : `string ${JSON.stringify(value)}`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'bigint':
      return `bigint ${value}n`;
    case 'object': {
      const proto: unknown = Object.getPrototypeOf(value);
      if (Array.isArray(value)) return `array of ${value.length}`;
      if (proto === Object.prototype || proto === null) return 'object';
      const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
      return typeof ctor?.name === 'string' ? `${ctor.name} object` : 'object';
    }
    default:
      return typeof value;
  }
}

export function expected(what: string, value: unknown): SchemaError {
  return new SchemaError(`expected ${what}, got ${describe(value)}`);
}

/**
 * `value` as a plain object (in-memory headers and outcomes): anything with another
 * prototype (Date, Set, Map, Error, RegExp, typed arrays, class instances) is refused.
 */
export function plainRecord(value: unknown, what: string): Readonly<Record<string, unknown>> {
  if (typeof value === 'object' && value !== null) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) return value as Readonly<Record<string, unknown>>;
  }
  throw expected(what, value);
}

/**
 * `value` as a decoded wire array of one of the lengths `lengths` (any length when it
 * is empty). Every structure in a payload is an array whose positions the format fixes.
 */
export function wireArray(value: unknown, what: string, ...lengths: readonly number[]): readonly unknown[] {
  if (Array.isArray(value) && (lengths.length === 0 || lengths.includes(value.length))) return value as readonly unknown[];
  throw expected(lengths.length === 0 ? what : `${what} of ${lengths.join(' or ')} items`, value);
}

export function intToWire(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw expected('an integer number', value);
}

export function writeInt(w: MsgpackWriter, value: unknown): void {
  w.number(intToWire(value));
}

/** As `writeInt`, at `b[p]` (room: `NUMBER_ROOM`); returns the position after it. */
export function putInt(b: Uint8Array, p: number, value: unknown): number {
  // an int32 or uint32 is an integer: one comparison on the common path
  if (typeof value === 'number' && (value >>> 0 === value || Number.isInteger(value))) return putNumber(b, p, value);
  throw expected('an integer number', value);
}

/** Integers are packed as numbers; a foreign encoder may have written an int64, which msgpackr decodes as a bigint. */
export function intFromWire(value: unknown): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value;
  } else if (typeof value === 'bigint' && value >= SAFE_MIN && value <= SAFE_MAX) {
    return Number(value);
  }
  throw expected('an integer number', value);
}

export function u64ToWire(value: unknown): number | bigint {
  if (typeof value === 'bigint' && value >= 0n && value <= U64_MAX) {
    return value <= U64_AS_NUMBER_MAX ? Number(value) : value;
  }
  throw expected('a u64 bigint', value);
}

/** As `u64ToWire`, written at `b[p]` (room: `NUMBER_ROOM`); returns the position after it. */
export function putU64Field(b: Uint8Array, p: number, value: unknown): number {
  // asUintN(64) is inlined, where comparing bigints is a call each
  if (typeof value === 'bigint' && BigInt.asUintN(64, value) === value) return putU64(b, p, value);
  throw expected('a u64 bigint', value);
}

/**
 * The bigints 0 to 4095, made once: a decoded trace's handles are mostly small, and
 * `BigInt(n)` allocates a heap object per call that then lives as long as its event (a
 * long trace's events all survive the young generation, so each costs a copy or two).
 */
const SMALL_U64: readonly bigint[] = Array.from({ length: 4096 }, (_, i) => BigInt(i));

export function u64FromWire(value: unknown): bigint {
  if (typeof value === 'number') {
    if (value >>> 0 === value && value < SMALL_U64.length) return SMALL_U64[value] as bigint;
    if (Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  } else if (typeof value === 'bigint' && value >= 0n && value <= U64_MAX) {
    return value;
  }
  throw expected('a u64 bigint', value);
}

export function stringToWire(value: unknown): string {
  if (typeof value !== 'string') throw expected('a string', value);
  const max = TRACE_LIMITS.maxStringBytes;
  if (value.length * 3 > max && Buffer.byteLength(value, 'utf8') > max) {
    throw new SchemaError(`string of ${Buffer.byteLength(value, 'utf8')} UTF-8 bytes exceeds maxStringBytes (${max})`);
  }
  return value;
}

export function writeString(w: MsgpackWriter, value: unknown): void {
  w.str(stringToWire(value));
}

/** String lengths were bounded by the scan, before decoding. */
export function stringFromWire(value: unknown): string {
  if (typeof value === 'string') return value;
  throw expected('a string', value);
}

export function boolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw expected('a boolean', value);
}

/** As `boolean`, written at `b[p]` (room: 1); returns the position after it. */
export function putBoolean(b: Uint8Array, p: number, value: unknown): number {
  return putBool(b, p, boolean(value));
}

export function bytesToWire(value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array)) throw expected('a Uint8Array', value);
  if (value.length > TRACE_LIMITS.maxBinBytes) {
    throw new SchemaError(`byte string of ${value.length} bytes exceeds maxBinBytes (${TRACE_LIMITS.maxBinBytes})`);
  }
  return value;
}

/**
 * A plain Uint8Array the event owns. The decoder (codec.ts, `copyBuffers`) gives every byte
 * string its own copy, never a view into the trace, so a plain Uint8Array is kept as it
 * is; a Buffer or other subclass is copied.
 *
 * Gotcha: never read `value.buffer` here. A small typed array lives on V8's heap until
 * its `buffer` is asked for, and then V8 moves its bytes to a new off-heap ArrayBuffer:
 * that was 13% of decoding a fan-out trace, and much of its garbage collection.
 */
export function bytesFromWire(value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array)) throw expected('a byte string', value);
  return value.constructor === Uint8Array ? value : new Uint8Array(value);
}

/** Throws unless `items` fits in one trace array (`maxArrayItems`). */
function withinArrayLimit(items: readonly unknown[]): void {
  if (items.length > TRACE_LIMITS.maxArrayItems) throw new SchemaError(`${items.length} items exceed maxArrayItems (${TRACE_LIMITS.maxArrayItems})`);
}

export function intsToWire(value: unknown): readonly number[] {
  if (!Array.isArray(value)) throw expected('an array of integers', value);
  withinArrayLimit(value as unknown[]);
  for (const item of value as unknown[]) intToWire(item);
  return value as readonly number[];
}

export function intsFromWire(value: unknown): number[] {
  if (!Array.isArray(value)) throw expected('an array of integers', value);
  const items = value as unknown[];
  const out = new Array<number>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = intFromWire(items[i]);
  return out;
}

/** Raw lowered arguments: numbers (i32, f32, f64) and bigints (i64) keep their JS type. */
function arg(value: unknown): number | bigint {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' && value >= I64_MIN && value <= U64_MAX) return value;
  throw expected('a number or an i64/u64 bigint', value);
}

export function argsToWire(value: unknown): readonly (number | bigint)[] {
  if (!Array.isArray(value)) throw expected('an array of arguments', value);
  withinArrayLimit(value as unknown[]);
  for (const item of value as unknown[]) arg(item);
  return value as readonly (number | bigint)[];
}

export function writeArgs(w: MsgpackWriter, value: unknown): void {
  if (!Array.isArray(value)) throw expected('an array of arguments', value);
  const items = value as readonly unknown[];
  withinArrayLimit(items);
  w.array(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = arg(items[i]);
    if (typeof item === 'number') w.number(item);
    else w.bigint(item);
  }
}

export function argsFromWire(value: unknown): (number | bigint)[] {
  if (!Array.isArray(value)) throw expected('an array of arguments', value);
  const items = value as unknown[];
  const out = new Array<number | bigint>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = arg(items[i]);
  return out;
}

export function oneOf<T extends string>(values: readonly T[], what: string): (value: unknown) => T {
  const allowed: ReadonlySet<string> = new Set(values);
  return (value) => {
    if (typeof value === 'string' && allowed.has(value)) return value as T;
    throw expected(`${what} (${values.join(', ')})`, value);
  };
}

export const ffiCall = oneOf(FFI_CALL_NAMES, 'an FFI call name');
export const faultKind = oneOf(MODULE_FAULT_KINDS, 'a module fault kind');
const failureReason = oneOf(FAILURE_REASONS, 'a failure reason');

export function writeFfiCall(w: MsgpackWriter, value: unknown): void {
  w.str(ffiCall(value));
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A run outcome with its keys in declaration order and without absent optional fields
 * (the in-memory form the writer keeps). Keys the type does not declare are dropped.
 * Throws `SchemaError`.
 */
export function checkOutcome(value: unknown): RunOutcome {
  const o = plainRecord(value, 'an outcome object');
  if (o.kind === 'pass') return { kind: 'pass' };
  if (o.kind !== 'failure') throw expected('outcome kind "pass" or "failure"', o.kind);
  const out: Mutable<FailureOutcome> = { kind: 'failure', reason: failureReason(o.reason), message: stringToWire(o.message) };
  if (o.module !== undefined) out.module = stringToWire(o.module);
  if (o.file !== undefined) out.file = stringToWire(o.file);
  if (o.line !== undefined) out.line = intToWire(o.line);
  if (o.column !== undefined) out.column = intToWire(o.column);
  return out;
}

const orNil = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/** `["pass"]`, or `["failure", reason, message, module, file, line, column]` with nil for absent fields. */
export function outcomeToWire(value: unknown): unknown[] {
  const o = checkOutcome(value);
  if (o.kind === 'pass') return ['pass'];
  return ['failure', o.reason, o.message, orNil(o.module), orNil(o.file), orNil(o.line), orNil(o.column)];
}

export function outcomeFromWire(value: unknown): RunOutcome {
  const a = wireArray(value, 'an outcome array', 1, 7);
  if (a.length === 1 && a[0] === 'pass') return { kind: 'pass' };
  if (a.length !== 7 || a[0] !== 'failure') {
    throw expected('an outcome ["pass"] or ["failure", reason, message, module, file, line, column]', value);
  }
  const out: Mutable<FailureOutcome> = { kind: 'failure', reason: failureReason(a[1]), message: stringFromWire(a[2]) };
  if (a[3] !== null) out.module = stringFromWire(a[3]);
  if (a[4] !== null) out.file = stringFromWire(a[4]);
  if (a[5] !== null) out.line = intFromWire(a[5]);
  if (a[6] !== null) out.column = intFromWire(a[6]);
  return out;
}

const HEX_DIGEST = /^[0-9a-f]{64}$/;

/** A 64-digit lowercase hex SHA-256 (the in-memory form of digests and Wasm hashes). */
export function hexDigest(value: unknown): string {
  if (typeof value === 'string' && HEX_DIGEST.test(value)) return value;
  throw expected('a SHA-256 as 64 lowercase hex digits', value);
}

/** A SHA-256 on the wire: its 32 bytes. */
export function digestToWire(value: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(hexDigest(value), 'hex'));
}

export function digestFromWire(value: unknown): string {
  if (value instanceof Uint8Array && value.length === 32) return Buffer.from(value.buffer, value.byteOffset, 32).toString('hex');
  throw expected('a SHA-256 as 32 bytes', value);
}

export const FIELD_CODECS: { readonly [K in FieldKindName]: FieldCodec } = {
  int: { toWire: intToWire, fromWire: intFromWire },
  u64: { toWire: u64ToWire, fromWire: u64FromWire },
  str: { toWire: stringToWire, fromWire: stringFromWire },
  bool: { toWire: boolean, fromWire: boolean },
  bytes: { toWire: bytesToWire, fromWire: bytesFromWire },
  ints: { toWire: intsToWire, fromWire: intsFromWire },
  args: { toWire: argsToWire, fromWire: argsFromWire },
  ffiCall: { toWire: ffiCall, fromWire: ffiCall },
  faultKind: { toWire: faultKind, fromWire: faultKind },
  outcome: { toWire: outcomeToWire, fromWire: outcomeFromWire },
};
