/**
 * Events to and from their wire records: `{ t: code, ...fields }`, fields in declaration
 * order. One wire shape per tag means msgpackr defines each record once per chunk, and
 * every later event of that tag costs one byte of structure.
 *
 * The hot path is the per-tag codecs in event-codecs.ts. The table-driven versions here
 * (`...ByTable`, from `EVENT_FIELDS`) are the reference: when a fast codec rejects an event
 * they find the field to name, and the tests check that both always agree.
 */
import type { TraceEvent } from '../sim/events.js';
import { DECODERS_BY_CODE, ENCODERS } from './event-codecs.js';
import { SchemaError, describe, plainRecord } from './fields.js';
import { SPECS_BY_CODE, SPEC_BY_TAG } from './schema.js';

function fieldError(tag: string, field: string, error: unknown): unknown {
  return error instanceof SchemaError ? new SchemaError(`${tag}.${field}: ${error.message}`) : error;
}

function tagOf(event: unknown): unknown {
  return typeof event === 'object' && event !== null ? (event as { readonly t?: unknown }).t : undefined;
}

/** `eventToWire`, field by field from `EVENT_FIELDS`. */
export function eventToWireByTable(event: TraceEvent): Record<string, unknown> {
  const tag = tagOf(event);
  const spec = typeof tag === 'string' ? SPEC_BY_TAG.get(tag) : undefined;
  if (spec === undefined) throw new SchemaError(`unknown event tag: ${describe(tag)}`);
  const source = event as unknown as Readonly<Record<string, unknown>>;
  const wire: Record<string, unknown> = { t: spec.code };
  const fields = spec.fields;
  let i = 0;
  try {
    for (; i < fields.length; i++) {
      const field = fields[i];
      wire[field.name] = field.codec.toWire(source[field.name]);
    }
  } catch (error) {
    throw fieldError(spec.tag, fields[i].name, error);
  }
  return wire;
}

/** `eventFromWire`, field by field from `EVENT_FIELDS`. */
export function eventFromWireByTable(value: unknown): TraceEvent {
  const wire = plainRecord(value, 'an event record');
  const code = wire.t;
  const spec = typeof code === 'number' ? SPECS_BY_CODE[code] : undefined;
  if (spec === undefined) throw new SchemaError(`unknown event code: ${describe(code)}`);
  const event: Record<string, unknown> = { t: spec.tag };
  const fields = spec.fields;
  let i = 0;
  try {
    for (; i < fields.length; i++) {
      const field = fields[i];
      event[field.name] = field.codec.fromWire(wire[field.name]);
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

/** The record the writer packs for `event`. Throws `SchemaError` when the event does not fit its schema. */
export function eventToWire(event: TraceEvent): Readonly<Record<string, unknown>> {
  const tag = tagOf(event);
  const encode = typeof tag === 'string' ? ENCODERS.get(tag) : undefined;
  if (encode === undefined) throw new SchemaError(`unknown event tag: ${describe(tag)}`);
  try {
    return encode(event);
  } catch (error) {
    return locate(error, () => eventToWireByTable(event));
  }
}

/**
 * A fresh event built from a decoded record: only the fields its tag declares, in
 * declaration order, each checked (and normalised) by its kind. Throws `SchemaError`.
 */
export function eventFromWire(value: unknown): TraceEvent {
  const wire = plainRecord(value, 'an event record');
  const code = wire.t;
  const decode = typeof code === 'number' ? DECODERS_BY_CODE[code] : undefined;
  if (decode === undefined) throw new SchemaError(`unknown event code: ${describe(code)}`);
  try {
    return decode(wire);
  } catch (error) {
    return locate(error, () => eventFromWireByTable(wire));
  }
}
