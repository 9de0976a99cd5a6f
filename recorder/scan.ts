/**
 * The gate in front of msgpackr: one pass over a chunk payload, without decoding it,
 * that admits only the MessagePack a trace writer produces and enforces `TraceLimits`
 * (and, for event chunks, checks the events' shapes: shape.ts).
 * msgpackr is fast because it trusts its input (it recurses per nesting level, and has
 * process-wide extensions that build records, Dates, Sets, Errors, RegExps and typed
 * arrays); so hostile bytes never reach it.
 *
 * Admitted: nil, booleans, ints, floats, strings, byte strings and arrays; that is all
 * a trace holds (traces/FORMAT.md, "Payloads"). Refused: maps (so no keys, and no
 * `__proto__`), every extension type (msgpackr's records among them), the never-used
 * byte 0xc1, and trailing bytes. Nothing carries over between payloads, so an admitted
 * payload is self-contained.
 */
import { TraceFormatError } from './errors.js';
import type { TraceLimits } from './limits.js';
import { TRACE_FORMAT_VERSION, type TraceFormatVersion } from './layout.js';
import { EVENT_FIELD_SHAPES_BY_VERSION, NUMBERS_SHAPE, NUMBER_BYTES, OUTCOME_SHAPE, numberAt, type EventFieldShapes } from './shape.js';

const EXTENSION_NAMES: Readonly<Record<number, string>> = {
  0x00: 'undefined',
  0x42: 'bigint',
  0x62: 'bundled strings',
  0x65: 'Error',
  0x69: 'structured-clone id',
  0x70: 'structured-clone pointer',
  0x72: 'msgpackr record',
  0x73: 'Set',
  0x74: 'typed array',
  0x78: 'RegExp',
  0xff: 'timestamp (Date)',
};

function extensionName(type: number | undefined): string {
  if (type === undefined) return 'an extension';
  const name = EXTENSION_NAMES[type];
  return `extension type 0x${type.toString(16).padStart(2, '0')}${name === undefined ? '' : ` (${name})`}`;
}

/** For scalars in 0xc0-0xdf, how many bytes follow the type byte; -1 for everything else. */
const SCALAR_SIZE: Int8Array = (() => {
  const sizes = new Int8Array(256).fill(-1);
  const fixed: readonly (readonly [number, number])[] = [
    [0xc0, 0], // nil
    [0xc2, 0], // false
    [0xc3, 0], // true
    [0xca, 4], // float 32
    [0xcb, 8], // float 64
    [0xcc, 1], // uint 8, 16, 32, 64
    [0xcd, 2],
    [0xce, 4],
    [0xcf, 8],
    [0xd0, 1], // int 8, 16, 32, 64
    [0xd1, 2],
    [0xd2, 4],
    [0xd3, 8],
  ];
  for (const [token, size] of fixed) sizes[token] = size;
  return sizes;
})();

function readLength(payload: Uint8Array, pos: number, size: number): number {
  if (size === 1) return payload[pos];
  if (size === 2) return (payload[pos] << 8) | payload[pos + 1];
  return ((payload[pos] << 24) | (payload[pos + 1] << 16) | (payload[pos + 2] << 8) | payload[pos + 3]) >>> 0;
}

const bad = (base: number, at: number, detail: string): TraceFormatError => new TraceFormatError('bad-chunk', base + at, detail);
const over = (base: number, at: number, detail: string): TraceFormatError => new TraceFormatError('limit-exceeded', base + at, detail);
const cut = (base: number, at: number): TraceFormatError => bad(base, at, 'the payload ends inside a MessagePack value');
const notUsed = (base: number, at: number, what: string): TraceFormatError => bad(base, at, `${what} is not used in traces`);
const cannotFit = (base: number, at: number, count: number, left: number): TraceFormatError =>
  bad(base, at, `${count} values cannot fit in the ${left} bytes left`);
const tooDeep = (base: number, at: number, maxDepth: number): TraceFormatError => over(base, at, `values nest deeper than maxDepth (${maxDepth})`);
const tooMany = (base: number, at: number, count: number, max: number): TraceFormatError =>
  over(base, at, `an array of ${count} items exceeds maxArrayItems (${max})`);

/**
 * Checks the value at `pos`, which is not an array, and returns where it ends: a scalar,
 * a string or a byte string within its limit; anything else throws (`bad-chunk` or
 * `limit-exceeded`, offsets counted from `base`).
 */
function skipScalar(payload: Uint8Array, pos: number, base: number, limits: TraceLimits): number {
  const end = payload.length;
  const start = pos;
  const token = payload[pos++];
  if (token <= 0x7f || token >= 0xe0) return pos; // positive and negative fixint
  if (token >= 0xa0 && token <= 0xbf) {
    // fixstr
    if ((pos += token & 0x1f) > end) throw cut(base, start);
    return pos;
  }
  const scalar = SCALAR_SIZE[token];
  if (scalar >= 0) {
    if ((pos += scalar) > end) throw cut(base, start);
    return pos;
  }
  switch (token) {
    case 0xc4: // bin 8, 16, 32
    case 0xc5:
    case 0xc6:
    case 0xd9: // str 8, 16, 32
    case 0xda:
    case 0xdb: {
      const size = token === 0xc4 || token === 0xd9 ? 1 : token === 0xc5 || token === 0xda ? 2 : 4;
      if (pos + size > end) throw cut(base, start);
      const length = readLength(payload, pos, size);
      pos += size;
      const isBin = token <= 0xc6;
      const max = isBin ? limits.maxBinBytes : limits.maxStringBytes;
      if (length > max) {
        throw over(
          base,
          start,
          `a ${isBin ? 'byte string' : 'string'} of ${length} bytes exceeds ${isBin ? 'maxBinBytes' : 'maxStringBytes'} (${max})`,
        );
      }
      if ((pos += length) > end) throw cut(base, start);
      return pos;
    }
    case 0xd4: // fixext 1, 2, 4, 8, 16: the type is the next byte
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8:
      throw notUsed(base, start, extensionName(payload[pos]));
    case 0xc7: // ext 8, 16, 32: the type follows the length
    case 0xc8:
    case 0xc9:
      throw notUsed(base, start, extensionName(payload[pos + (token - 0xc6)]));
    default:
      if ((token >= 0x80 && token <= 0x8f) || token === 0xde || token === 0xdf) {
        throw notUsed(base, start, 'a MessagePack map (headers, events and footers are arrays)');
      }
      throw bad(base, start, `byte 0x${token.toString(16)} is not a MessagePack value`);
  }
}

/**
 * The item count of the array whose header starts at `pos` (whose type byte is
 * `token`), or -1 when `token` is not an array's; throws when the header is cut short.
 */
function arrayItems(payload: Uint8Array, pos: number, token: number, base: number): number {
  if ((token & 0xf0) === 0x90) return token & 0x0f;
  if (token !== 0xdc && token !== 0xdd) return -1;
  const size = token === 0xdc ? 2 : 4;
  if (pos + 1 + size > payload.length) throw cut(base, pos);
  return readLength(payload, pos + 1, size);
}

const arrayHeaderBytes = (token: number): number => (token === 0xdc ? 3 : token === 0xdd ? 5 : 1);

/** The count of the event chunk's outer array, checked against `room`. */
function topArray(payload: Uint8Array, base: number, room: number): number {
  const end = payload.length;
  const first = end > 0 ? payload[0] : -1;
  let count: number;
  if (first >= 0x90 && first <= 0x9f) count = first & 0x0f;
  else if (first === 0xdc && end >= 3) count = readLength(payload, 1, 2);
  else if (first === 0xdd && end >= 5) count = readLength(payload, 1, 4);
  else throw bad(base, 0, 'an event chunk payload must be a MessagePack array');
  if (count > room) throw over(base, 0, `the chunk holds ${count} events, more than the ${room} allowed here`);
  return count;
}

/**
 * Checks that `payload` is one admitted MessagePack value. With `topArrayMax` set, that
 * value must be an array of at most that many items, and the result holds each item's
 * offset in the payload; otherwise the result is null. Throws `TraceFormatError`
 * (`bad-chunk` or `limit-exceeded`) with offsets counted from `base`. Structure only:
 * `scanEvents` and shape.ts check the shapes.
 */
export function scanPayload(
  payload: Uint8Array,
  base: number,
  limits: TraceLimits,
  topArrayMax: number | null,
): Uint32Array | null {
  const end = payload.length;
  const { maxDepth } = limits;
  // Values still to read in each open array; left[0] is the payload's single value.
  const left = new Float64Array(maxDepth + 1);
  let depth = 0;
  left[0] = 1;
  let pos = 0;
  const offsets = topArrayMax === null ? null : new Uint32Array(topArray(payload, base, topArrayMax));
  let item = 0;

  for (;;) {
    while (left[depth] === 0 && depth > 0) depth--;
    if (left[depth] === 0) break;
    left[depth]--;
    if (depth === 1 && offsets !== null) offsets[item++] = pos;
    if (pos >= end) throw cut(base, pos);
    const start = pos;
    const token = payload[pos];
    const count = arrayItems(payload, pos, token, base);
    if (count < 0) {
      pos = skipScalar(payload, pos, base, limits);
      continue;
    }
    pos += arrayHeaderBytes(token);
    // Every item takes at least one byte, so a larger count is a lie (and, decoded, an allocation bomb).
    if (count > end - pos) throw cannotFit(base, start, count, end - pos);
    if (count > limits.maxArrayItems) throw tooMany(base, start, count, limits.maxArrayItems);
    if (depth === maxDepth) throw tooDeep(base, start, maxDepth);
    left[++depth] = count;
  }
  if (pos !== end) throw bad(base, pos, `${end - pos} bytes follow the payload's value`);
  return offsets;
}

/** Event field shapes as `scanEvents` tells them apart (shape.ts has the full shapes). */
const ANY_SCALAR = 0; // 'scalar'
const ANY_BYTES = 1; // 'bytes'
const NUMBER_LIST = 2; // NUMBERS_SHAPE
const OUTCOME = 3; // OUTCOME_SHAPE

/** Event field shapes as small numbers, by wire code. */
function fieldClasses(shapes: EventFieldShapes): readonly (Uint8Array | undefined)[] {
  return shapes.map((fields) =>
    fields === undefined
      ? undefined
      : Uint8Array.from(fields, (shape) => {
          if (shape === 'scalar') return ANY_SCALAR;
          if (shape === 'bytes') return ANY_BYTES;
          if (shape === NUMBERS_SHAPE) return NUMBER_LIST;
          if (shape === OUTCOME_SHAPE) return OUTCOME;
          throw new Error(`scan: no event field class for shape ${JSON.stringify(shape)}`);
        }),
  );
}

const FIELD_CLASSES_BY_VERSION: { readonly [V in TraceFormatVersion]: readonly (Uint8Array | undefined)[] } = {
  1: fieldClasses(EVENT_FIELD_SHAPES_BY_VERSION[1]),
  2: fieldClasses(EVENT_FIELD_SHAPES_BY_VERSION[2]),
};

/** The items of an outcome: 1 or 7. */
const OUTCOME_LENGTHS = OUTCOME_SHAPE.lengths;

export interface EventScan {
  /** Each event's offset in the payload, up to and including the first misfit. */
  readonly offsets: Uint32Array;
  /** The index of the first event that does not fit its shape (shape.ts), or -1. */
  readonly misfit: number;
}

/**
 * `scanPayload` for an event chunk of at most `room` events, in the same single pass
 * checking each event against its shape (shape.ts, `'event'`): an array of the length its
 * code implies, arrays and byte strings only in the fields whose kinds have them. At the
 * first event that does not fit, stops checking shapes and scans the whole payload for
 * structure only, so that a malformed payload is `bad-chunk` (or `limit-exceeded`)
 * wherever the misfit is. Offsets are counted from `base`. Shapes are those of format
 * `version` (the writer's unless told).
 */
export function scanEvents(payload: Uint8Array, base: number, limits: TraceLimits, room: number, version: TraceFormatVersion = TRACE_FORMAT_VERSION): EventScan {
  const classes = FIELD_CLASSES_BY_VERSION[version];
  const end = payload.length;
  const { maxDepth } = limits;
  const count = topArray(payload, base, room);
  const offsets = new Uint32Array(count);
  let pos = arrayHeaderBytes(payload[0]);
  if (count > end - pos) throw cannotFit(base, 0, count, end - pos);
  const misfit = (index: number): EventScan => {
    scanPayload(payload, base, limits, room);
    return { offsets, misfit: index };
  };

  for (let i = 0; i < count; i++) {
    offsets[i] = pos;
    if (pos >= end) throw cut(base, pos);
    const start = pos;
    let token = payload[pos];
    const items = arrayItems(payload, pos, token, base);
    if (items <= 0) return misfit(i); // not an array, or no code
    pos += arrayHeaderBytes(token);
    if (items > end - pos) throw cannotFit(base, start, items, end - pos);
    if (maxDepth < 2) throw tooDeep(base, start, maxDepth);
    // The code: a known one, and the event's length is that tag's.
    token = payload[pos];
    let code: number;
    if (token <= 0x7f) {
      code = token;
      pos++;
    } else {
      const size = NUMBER_BYTES[token];
      if (size === 0 || pos + 1 + size > end) return misfit(i);
      code = numberAt(payload, pos);
      pos += 1 + size;
    }
    const fields = classes[code];
    if (fields === undefined || fields.length !== items - 1) return misfit(i);
    for (let f = 0; f < fields.length; f++) {
      if (pos >= end) throw cut(base, pos);
      const at = pos;
      token = payload[pos];
      const field = fields[f];
      // The frequent scalars inline: fixints, fixstrs, nil, booleans, ints and floats.
      let size = token <= 0x7f || token >= 0xe0 ? 0 : token >= 0xa0 && token <= 0xbf ? token & 0x1f : SCALAR_SIZE[token];
      if (size >= 0) {
        if (field >= NUMBER_LIST) return misfit(i);
        if ((pos += 1 + size) > end) throw cut(base, at);
        continue;
      }
      const length = arrayItems(payload, pos, token, base);
      if (length < 0) {
        if (field >= NUMBER_LIST || (field === ANY_SCALAR && token >= 0xc4 && token <= 0xc6)) return misfit(i);
        pos = skipScalar(payload, pos, base, limits);
        continue;
      }
      pos += arrayHeaderBytes(token);
      if (length > end - pos) throw cannotFit(base, at, length, end - pos);
      if (length > limits.maxArrayItems) throw tooMany(base, at, length, limits.maxArrayItems);
      if (maxDepth < 3) throw tooDeep(base, at, maxDepth);
      if (field === NUMBER_LIST) {
        for (let k = 0; k < length; k++) {
          if (pos >= end) throw cut(base, pos);
          const t = payload[pos];
          if (t <= 0x7f || t >= 0xe0) {
            pos++;
          } else {
            size = NUMBER_BYTES[t];
            if (size === 0) return misfit(i);
            if (pos + 1 + size > end) throw cut(base, pos);
            pos += 1 + size;
          }
        }
      } else if (field === OUTCOME && OUTCOME_LENGTHS.includes(length)) {
        for (let k = 0; k < length; k++) {
          if (pos >= end) throw cut(base, pos);
          const t = payload[pos];
          if ((t >= 0xc4 && t <= 0xc6) || arrayItems(payload, pos, t, base) >= 0) return misfit(i);
          pos = skipScalar(payload, pos, base, limits);
        }
      } else {
        return misfit(i);
      }
    }
  }
  if (pos !== end) throw bad(base, pos, `${end - pos} bytes follow the payload's value`);
  return { offsets, misfit: -1 };
}
