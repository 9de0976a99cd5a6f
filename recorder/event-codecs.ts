/**
 * Fast per-tag event codecs: the hot path of the writer and the reader. `encode` writes
 * an event's wire array `[code, ...fields]` straight into a `MsgpackWriter`; `decode`
 * rebuilds the event from a decoded wire array whose length the caller has checked. Each
 * decoder is a plain object literal in declaration order, so TypeScript checks it
 * against its event type and V8 sees one shape per tag. `event-wire.ts` holds the
 * table-driven equivalents built from `EVENT_FIELDS`; they name the failing field when
 * one of these throws, and the tests check that the two agree byte for byte.
 */
import type { TraceEvent, TraceEventTag } from '../sim/events.js';
import {
  argsFromWire,
  boolean,
  bytesFromWire,
  bytesToWire,
  faultKind,
  ffiCall,
  intFromWire as int,
  intsFromWire,
  intsToWire,
  outcomeFromWire,
  outcomeToWire,
  putBoolean,
  putInt,
  putU64Field,
  stringFromWire as str,
  stringToWire,
  u64FromWire as u64,
  writeArgs,
  writeFfiCall,
  writeInt,
  writeString,
} from './fields.js';
import type { MsgpackWriter } from './msgpack.js';
import { ARRAY_HEADER_ROOM, NUMBER_ROOM, binRoom, putArrayHeader, putBin, putHead, putNumber, putStr, strRoom } from './msgpack-put.js';
import { WIRE_TAG_CODES, type EventOf } from './schema.js';

type Wire = readonly unknown[];

interface EventCodec<K extends TraceEventTag> {
  readonly encode: (w: MsgpackWriter, e: EventOf<K>) => void;
  readonly decode: (a: Wire) => EventOf<K>;
}

type EventCodecs = { readonly [K in TraceEventTag]: EventCodec<K> };

const writeOutcome = (w: MsgpackWriter, value: unknown): void => w.value(outcomeToWire(value));

/** An event's array header and code. */
const HEAD = 2;

/**
 * Keyed by tag; each `encode` writes the array header (1 + number of fields) and the
 * tag's wire code first. The frequent events are written in one piece: the variable-size
 * fields are checked first, room is made for the largest encoding, and the fields are
 * put with the buffer and position in locals (msgpack-put.ts says why).
 */
export const EVENT_CODECS: EventCodecs = {
  'ffi.create_function': {
    encode: (w, e) => {
      const caller = stringToWire(e.caller);
      const module = stringToWire(e.module);
      const name = stringToWire(e.name);
      const b = w.reserve(HEAD + 4 * NUMBER_ROOM + strRoom(caller) + strRoom(module) + strRoom(name));
      let p = putHead(b, w.end, 8, WIRE_TAG_CODES['ffi.create_function']);
      p = putInt(b, p, e.at);
      p = putStr(b, p, caller);
      p = putInt(b, p, e.fnType);
      p = putStr(b, p, module);
      p = putStr(b, p, name);
      p = putInt(b, p, e.code);
      w.advance(putU64Field(b, p, e.handle));
    },
    decode: (a) => ({
      t: 'ffi.create_function',
      at: int(a[1]),
      caller: str(a[2]),
      fnType: int(a[3]),
      module: str(a[4]),
      name: str(a[5]),
      code: int(a[6]),
      handle: u64(a[7]),
    }),
  },
  'ffi.remove_function': {
    encode: (w, e) => {
      const caller = stringToWire(e.caller);
      const b = w.reserve(HEAD + 3 * NUMBER_ROOM + strRoom(caller));
      let p = putHead(b, w.end, 5, WIRE_TAG_CODES['ffi.remove_function']);
      p = putInt(b, p, e.at);
      p = putStr(b, p, caller);
      p = putU64Field(b, p, e.handle);
      w.advance(putInt(b, p, e.code));
    },
    decode: (a) => ({ t: 'ffi.remove_function', at: int(a[1]), caller: str(a[2]), handle: u64(a[3]), code: int(a[4]) }),
  },
  'ffi.launch': {
    encode: (w, e) => {
      const caller = stringToWire(e.caller);
      const input = bytesToWire(e.input);
      const b = w.reserve(HEAD + 5 * NUMBER_ROOM + 1 + strRoom(caller) + binRoom(input));
      let p = putHead(b, w.end, 9, WIRE_TAG_CODES['ffi.launch']);
      p = putInt(b, p, e.at);
      p = putInt(b, p, e.end);
      p = putStr(b, p, caller);
      p = putBoolean(b, p, e.blocking);
      p = putU64Field(b, p, e.handle);
      p = putBin(b, p, input);
      p = putInt(b, p, e.code);
      w.advance(putU64Field(b, p, e.request));
    },
    decode: (a) => ({
      t: 'ffi.launch',
      at: int(a[1]),
      end: int(a[2]),
      caller: str(a[3]),
      blocking: boolean(a[4]),
      handle: u64(a[5]),
      input: bytesFromWire(a[6]),
      code: int(a[7]),
      request: u64(a[8]),
    }),
  },
  'ffi.is_ready': {
    encode: (w, e) => {
      const caller = stringToWire(e.caller);
      const b = w.reserve(HEAD + 4 * NUMBER_ROOM + 1 + strRoom(caller));
      let p = putHead(b, w.end, 7, WIRE_TAG_CODES['ffi.is_ready']);
      p = putInt(b, p, e.at);
      p = putStr(b, p, caller);
      p = putU64Field(b, p, e.request);
      p = putInt(b, p, e.code);
      p = putBoolean(b, p, e.ready);
      w.advance(putInt(b, p, e.size));
    },
    decode: (a) => ({
      t: 'ffi.is_ready',
      at: int(a[1]),
      caller: str(a[2]),
      request: u64(a[3]),
      code: int(a[4]),
      ready: boolean(a[5]),
      size: int(a[6]),
    }),
  },
  'ffi.retrieve': {
    encode: (w, e) => {
      const caller = stringToWire(e.caller);
      const output = bytesToWire(e.output);
      const b = w.reserve(HEAD + 4 * NUMBER_ROOM + strRoom(caller) + binRoom(output));
      let p = putHead(b, w.end, 7, WIRE_TAG_CODES['ffi.retrieve']);
      p = putInt(b, p, e.at);
      p = putStr(b, p, caller);
      p = putU64Field(b, p, e.request);
      p = putInt(b, p, e.len);
      p = putInt(b, p, e.code);
      w.advance(putBin(b, p, output));
    },
    decode: (a) => ({
      t: 'ffi.retrieve',
      at: int(a[1]),
      caller: str(a[2]),
      request: u64(a[3]),
      len: int(a[4]),
      code: int(a[5]),
      output: bytesFromWire(a[6]),
    }),
  },
  'ffi.rejected': {
    encode: (w, e) => {
      w.head(7, WIRE_TAG_CODES['ffi.rejected']);
      writeInt(w, e.at);
      writeString(w, e.caller);
      writeFfiCall(w, e.call);
      writeArgs(w, e.args);
      writeString(w, e.reason);
      writeInt(w, e.code);
    },
    decode: (a) => ({
      t: 'ffi.rejected',
      at: int(a[1]),
      caller: str(a[2]),
      call: ffiCall(a[3]),
      args: argsFromWire(a[4]),
      reason: str(a[5]),
      code: int(a[6]),
    }),
  },
  'sched.decision': {
    encode: (w, e) => {
      const candidates = intsToWire(e.candidates);
      const b = w.reserve(HEAD + 3 * NUMBER_ROOM + ARRAY_HEADER_ROOM + candidates.length * NUMBER_ROOM);
      let p = putHead(b, w.end, 5, WIRE_TAG_CODES['sched.decision']);
      p = putInt(b, p, e.at);
      p = putInt(b, p, e.step);
      p = putArrayHeader(b, p, candidates.length);
      for (let i = 0; i < candidates.length; i++) p = putNumber(b, p, candidates[i] as number);
      w.advance(putInt(b, p, e.chosen));
    },
    decode: (a) => ({ t: 'sched.decision', at: int(a[1]), step: int(a[2]), candidates: intsFromWire(a[3]), chosen: int(a[4]) }),
  },
  'draw.latency': {
    encode: (w, e) => {
      const b = w.reserve(HEAD + 2 * NUMBER_ROOM);
      const p = putInt(b, putHead(b, w.end, 3, WIRE_TAG_CODES['draw.latency']), e.at);
      w.advance(putInt(b, p, e.value));
    },
    decode: (a) => ({ t: 'draw.latency', at: int(a[1]), value: int(a[2]) }),
  },
  'draw.fault': {
    encode: (w, e) => {
      const b = w.reserve(HEAD + NUMBER_ROOM + 1);
      const p = putInt(b, putHead(b, w.end, 3, WIRE_TAG_CODES['draw.fault']), e.at);
      w.advance(putBoolean(b, p, e.value));
    },
    decode: (a) => ({ t: 'draw.fault', at: int(a[1]), value: boolean(a[2]) }),
  },
  'draw.handle': {
    encode: (w, e) => {
      const b = w.reserve(HEAD + 2 * NUMBER_ROOM);
      const p = putInt(b, putHead(b, w.end, 3, WIRE_TAG_CODES['draw.handle']), e.at);
      w.advance(putU64Field(b, p, e.value));
    },
    decode: (a) => ({ t: 'draw.handle', at: int(a[1]), value: u64(a[2]) }),
  },
  'req.launched': {
    encode: (w, e) => {
      const caller = stringToWire(e.caller);
      const module = stringToWire(e.module);
      const fn = stringToWire(e.fn);
      const b = w.reserve(HEAD + 3 * NUMBER_ROOM + 1 + strRoom(caller) + strRoom(module) + strRoom(fn));
      let p = putHead(b, w.end, 8, WIRE_TAG_CODES['req.launched']);
      p = putInt(b, p, e.at);
      p = putU64Field(b, p, e.request);
      p = putStr(b, p, caller);
      p = putStr(b, p, module);
      p = putStr(b, p, fn);
      p = putBoolean(b, p, e.blocking);
      w.advance(putInt(b, p, e.due));
    },
    decode: (a) => ({
      t: 'req.launched',
      at: int(a[1]),
      request: u64(a[2]),
      caller: str(a[3]),
      module: str(a[4]),
      fn: str(a[5]),
      blocking: boolean(a[6]),
      due: int(a[7]),
    }),
  },
  'req.completed': {
    encode: (w, e) => {
      const caller = stringToWire(e.caller);
      const output = bytesToWire(e.output);
      const b = w.reserve(HEAD + 3 * NUMBER_ROOM + strRoom(caller) + binRoom(output));
      let p = putHead(b, w.end, 6, WIRE_TAG_CODES['req.completed']);
      p = putInt(b, p, e.at);
      p = putU64Field(b, p, e.request);
      p = putStr(b, p, caller);
      p = putInt(b, p, e.code);
      w.advance(putBin(b, p, output));
    },
    decode: (a) => ({ t: 'req.completed', at: int(a[1]), request: u64(a[2]), caller: str(a[3]), code: int(a[4]), output: bytesFromWire(a[5]) }),
  },
  'module.fault': {
    encode: (w, e) => {
      const caller = stringToWire(e.caller);
      const module = stringToWire(e.module);
      const fn = stringToWire(e.fn);
      const kind = faultKind(e.kind);
      const message = stringToWire(e.message);
      const b = w.reserve(HEAD + 2 * NUMBER_ROOM + strRoom(caller) + strRoom(module) + strRoom(fn) + strRoom(kind) + strRoom(message));
      let p = putHead(b, w.end, 8, WIRE_TAG_CODES['module.fault']);
      p = putInt(b, p, e.at);
      p = putU64Field(b, p, e.request);
      p = putStr(b, p, caller);
      p = putStr(b, p, module);
      p = putStr(b, p, fn);
      p = putStr(b, p, kind);
      w.advance(putStr(b, p, message));
    },
    decode: (a) => ({
      t: 'module.fault',
      at: int(a[1]),
      request: u64(a[2]),
      caller: str(a[3]),
      module: str(a[4]),
      fn: str(a[5]),
      kind: faultKind(a[6]),
      message: str(a[7]),
    }),
  },
  frame: {
    encode: (w, e) => {
      const b = w.reserve(HEAD + 2 * NUMBER_ROOM);
      const p = putInt(b, putHead(b, w.end, 3, WIRE_TAG_CODES.frame), e.at);
      w.advance(putInt(b, p, e.index));
    },
    decode: (a) => ({ t: 'frame', at: int(a[1]), index: int(a[2]) }),
  },
  log: {
    encode: (w, e) => {
      const module = stringToWire(e.module);
      const message = stringToWire(e.message);
      const b = w.reserve(HEAD + NUMBER_ROOM + strRoom(module) + strRoom(message));
      const p = putStr(b, putInt(b, putHead(b, w.end, 4, WIRE_TAG_CODES.log), e.at), module);
      w.advance(putStr(b, p, message));
    },
    decode: (a) => ({ t: 'log', at: int(a[1]), module: str(a[2]), message: str(a[3]) }),
  },
  'run.outcome': {
    encode: (w, e) => {
      w.head(3, WIRE_TAG_CODES['run.outcome']);
      writeInt(w, e.at);
      writeOutcome(w, e.outcome);
    },
    decode: (a) => ({ t: 'run.outcome', at: int(a[1]), outcome: outcomeFromWire(a[2]) }),
  },
};

/** Decoders indexed by wire code. */
export const DECODERS_BY_CODE: readonly ((wire: Wire) => TraceEvent)[] = (Object.keys(EVENT_CODECS) as TraceEventTag[]).reduce<
  ((wire: Wire) => TraceEvent)[]
>((byCode, tag) => {
  byCode[WIRE_TAG_CODES[tag]] = EVENT_CODECS[tag].decode;
  return byCode;
}, []);
