/**
 * Wire shapes: where the schema lets a payload hold arrays and byte strings, and how many
 * items each array may hold (traces/FORMAT.md, "Shapes"). msgpackr builds one JS object
 * per array and per byte string, some 30 to 150 bytes for one or two encoded bytes, so a
 * payload of nested empty arrays would cost gigabytes before the schema saw it; the scan
 * admits a payload to msgpackr only when it fits its shape, and every decoded payload then
 * costs about ten times its encoded size, as `TraceLimits` promises.
 *
 * A shape constrains structure only: which values are arrays or byte strings, and array
 * lengths. Scalars are left to the schema (fields.ts), which names the field.
 *
 * Everything that does not fit its shape is something the schema rejects too. So a value
 * that does not fit is reported with the schema's own message: `fitShape` can build a
 * bounded stand-in of it (scalars decoded, arrays the schema would refuse whole left
 * empty, with their length), and the schema, run on the stand-in, throws what it would
 * have thrown on the full value.
 */
import type { FieldKindName } from './fields.js';
import type { TraceFormatVersion } from './layout.js';
import { SPECS_BY_CODE, V1_SPECS_BY_CODE, type EventSpec } from './schema.js';

export type WireShape =
  /** Neither an array nor a byte string. */
  | 'scalar'
  /** Anything but an array (a `bytes` field, a nullable digest). */
  | 'bytes'
  /** A byte string of 32 bytes (a Wasm entry's SHA-256). */
  | 'digest'
  /** A number: int, uint or float of any size. */
  | 'number'
  /** An event: `[code, ...fields]`, the fields' shapes chosen by the code. */
  | 'event'
  | TupleShape
  | ListShape;

/** An array of one of `lengths` items, item `i` of shape `items[i]`. */
export interface TupleShape {
  readonly lengths: readonly number[];
  readonly items: readonly WireShape[];
}

/** An array of any length, every item of shape `list`. */
export interface ListShape {
  readonly list: WireShape;
}

const tuple = (lengths: readonly number[], items: readonly WireShape[]): TupleShape => Object.freeze({ lengths, items });
const SCALARS = (n: number): WireShape[] => new Array<WireShape>(n).fill('scalar');

/** `ints` and `args`: numbers only. */
export const NUMBERS_SHAPE: ListShape = Object.freeze({ list: 'number' });
/** `["pass"]` or `["failure", reason, message, module, file, line, column]`. */
export const OUTCOME_SHAPE: TupleShape = tuple([1, 7], SCALARS(7));

export const FIELD_SHAPES: { readonly [K in FieldKindName]: WireShape } = {
  int: 'scalar',
  u64: 'scalar',
  str: 'scalar',
  bool: 'scalar',
  bytes: 'bytes',
  ints: NUMBERS_SHAPE,
  args: NUMBERS_SHAPE,
  ffiCall: 'scalar',
  faultKind: 'scalar',
  outcome: OUTCOME_SHAPE,
};

/** Each event's fields' shapes, by wire code (holes for unused codes). */
export type EventFieldShapes = readonly (readonly WireShape[] | undefined)[];

function fieldShapes(specs: readonly (EventSpec | undefined)[]): EventFieldShapes {
  return Object.freeze(specs.map((spec) => (spec === undefined ? undefined : Object.freeze(spec.fields.map((field) => FIELD_SHAPES[field.kind])))));
}

/** The event field shapes of the format this code writes. */
export const EVENT_FIELD_SHAPES: EventFieldShapes = fieldShapes(SPECS_BY_CODE);

/** The event field shapes of each format version read. */
export const EVENT_FIELD_SHAPES_BY_VERSION: { readonly [V in TraceFormatVersion]: EventFieldShapes } = Object.freeze({
  1: fieldShapes(V1_SPECS_BY_CODE),
  2: EVENT_FIELD_SHAPES,
});

/** `[arksimVersion, scenario, wasm, seed, strategy, policies, budgets, mode, parent, host, checkPolicies]` (header.ts; version 1 has the first 9). */
export const HEADER_SHAPE: TupleShape = tuple(
  [9, 11],
  [
    'scalar',
    'scalar',
    Object.freeze({ list: tuple([3, 4], ['scalar', 'scalar', 'digest', 'scalar']) }),
    'scalar',
    'scalar',
    tuple([4], ['scalar', tuple([2, 3], SCALARS(3)), 'scalar', 'scalar']),
    tuple([5], SCALARS(5)),
    'scalar',
    'bytes',
    'scalar',
    'scalar',
  ],
);

/** `[eventCount, digest, outcome]` (footer.ts). */
export const FOOTER_SHAPE: TupleShape = tuple([3], ['scalar', 'bytes', OUTCOME_SHAPE]);

/** Decodes the scanned payload's bytes `[start, end)`. */
export interface WireDecoder {
  /** The one value there. */
  readonly value: (start: number, end: number) => unknown;
  /** The `count` values there, one after another, then `last`, as one array (a new array of `count + 1` items). */
  readonly list: (start: number, end: number, count: number, last: unknown) => unknown[];
}

export interface Fit {
  /** Whether the value fits the shape. */
  readonly fits: boolean;
  /** Where the value ends. */
  readonly end: number;
  /** Its stand-in, when one was asked for (otherwise undefined). */
  readonly value: unknown;
}

/** The item count of the array at `pos`, or -1 when the value there is not an array. */
export function arrayCount(bytes: Uint8Array, pos: number): number {
  const token = bytes[pos];
  if ((token & 0xf0) === 0x90) return token & 0x0f;
  if (token === 0xdc) return (bytes[pos + 1] << 8) | bytes[pos + 2];
  if (token === 0xdd) return ((bytes[pos + 1] << 24) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 8) | bytes[pos + 4]) >>> 0;
  return -1;
}

const arrayHeaderBytes = (token: number): number => (token === 0xdc ? 3 : token === 0xdd ? 5 : 1);

/** Bytes after the type byte of ints, uints and floats, by type byte (0 for every other type, fixints included). */
export const NUMBER_BYTES: Uint8Array = (() => {
  const sizes = new Uint8Array(256);
  // float 32, float 64, uint 8-64, int 8-64
  [4, 8, 1, 2, 4, 8, 1, 2, 4, 8].forEach((size, i) => (sizes[0xca + i] = size));
  return sizes;
})();

/** Whether the value at `token` is a number (fixints, ints, uints, floats). */
export function isNumberToken(token: number): boolean {
  return token <= 0x7f || token >= 0xe0 || NUMBER_BYTES[token] !== 0;
}

/** Whether `token` starts a byte string (bin 8, 16, 32). */
export const isBinToken = (token: number): boolean => token >= 0xc4 && token <= 0xc6;

/**
 * The number at `pos` as msgpackr decodes it, or NaN where it decodes to something else:
 * not a number at all, or an int 64 / uint 64 (a bigint). Only event codes are read this way.
 */
export function numberAt(bytes: Uint8Array, pos: number): number {
  const token = bytes[pos];
  if (token <= 0x7f) return token;
  if (token >= 0xe0) return token - 0x100;
  const view = new DataView(bytes.buffer, bytes.byteOffset + pos + 1, Math.min(8, bytes.length - pos - 1));
  switch (token) {
    case 0xca:
      return view.getFloat32(0);
    case 0xcb:
      return view.getFloat64(0);
    case 0xcc:
      return view.getUint8(0);
    case 0xcd:
      return view.getUint16(0);
    case 0xce:
      return view.getUint32(0);
    case 0xd0:
      return view.getInt8(0);
    case 0xd1:
      return view.getInt16(0);
    case 0xd2:
      return view.getInt32(0);
    default:
      return NaN;
  }
}

/** Where the value at `pos` ends, in a payload the scan has admitted (so well formed). */
export function valueEnd(bytes: Uint8Array, pos: number): number {
  let left = 1;
  while (left > 0) {
    left--;
    const token = bytes[pos];
    const count = arrayCount(bytes, pos);
    if (count >= 0) {
      left += count;
      pos += arrayHeaderBytes(token);
    } else if (token <= 0x7f || token >= 0xe0 || token === 0xc0 || token === 0xc2 || token === 0xc3) {
      pos += 1;
    } else if (token >= 0xa0 && token <= 0xbf) {
      pos += 1 + (token & 0x1f);
    } else if (NUMBER_BYTES[token] !== 0) {
      pos += 1 + NUMBER_BYTES[token];
    } else {
      // bin 8, 16, 32 and str 8, 16, 32: the only other types a scanned payload holds
      const size = token === 0xc4 || token === 0xd9 ? 1 : token === 0xc5 || token === 0xda ? 2 : 4;
      let length = 0;
      for (let i = 1; i <= size; i++) length = length * 256 + bytes[pos + i];
      pos += 1 + size + length;
    }
  }
  return pos;
}

/**
 * An array of `length` empty slots that does not allocate them: its last index is set
 * first, so V8 keeps a long one as a sparse (dictionary) array. The stand-in for an
 * array the schema refuses whole, which reads only its length.
 */
function emptyArray(length: number): unknown[] {
  const array: unknown[] = [];
  if (length > 0) array[length - 1] = undefined;
  return array;
}

function scalarFits(bytes: Uint8Array, pos: number, shape: WireShape): boolean {
  const token = bytes[pos];
  switch (shape) {
    case 'scalar':
      return !isBinToken(token);
    case 'bytes':
      return true;
    case 'digest':
      // bin 8, 16 or 32 (a 1-, 2- or 4-byte length) of 32 bytes
      return isBinToken(token) && valueEnd(bytes, pos) - pos === 32 + 1 + (token === 0xc4 ? 1 : token === 0xc5 ? 2 : 4);
    case 'number':
      return isNumberToken(token);
    default:
      return false; // an array, a tuple or an event: a scalar does not fit
  }
}

/**
 * Whether the value at `pos` of a scanned (well formed) payload fits `shape`, and where it
 * ends. With `decode`, also a stand-in for it: what msgpackr would decode where it fits;
 * where it does not, the same with every array the schema refuses whole (an array where
 * the shape has none, or of a length the shape does not allow) left empty, and a list's
 * items after its first misfit left out. The schema throws on such a stand-in exactly
 * what it throws on the full value (at the first misfit or before), while the stand-in
 * costs no more than the parts of the value that fit. An `'event'` takes its fields'
 * shapes from `events` (the writer's format unless told).
 */
export function fitShape(bytes: Uint8Array, pos: number, shape: WireShape, decode: WireDecoder | null, events: EventFieldShapes = EVENT_FIELD_SHAPES): Fit {
  const count = arrayCount(bytes, pos);
  if (count < 0) {
    const end = valueEnd(bytes, pos);
    return { fits: scalarFits(bytes, pos, shape), end, value: decode?.value(pos, end) };
  }
  let p = pos + arrayHeaderBytes(bytes[pos]);
  if (typeof shape === 'string' && shape !== 'event') {
    return { fits: false, end: valueEnd(bytes, pos), value: decode === null ? undefined : emptyArray(count) };
  }
  if (typeof shape === 'object' && 'list' in shape) {
    const itemsAt = p;
    const item = shape.list;
    for (let i = 0; i < count; i++) {
      // Scalar items (the long lists: ints and args) without a call each.
      let end: number;
      if (typeof item === 'string' && item !== 'event') end = arrayCount(bytes, p) < 0 && scalarFits(bytes, p, item) ? valueEnd(bytes, p) : -1;
      else {
        const fit = fitShape(bytes, p, item, null);
        end = fit.fits ? fit.end : -1;
      }
      if (end < 0) {
        // The schema goes through a list in order, so it stops at this item or before:
        // the stand-in is the items up to this one.
        const value = decode?.list(itemsAt, p, i, fitShape(bytes, p, item, decode).value);
        return { fits: false, end: valueEnd(bytes, pos), value };
      }
      p = end;
    }
    return { fits: true, end: p, value: decode?.value(pos, p) };
  }
  // A tuple or an event: at most 9 items where it fits.
  const value = decode === null ? null : emptyArray(count);
  const misfit = (): Fit => ({ fits: false, end: valueEnd(bytes, pos), value: value ?? undefined });
  let items: readonly WireShape[];
  let first = 0;
  if (shape === 'event') {
    // The code first: the schema reads it before the length, and it picks the fields.
    if (count === 0) return misfit();
    const code = fitShape(bytes, p, 'number', decode);
    if (value !== null) value[0] = code.value;
    const fields = code.fits ? events[numberAt(bytes, p)] : undefined;
    p = code.end;
    if (fields === undefined || fields.length !== count - 1) return misfit();
    items = fields;
    first = 1;
  } else {
    if (!shape.lengths.includes(count)) return misfit();
    items = shape.items;
  }
  // All the items, even after a misfit: the schema may check a later one before an earlier one.
  let fits = true;
  for (let i = first; i < count; i++) {
    const item = fitShape(bytes, p, items[i - first], decode);
    if (value !== null) value[i] = item.value;
    p = item.end;
    fits &&= item.fits;
  }
  return { fits, end: p, value: value ?? undefined };
}
