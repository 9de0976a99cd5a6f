/**
 * FORMAT.md: a reader takes any MessagePack spelling of an admitted type ("say an int 64
 * where a uint 8 would do"). Foreign writers (msgpack libraries that always write 64-bit
 * integers) must be readable: every integer of a header, its events and its footer
 * spelled as an int 64 or uint 64 reads back as the same trace. Event codes are the one
 * exception the format makes (they are read before decoding, as small integers only).
 */
import test from 'ava';
import { readTrace } from '../../../recorder/index.js';
import { headerToWire } from '../../../recorder/header.js';
import { footerToWire } from '../../../recorder/footer.js';
import { eventToWire } from '../../../recorder/event-wire.js';
import { traceDigest } from '../../../recorder/digest.js';
import { encodeChunk, encodePrologue } from '../../../recorder/layout.js';
import { ChunkKind, concat, pack } from './craft.js';
import { sampleHeader, sampleRun } from './fixtures.js';

/** `value` with every integer number as a bigint (packed as int 64 / uint 64 by msgpackr). */
function wide(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (Array.isArray(value)) return value.map(wide);
  return value;
}

test('every integer spelled as an int 64 or uint 64, in header, events and footer, reads back as the same trace', (t) => {
  for (const faults of [0, 1, 0.25]) {
    const header = sampleHeader({ policies: { errors: 'deferred', latency: { kind: 'fixed', us: 7 }, handles: 'random', faults } });
    const events = sampleRun(30, 3);
    const wires = events.map((e) => {
      const [code, ...fields] = eventToWire(e);
      return [code, ...fields.map(wide)];
    });
    const payload = pack(wires);
    const outcome = { kind: 'failure', reason: 'panic', message: 'm', module: 'g', file: 'f.rs', line: 3, column: 4 } as const;
    const footer = { eventCount: events.length, digest: traceDigest([payload]), outcome };
    const bytes = concat(
      encodePrologue(),
      encodeChunk(ChunkKind.header, pack(wide(headerToWire(header)))),
      encodeChunk(ChunkKind.events, payload),
      encodeChunk(ChunkKind.footer, pack(wide(footerToWire(footer)))),
    );
    const trace = readTrace(bytes);
    t.deepEqual(trace.header, header, `faults ${faults}`);
    t.deepEqual(trace.events, events);
    t.deepEqual(trace.footer, footer);
  }
});
