/**
 * The gate in front of msgpackr: one pass over a chunk payload, without decoding it,
 * that admits only the MessagePack a trace writer produces and enforces `TraceLimits`.
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

/**
 * Checks that `payload` is one admitted MessagePack value. With `topArrayMax` set, that
 * value must be an array of at most that many items, and the result holds each item's
 * offset in the payload; otherwise the result is null. Throws `TraceFormatError`
 * (`bad-chunk` or `limit-exceeded`) with offsets counted from `base`.
 */
export function scanPayload(
  payload: Uint8Array,
  base: number,
  limits: TraceLimits,
  topArrayMax: number | null,
): Uint32Array | null {
  const end = payload.length;
  const { maxDepth, maxStringBytes, maxBinBytes } = limits;
  // Values still to read in each open array; left[0] is the payload's single value.
  const left = new Float64Array(maxDepth + 1);
  let depth = 0;
  left[0] = 1;
  let pos = 0;
  let offsets: Uint32Array | null = null;
  let item = 0;

  const bad = (at: number, detail: string): TraceFormatError => new TraceFormatError('bad-chunk', base + at, detail);
  const over = (at: number, detail: string): TraceFormatError => new TraceFormatError('limit-exceeded', base + at, detail);
  const cut = (at: number): TraceFormatError => bad(at, 'the payload ends inside a MessagePack value');
  const notUsed = (at: number, what: string): TraceFormatError => bad(at, `${what} is not used in traces`);

  if (topArrayMax !== null) {
    const first = end > 0 ? payload[0] : -1;
    let count: number;
    if (first >= 0x90 && first <= 0x9f) count = first & 0x0f;
    else if (first === 0xdc && end >= 3) count = readLength(payload, 1, 2);
    else if (first === 0xdd && end >= 5) count = readLength(payload, 1, 4);
    else throw bad(0, 'an event chunk payload must be a MessagePack array');
    if (count > topArrayMax) throw over(0, `the chunk holds ${count} events, more than the ${topArrayMax} allowed here`);
    offsets = new Uint32Array(count);
  }

  for (;;) {
    while (left[depth] === 0 && depth > 0) depth--;
    if (left[depth] === 0) break;
    left[depth]--;
    if (depth === 1 && offsets !== null) offsets[item++] = pos;
    if (pos >= end) throw cut(pos);
    const start = pos;
    const token = payload[pos++];
    if (token <= 0x7f || token >= 0xe0) continue; // positive and negative fixint
    if (token >= 0xa0 && token <= 0xbf) {
      // fixstr
      if ((pos += token & 0x1f) > end) throw cut(start);
      continue;
    }
    const scalar = SCALAR_SIZE[token];
    if (scalar >= 0) {
      if ((pos += scalar) > end) throw cut(start);
      continue;
    }
    // Everything else is an array holding `count` values, a string or byte string, or refused.
    let count: number;
    if (token <= 0x9f && token >= 0x90) {
      count = token & 0x0f;
    } else {
      switch (token) {
        case 0xc4: // bin 8, 16, 32
        case 0xc5:
        case 0xc6:
        case 0xd9: // str 8, 16, 32
        case 0xda:
        case 0xdb: {
          const size = token === 0xc4 || token === 0xd9 ? 1 : token === 0xc5 || token === 0xda ? 2 : 4;
          if (pos + size > end) throw cut(start);
          const length = readLength(payload, pos, size);
          pos += size;
          const isBin = token <= 0xc6;
          const max = isBin ? maxBinBytes : maxStringBytes;
          if (length > max) {
            throw over(
              start,
              `a ${isBin ? 'byte string' : 'string'} of ${length} bytes exceeds ${isBin ? 'maxBinBytes' : 'maxStringBytes'} (${max})`,
            );
          }
          if ((pos += length) > end) throw cut(start);
          continue;
        }
        case 0xdc: // array 16, 32
        case 0xdd: {
          const size = token === 0xdc ? 2 : 4;
          if (pos + size > end) throw cut(start);
          count = readLength(payload, pos, size);
          pos += size;
          break;
        }
        case 0xd4: // fixext 1, 2, 4, 8, 16: the type is the next byte
        case 0xd5:
        case 0xd6:
        case 0xd7:
        case 0xd8:
          throw notUsed(start, extensionName(payload[pos]));
        case 0xc7: // ext 8, 16, 32: the type follows the length
        case 0xc8:
        case 0xc9:
          throw notUsed(start, extensionName(payload[pos + (token - 0xc6)]));
        case 0xde:
        case 0xdf:
        default:
          if ((token >= 0x80 && token <= 0x8f) || token === 0xde || token === 0xdf) {
            throw notUsed(start, 'a MessagePack map (headers, events and footers are arrays)');
          }
          throw bad(start, `byte 0x${token.toString(16)} is not a MessagePack value`);
      }
    }
    // Every item takes at least one byte, so a larger count is a lie (and, decoded, an allocation bomb).
    if (count > end - pos) throw bad(start, `${count} values cannot fit in the ${end - pos} bytes left`);
    if (depth === maxDepth) throw over(start, `values nest deeper than maxDepth (${maxDepth})`);
    left[++depth] = count;
  }
  if (pos !== end) throw bad(pos, `${end - pos} bytes follow the payload's value`);
  return offsets;
}
