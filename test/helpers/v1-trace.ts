/**
 * Writes format version 1, which arksim no longer writes, from version-2 events: so the
 * tests can make version-1 traces of any run, cut into chunks anywhere. Version 1 had no
 * `caller` in `req.completed` and `module.fault` (after `request`) and no `host` in the
 * header. Packed by msgpackr, independently of the recorder's writer.
 */
import { traceDigest } from '../../recorder/digest.js';
import { eventToWire } from '../../recorder/event-wire.js';
import { footerToWire } from '../../recorder/footer.js';
import { headerToWire, type TraceHeader } from '../../recorder/header.js';
import { ChunkKind, encodeChunk, encodePrologue } from '../../recorder/layout.js';
import type { TraceEvent } from '../../sim/events.js';
import type { RunOutcome } from '../../sim/outcome.js';
import { concat, pack } from '../unit/recorder/craft.js';

/** An event's version-1 wire array. */
export function v1Wire(event: TraceEvent): unknown[] {
  const wire = eventToWire(event);
  if (event.t === 'req.completed' || event.t === 'module.fault') wire.splice(3, 1);
  return wire;
}

/** A version-1 trace of `events` (`flushEvery` a chunk), without the footer when `finished` is false. */
export function v1Trace(header: TraceHeader, events: readonly TraceEvent[], outcome: RunOutcome, flushEvery: number, finished = true): Uint8Array {
  const payloads: Uint8Array[] = [];
  for (let i = 0; i < events.length; i += flushEvery) payloads.push(pack(events.slice(i, i + flushEvery).map(v1Wire)));
  return v1TraceOf(header, payloads, events.length, outcome, finished);
}

/** A version-1 trace of event chunk `payloads` (packed wire arrays), holding `eventCount` events. */
export function v1TraceOf(header: TraceHeader, payloads: readonly Uint8Array[], eventCount: number, outcome: RunOutcome = { kind: 'pass' }, finished = true): Uint8Array {
  const prologue = encodePrologue();
  prologue[8] = 1;
  prologue[9] = 0;
  const headerWire = headerToWire(header).slice(0, 9);
  const parts = [prologue, encodeChunk(ChunkKind.header, pack(headerWire)), ...payloads.map((p) => encodeChunk(ChunkKind.events, p))];
  if (finished) parts.push(encodeChunk(ChunkKind.footer, pack(footerToWire({ eventCount, digest: traceDigest(payloads), outcome }))));
  return concat(...parts);
}
