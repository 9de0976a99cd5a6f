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
  faultKind,
  ffiCall,
  intFromWire as int,
  intsFromWire,
  outcomeFromWire,
  stringFromWire as str,
  u64FromWire as u64,
  writeArgs,
  writeBoolean,
  writeBytes,
  writeFaultKind,
  writeFfiCall,
  writeInt,
  writeInts,
  writeString,
  writeU64,
  FIELD_CODECS,
} from './fields.js';
import type { MsgpackWriter } from './msgpack.js';
import { WIRE_TAG_CODES, type EventOf } from './schema.js';

type Wire = readonly unknown[];

interface EventCodec<K extends TraceEventTag> {
  readonly encode: (w: MsgpackWriter, e: EventOf<K>) => void;
  readonly decode: (a: Wire) => EventOf<K>;
}

type EventCodecs = { readonly [K in TraceEventTag]: EventCodec<K> };

const writeOutcome = FIELD_CODECS.outcome.write;

/** Keyed by tag; each `encode` writes the array header (1 + number of fields) and the tag's wire code first. */
export const EVENT_CODECS: EventCodecs = {
  'ffi.create_function': {
    encode: (w, e) => {
      w.head(8, WIRE_TAG_CODES['ffi.create_function']);
      writeInt(w, e.at);
      writeString(w, e.caller);
      writeInt(w, e.fnType);
      writeString(w, e.module);
      writeString(w, e.name);
      writeInt(w, e.code);
      writeU64(w, e.handle);
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
      w.head(5, WIRE_TAG_CODES['ffi.remove_function']);
      writeInt(w, e.at);
      writeString(w, e.caller);
      writeU64(w, e.handle);
      writeInt(w, e.code);
    },
    decode: (a) => ({ t: 'ffi.remove_function', at: int(a[1]), caller: str(a[2]), handle: u64(a[3]), code: int(a[4]) }),
  },
  'ffi.launch': {
    encode: (w, e) => {
      w.head(9, WIRE_TAG_CODES['ffi.launch']);
      writeInt(w, e.at);
      writeInt(w, e.end);
      writeString(w, e.caller);
      writeBoolean(w, e.blocking);
      writeU64(w, e.handle);
      writeBytes(w, e.input);
      writeInt(w, e.code);
      writeU64(w, e.request);
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
      w.head(7, WIRE_TAG_CODES['ffi.is_ready']);
      writeInt(w, e.at);
      writeString(w, e.caller);
      writeU64(w, e.request);
      writeInt(w, e.code);
      writeBoolean(w, e.ready);
      writeInt(w, e.size);
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
      w.head(7, WIRE_TAG_CODES['ffi.retrieve']);
      writeInt(w, e.at);
      writeString(w, e.caller);
      writeU64(w, e.request);
      writeInt(w, e.len);
      writeInt(w, e.code);
      writeBytes(w, e.output);
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
      w.head(5, WIRE_TAG_CODES['sched.decision']);
      writeInt(w, e.at);
      writeInt(w, e.step);
      writeInts(w, e.candidates);
      writeInt(w, e.chosen);
    },
    decode: (a) => ({ t: 'sched.decision', at: int(a[1]), step: int(a[2]), candidates: intsFromWire(a[3]), chosen: int(a[4]) }),
  },
  'draw.latency': {
    encode: (w, e) => {
      w.head(3, WIRE_TAG_CODES['draw.latency']);
      writeInt(w, e.at);
      writeInt(w, e.value);
    },
    decode: (a) => ({ t: 'draw.latency', at: int(a[1]), value: int(a[2]) }),
  },
  'draw.fault': {
    encode: (w, e) => {
      w.head(3, WIRE_TAG_CODES['draw.fault']);
      writeInt(w, e.at);
      writeBoolean(w, e.value);
    },
    decode: (a) => ({ t: 'draw.fault', at: int(a[1]), value: boolean(a[2]) }),
  },
  'draw.handle': {
    encode: (w, e) => {
      w.head(3, WIRE_TAG_CODES['draw.handle']);
      writeInt(w, e.at);
      writeU64(w, e.value);
    },
    decode: (a) => ({ t: 'draw.handle', at: int(a[1]), value: u64(a[2]) }),
  },
  'req.launched': {
    encode: (w, e) => {
      w.head(8, WIRE_TAG_CODES['req.launched']);
      writeInt(w, e.at);
      writeU64(w, e.request);
      writeString(w, e.caller);
      writeString(w, e.module);
      writeString(w, e.fn);
      writeBoolean(w, e.blocking);
      writeInt(w, e.due);
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
      w.head(5, WIRE_TAG_CODES['req.completed']);
      writeInt(w, e.at);
      writeU64(w, e.request);
      writeInt(w, e.code);
      writeBytes(w, e.output);
    },
    decode: (a) => ({ t: 'req.completed', at: int(a[1]), request: u64(a[2]), code: int(a[3]), output: bytesFromWire(a[4]) }),
  },
  'module.fault': {
    encode: (w, e) => {
      w.head(7, WIRE_TAG_CODES['module.fault']);
      writeInt(w, e.at);
      writeU64(w, e.request);
      writeString(w, e.module);
      writeString(w, e.fn);
      writeFaultKind(w, e.kind);
      writeString(w, e.message);
    },
    decode: (a) => ({
      t: 'module.fault',
      at: int(a[1]),
      request: u64(a[2]),
      module: str(a[3]),
      fn: str(a[4]),
      kind: faultKind(a[5]),
      message: str(a[6]),
    }),
  },
  frame: {
    encode: (w, e) => {
      w.head(3, WIRE_TAG_CODES.frame);
      writeInt(w, e.at);
      writeInt(w, e.index);
    },
    decode: (a) => ({ t: 'frame', at: int(a[1]), index: int(a[2]) }),
  },
  log: {
    encode: (w, e) => {
      w.head(4, WIRE_TAG_CODES.log);
      writeInt(w, e.at);
      writeString(w, e.module);
      writeString(w, e.message);
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
