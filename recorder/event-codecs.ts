/**
 * Fast per-tag event codecs: the hot path of the writer and the reader. Each is a plain
 * object literal in declaration order, so TypeScript checks it against its event type
 * and V8 sees one shape per tag. `event-wire.ts` holds the table-driven equivalent built
 * from `EVENT_FIELDS`; it names the failing field when one of these throws, and the tests
 * check that the two agree.
 */
import type { TraceEvent, TraceEventTag } from '../sim/events.js';
import {
  argsFromWire,
  argsToWire,
  boolean,
  bytesFromWire,
  bytesToWire,
  faultKind,
  ffiCall,
  intFromWire as int,
  intToWire,
  intsFromWire,
  intsToWire,
  outcomeFromWire,
  outcomeToWire,
  stringFromWire as str,
  stringToWire,
  u64FromWire as u64,
  u64ToWire,
} from './fields.js';
import { WIRE_TAG_CODES, type EventOf } from './schema.js';

type Wire = Readonly<Record<string, unknown>>;

interface EventCodec<K extends TraceEventTag> {
  readonly encode: (e: EventOf<K>) => Wire;
  readonly decode: (w: Wire) => EventOf<K>;
}

type EventCodecs = { readonly [K in TraceEventTag]: EventCodec<K> };

/** Keyed by tag; each `encode` writes the tag as its wire code. */
export const EVENT_CODECS: EventCodecs = {
  'ffi.create_function': {
    encode: (e) => ({
      t: WIRE_TAG_CODES['ffi.create_function'],
      at: intToWire(e.at),
      caller: stringToWire(e.caller),
      fnType: intToWire(e.fnType),
      module: stringToWire(e.module),
      name: stringToWire(e.name),
      code: intToWire(e.code),
      handle: u64ToWire(e.handle),
    }),
    decode: (w) => ({
      t: 'ffi.create_function',
      at: int(w.at),
      caller: str(w.caller),
      fnType: int(w.fnType),
      module: str(w.module),
      name: str(w.name),
      code: int(w.code),
      handle: u64(w.handle),
    }),
  },
  'ffi.remove_function': {
    encode: (e) => ({ t: WIRE_TAG_CODES['ffi.remove_function'], at: intToWire(e.at), caller: stringToWire(e.caller), handle: u64ToWire(e.handle), code: intToWire(e.code) }),
    decode: (w) => ({ t: 'ffi.remove_function', at: int(w.at), caller: str(w.caller), handle: u64(w.handle), code: int(w.code) }),
  },
  'ffi.launch': {
    encode: (e) => ({
      t: WIRE_TAG_CODES['ffi.launch'],
      at: intToWire(e.at),
      end: intToWire(e.end),
      caller: stringToWire(e.caller),
      blocking: boolean(e.blocking),
      handle: u64ToWire(e.handle),
      input: bytesToWire(e.input),
      code: intToWire(e.code),
      request: u64ToWire(e.request),
    }),
    decode: (w) => ({
      t: 'ffi.launch',
      at: int(w.at),
      end: int(w.end),
      caller: str(w.caller),
      blocking: boolean(w.blocking),
      handle: u64(w.handle),
      input: bytesFromWire(w.input),
      code: int(w.code),
      request: u64(w.request),
    }),
  },
  'ffi.is_ready': {
    encode: (e) => ({
      t: WIRE_TAG_CODES['ffi.is_ready'],
      at: intToWire(e.at),
      caller: stringToWire(e.caller),
      request: u64ToWire(e.request),
      code: intToWire(e.code),
      ready: boolean(e.ready),
      size: intToWire(e.size),
    }),
    decode: (w) => ({
      t: 'ffi.is_ready',
      at: int(w.at),
      caller: str(w.caller),
      request: u64(w.request),
      code: int(w.code),
      ready: boolean(w.ready),
      size: int(w.size),
    }),
  },
  'ffi.retrieve': {
    encode: (e) => ({
      t: WIRE_TAG_CODES['ffi.retrieve'],
      at: intToWire(e.at),
      caller: stringToWire(e.caller),
      request: u64ToWire(e.request),
      len: intToWire(e.len),
      code: intToWire(e.code),
      output: bytesToWire(e.output),
    }),
    decode: (w) => ({
      t: 'ffi.retrieve',
      at: int(w.at),
      caller: str(w.caller),
      request: u64(w.request),
      len: int(w.len),
      code: int(w.code),
      output: bytesFromWire(w.output),
    }),
  },
  'ffi.rejected': {
    encode: (e) => ({
      t: WIRE_TAG_CODES['ffi.rejected'],
      at: intToWire(e.at),
      caller: stringToWire(e.caller),
      call: ffiCall(e.call),
      args: argsToWire(e.args),
      reason: stringToWire(e.reason),
      code: intToWire(e.code),
    }),
    decode: (w) => ({
      t: 'ffi.rejected',
      at: int(w.at),
      caller: str(w.caller),
      call: ffiCall(w.call),
      args: argsFromWire(w.args),
      reason: str(w.reason),
      code: int(w.code),
    }),
  },
  'sched.decision': {
    encode: (e) => ({ t: WIRE_TAG_CODES['sched.decision'], at: intToWire(e.at), step: intToWire(e.step), candidates: intsToWire(e.candidates), chosen: intToWire(e.chosen) }),
    decode: (w) => ({ t: 'sched.decision', at: int(w.at), step: int(w.step), candidates: intsFromWire(w.candidates), chosen: int(w.chosen) }),
  },
  'draw.latency': {
    encode: (e) => ({ t: WIRE_TAG_CODES['draw.latency'], at: intToWire(e.at), value: intToWire(e.value) }),
    decode: (w) => ({ t: 'draw.latency', at: int(w.at), value: int(w.value) }),
  },
  'draw.fault': {
    encode: (e) => ({ t: WIRE_TAG_CODES['draw.fault'], at: intToWire(e.at), value: boolean(e.value) }),
    decode: (w) => ({ t: 'draw.fault', at: int(w.at), value: boolean(w.value) }),
  },
  'draw.handle': {
    encode: (e) => ({ t: WIRE_TAG_CODES['draw.handle'], at: intToWire(e.at), value: u64ToWire(e.value) }),
    decode: (w) => ({ t: 'draw.handle', at: int(w.at), value: u64(w.value) }),
  },
  'req.launched': {
    encode: (e) => ({
      t: WIRE_TAG_CODES['req.launched'],
      at: intToWire(e.at),
      request: u64ToWire(e.request),
      caller: stringToWire(e.caller),
      module: stringToWire(e.module),
      fn: stringToWire(e.fn),
      blocking: boolean(e.blocking),
      due: intToWire(e.due),
    }),
    decode: (w) => ({
      t: 'req.launched',
      at: int(w.at),
      request: u64(w.request),
      caller: str(w.caller),
      module: str(w.module),
      fn: str(w.fn),
      blocking: boolean(w.blocking),
      due: int(w.due),
    }),
  },
  'req.completed': {
    encode: (e) => ({ t: WIRE_TAG_CODES['req.completed'], at: intToWire(e.at), request: u64ToWire(e.request), code: intToWire(e.code), output: bytesToWire(e.output) }),
    decode: (w) => ({ t: 'req.completed', at: int(w.at), request: u64(w.request), code: int(w.code), output: bytesFromWire(w.output) }),
  },
  'module.fault': {
    encode: (e) => ({
      t: WIRE_TAG_CODES['module.fault'],
      at: intToWire(e.at),
      request: u64ToWire(e.request),
      module: stringToWire(e.module),
      fn: stringToWire(e.fn),
      kind: faultKind(e.kind),
      message: stringToWire(e.message),
    }),
    decode: (w) => ({
      t: 'module.fault',
      at: int(w.at),
      request: u64(w.request),
      module: str(w.module),
      fn: str(w.fn),
      kind: faultKind(w.kind),
      message: str(w.message),
    }),
  },
  frame: {
    encode: (e) => ({ t: WIRE_TAG_CODES.frame, at: intToWire(e.at), index: intToWire(e.index) }),
    decode: (w) => ({ t: 'frame', at: int(w.at), index: int(w.index) }),
  },
  log: {
    encode: (e) => ({ t: WIRE_TAG_CODES.log, at: intToWire(e.at), module: stringToWire(e.module), message: stringToWire(e.message) }),
    decode: (w) => ({ t: 'log', at: int(w.at), module: str(w.module), message: str(w.message) }),
  },
  'run.outcome': {
    encode: (e) => ({ t: WIRE_TAG_CODES['run.outcome'], at: intToWire(e.at), outcome: outcomeToWire(e.outcome) }),
    decode: (w) => ({ t: 'run.outcome', at: int(w.at), outcome: outcomeFromWire(w.outcome) }),
  },
};

/** Encoders by tag (a Map, so no tag reaches `Object.prototype`). */
export const ENCODERS: ReadonlyMap<string, (event: TraceEvent) => Wire> = new Map(
  (Object.keys(EVENT_CODECS) as TraceEventTag[]).map((tag) => [tag, EVENT_CODECS[tag].encode as (event: TraceEvent) => Wire]),
);

/** Decoders indexed by wire code. */
export const DECODERS_BY_CODE: readonly ((wire: Wire) => TraceEvent)[] = (Object.keys(EVENT_CODECS) as TraceEventTag[]).reduce<
  ((wire: Wire) => TraceEvent)[]
>((byCode, tag) => {
  byCode[WIRE_TAG_CODES[tag]] = EVENT_CODECS[tag].decode;
  return byCode;
}, []);
