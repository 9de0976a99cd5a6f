/**
 * Events to and from their wire arrays: `[code, ...fields]`, fields in declaration
 * order (traces/FORMAT.md, "Events"). The tag's code says which fields follow, so an
 * event costs one byte of structure (the array header) besides its code and values.
 *
 * The hot paths are the per-tag codecs in event-codecs.ts (`writeEvent`, `eventFromWire`
 * here). The table-driven versions (`eventToWire`, `eventFromWireByTable`, from
 * `EVENT_FIELDS`) are the reference: when a fast codec rejects an event they find the
 * field to name, and the tests check that both always agree, byte for byte.
 */
import type { TraceEvent } from '../sim/events.js';
import { DECODERS_BY_CODE, EVENT_CODECS as C } from './event-codecs.js';
import { SchemaError, describe, expected } from './fields.js';
import type { MsgpackWriter } from './msgpack.js';
import { SPECS_BY_CODE, SPEC_BY_TAG, type EventOf, type EventSpec } from './schema.js';

function fieldError(tag: string, field: string, error: unknown): unknown {
  return error instanceof SchemaError ? new SchemaError(`${tag}.${field}: ${error.message}`) : error;
}

function tagOf(event: unknown): unknown {
  return typeof event === 'object' && event !== null ? (event as { readonly t?: unknown }).t : undefined;
}

/**
 * The wire array of `event`, field by field from `EVENT_FIELDS`: the reference for what
 * `writeEvent` writes. Throws `SchemaError` naming the field that does not fit.
 */
export function eventToWire(event: TraceEvent): unknown[] {
  const tag = tagOf(event);
  const spec = typeof tag === 'string' ? SPEC_BY_TAG.get(tag) : undefined;
  if (spec === undefined) throw new SchemaError(`unknown event tag: ${describe(tag)}`);
  const source = event as unknown as Readonly<Record<string, unknown>>;
  const fields = spec.fields;
  const wire: unknown[] = [spec.code];
  let i = 0;
  try {
    for (; i < fields.length; i++) {
      const field = fields[i];
      wire.push(field.codec.toWire(source[field.name]));
    }
  } catch (error) {
    throw fieldError(spec.tag, fields[i].name, error);
  }
  return wire;
}

/** Checks that a decoded value is an event's wire array (an array whose first item is a known code, of that tag's length); returns the tag's spec. */
function eventSpecOf(value: unknown): EventSpec {
  if (!Array.isArray(value)) throw expected('an event array', value);
  const wire = value as readonly unknown[];
  const code = wire[0];
  const spec = typeof code === 'number' ? SPECS_BY_CODE[code] : undefined;
  if (spec === undefined) throw new SchemaError(`unknown event code: ${describe(code)}`);
  if (wire.length !== spec.fields.length + 1) {
    throw new SchemaError(`${spec.tag}: expected an array of ${spec.fields.length + 1} items (the code and ${spec.fields.length} fields), got ${wire.length}`);
  }
  return spec;
}

/** `eventFromWire`, field by field from `EVENT_FIELDS`. */
export function eventFromWireByTable(value: unknown): TraceEvent {
  const spec = eventSpecOf(value);
  const wire = value as readonly unknown[];
  const event: Record<string, unknown> = { t: spec.tag };
  const fields = spec.fields;
  let i = 0;
  try {
    for (; i < fields.length; i++) {
      const field = fields[i];
      event[field.name] = field.codec.fromWire(wire[i + 1]);
    }
  } catch (error) {
    throw fieldError(spec.tag, fields[i].name, error);
  }
  return event as unknown as TraceEvent;
}

/** Rethrows a fast codec's error as the table-driven version's, which names the field. */
function locate(error: unknown, retry: () => unknown): never {
  if (error instanceof SchemaError) retry();
  throw error;
}

/**
 * Writes `event`'s wire array into `w` (the bytes of packing `eventToWire(event)`).
 * Throws `SchemaError` when the event does not fit its schema, after which `w` holds a
 * partial event and must be discarded.
 */
export function writeEvent(w: MsgpackWriter, event: TraceEvent): void {
  try {
    encode(w, event);
  } catch (error) {
    locate(error, () => eventToWire(event));
  }
}

/** Dispatch by tag, the most frequent first (a switch on strings beats a Map lookup here). */
function encode(w: MsgpackWriter, e: TraceEvent): void {
  switch (typeof e === 'object' && e !== null ? e.t : undefined) {
    case 'ffi.is_ready':
      return C['ffi.is_ready'].encode(w, e as EventOf<'ffi.is_ready'>);
    case 'ffi.retrieve':
      return C['ffi.retrieve'].encode(w, e as EventOf<'ffi.retrieve'>);
    case 'ffi.launch':
      return C['ffi.launch'].encode(w, e as EventOf<'ffi.launch'>);
    case 'req.launched':
      return C['req.launched'].encode(w, e as EventOf<'req.launched'>);
    case 'req.completed':
      return C['req.completed'].encode(w, e as EventOf<'req.completed'>);
    case 'draw.latency':
      return C['draw.latency'].encode(w, e as EventOf<'draw.latency'>);
    case 'draw.fault':
      return C['draw.fault'].encode(w, e as EventOf<'draw.fault'>);
    case 'sched.decision':
      return C['sched.decision'].encode(w, e as EventOf<'sched.decision'>);
    case 'frame':
      return C.frame.encode(w, e as EventOf<'frame'>);
    case 'draw.handle':
      return C['draw.handle'].encode(w, e as EventOf<'draw.handle'>);
    case 'ffi.create_function':
      return C['ffi.create_function'].encode(w, e as EventOf<'ffi.create_function'>);
    case 'ffi.remove_function':
      return C['ffi.remove_function'].encode(w, e as EventOf<'ffi.remove_function'>);
    case 'ffi.rejected':
      return C['ffi.rejected'].encode(w, e as EventOf<'ffi.rejected'>);
    case 'module.fault':
      return C['module.fault'].encode(w, e as EventOf<'module.fault'>);
    case 'log':
      return C.log.encode(w, e as EventOf<'log'>);
    case 'run.outcome':
      return C['run.outcome'].encode(w, e as EventOf<'run.outcome'>);
    default:
      throw new SchemaError(`unknown event tag: ${describe(tagOf(e))}`);
  }
}

/**
 * A fresh event built from a decoded wire array: exactly the fields its tag declares, in
 * declaration order, each checked (and normalised) by its kind. Throws `SchemaError`.
 */
export function eventFromWire(value: unknown): TraceEvent {
  const spec = eventSpecOf(value);
  const wire = value as readonly unknown[];
  try {
    return DECODERS_BY_CODE[spec.code](wire);
  } catch (error) {
    return locate(error, () => eventFromWireByTable(wire));
  }
}
