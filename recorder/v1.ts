/**
 * Reading format version 1, whose `req.completed` and `module.fault` do not name the
 * module that launched the request (`caller`, which version 2 put after `request`).
 * Version-1 events are upgraded as they are read, so everything past the reader sees
 * version-2 events only:
 * - a request's caller is the caller of its `req.launched`, the latest launch of that
 *   value (exact for the reference host, which never reissues a request value in a run);
 * - an eager launch error's `module.fault` (request 0, no `req.launched`) is followed by
 *   the `ffi.launch` that returned the error, which names the caller: such an event is
 *   handed over once the next event is read;
 * - where neither names it (a trace cut right there, a request never launched), the
 *   caller is the empty string.
 */
import type { ModuleFaultEvent, TraceEvent } from '../sim/events.js';
import { eventFromWire } from './event-wire.js';
import { SchemaError, u64FromWire } from './fields.js';
import { V1_SPECS_BY_CODE, WIRE_TAG_CODES } from './schema.js';

const COMPLETED = WIRE_TAG_CODES['req.completed'];
const FAULT = WIRE_TAG_CODES['module.fault'];
const LAUNCH = WIRE_TAG_CODES['ffi.launch'];

/** Where version 2 put `caller` in the wire arrays of both events: after the code, `at` and `request`. */
const CALLER_AT = 3;

/** Where `ffi.launch` has its `caller`. */
const LAUNCH_CALLER_AT = 3;

/** The caller when a version-1 trace does not say. */
export const UNKNOWN_CALLER = '';

/** `wire` with `caller` put where version 2 has it, when it is an event version 2 added `caller` to; otherwise `wire`. Throws `SchemaError` for such an event of the wrong length. */
function withCaller(wire: unknown, caller: string): unknown {
  if (!Array.isArray(wire)) return wire;
  const code: unknown = wire[0];
  if (code !== COMPLETED && code !== FAULT) return wire;
  const spec = V1_SPECS_BY_CODE[code];
  if (spec === undefined) return wire;
  if (wire.length !== spec.fields.length + 1) {
    throw new SchemaError(`${spec.tag}: expected an array of ${spec.fields.length + 1} items (the code and ${spec.fields.length} fields), got ${wire.length}`);
  }
  return [...(wire.slice(0, CALLER_AT) as unknown[]), caller, ...(wire.slice(CALLER_AT) as unknown[])];
}

/** A version-1 event's wire array as an event, its caller unknown: what a misfit is checked with. Throws `SchemaError`. */
export function v1EventFromWire(wire: unknown): TraceEvent {
  return eventFromWire(withCaller(wire, UNKNOWN_CALLER));
}

function requestOf(value: unknown): bigint | undefined {
  try {
    return u64FromWire(value);
  } catch {
    // The decoder reports the field.
    return undefined;
  }
}

function launchCaller(wire: unknown): string {
  if (!Array.isArray(wire) || wire[0] !== LAUNCH) return UNKNOWN_CALLER;
  const caller: unknown = wire[LAUNCH_CALLER_AT];
  return typeof caller === 'string' ? caller : UNKNOWN_CALLER;
}

/** Turns a version-1 trace's event wire arrays, in order, into version-2 events for `deliver`. One per trace read. */
export class V1Events {
  /** Request value to the caller of its latest `req.launched`, until it completes. */
  private readonly callers = new Map<bigint, string>();
  /** A `module.fault` waiting for the next event to name its caller. */
  private held: { readonly event: ModuleFaultEvent; readonly index: number } | undefined;

  constructor(private readonly deliver: (event: TraceEvent, index: number) => void) {}

  /** Decodes `wire`, event number `index`, and hands over what is ready. Throws `SchemaError` (after handing over a held event). */
  push(wire: unknown, index: number): void {
    if (this.held !== undefined) this.release(launchCaller(wire));
    const code: unknown = Array.isArray(wire) ? wire[0] : undefined;
    if (code !== COMPLETED && code !== FAULT) {
      const event = eventFromWire(wire);
      if (event.t === 'req.launched') this.callers.set(event.request, event.caller);
      this.deliver(event, index);
      return;
    }
    const request = requestOf((wire as unknown[])[2]);
    const caller = request === undefined ? undefined : this.callers.get(request);
    const event = eventFromWire(withCaller(wire, caller ?? UNKNOWN_CALLER));
    if (event.t === 'req.completed') this.callers.delete(event.request);
    if (event.t === 'module.fault' && caller === undefined) this.held = { event, index };
    else this.deliver(event, index);
  }

  /** Hands over a held event, its caller unknown: at the footer, or where the read stops. */
  flush(): void {
    if (this.held !== undefined) this.release(UNKNOWN_CALLER);
  }

  private release(caller: string): void {
    const { event: e, index } = this.held!;
    this.held = undefined;
    // A literal, in the order the version-2 decoder builds it (export and JSON keep key order).
    this.deliver({ t: e.t, at: e.at, request: e.request, caller, module: e.module, fn: e.fn, kind: e.kind, message: e.message }, index);
  }
}
