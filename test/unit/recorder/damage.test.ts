/** Damaged, truncated and unfinished traces: always a TraceFormatError, never more or other events. */
import test from 'ava';
import { headerToWire } from '../../../recorder/header.js';
import { encodeChunk, encodePrologue } from '../../../recorder/layout.js';
import {
  memoryTarget,
  readTrace,
  readTracePrefix,
  TraceFormatError,
  TraceWriter,
  type Trace,
  type TraceFormatErrorReason,
} from '../../../recorder/index.js';
import { chunksOf, ChunkKind, concat, eventsKey, eventsPayload, footerChunk, headerChunk, pack, traceOf } from './craft.js';
import { sampleHeader, sampleRun, TestRng } from './fixtures.js';

const header = sampleHeader();
const events = sampleRun(20, 6);
const FLUSH = 16;
const bytes = (() => {
  const writer = new TraceWriter(header, memoryTarget(), { flushEvery: FLUSH });
  for (const e of events) writer.emit(e);
  return writer.finish({ kind: 'failure', reason: 'deadlock', message: 'stuck', module: 'guest' });
})();
const chunks = chunksOf(bytes);
const eventsKeyAll = eventsKey(events);

function readError(input: Uint8Array): TraceFormatError {
  try {
    readTrace(input);
  } catch (error) {
    if (error instanceof TraceFormatError) return error;
    throw error;
  }
  throw new Error('readTrace accepted the input');
}

test('the sample trace is whole and has several event chunks', (t) => {
  const trace = readTrace(bytes);
  t.is(eventsKey(trace.events), eventsKeyAll);
  t.true(chunks.filter((c) => c.kind === ChunkKind.events).length >= 4);
  t.deepEqual(readTracePrefix(bytes), { header: trace.header, events: trace.events, footer: trace.footer });
});

test('every truncation point is an error, and the prefix holds exactly the whole chunks before it', (t) => {
  let previous = 0;
  for (let end = 0; end < bytes.length; end++) {
    const cut = bytes.subarray(0, end);
    const error = readError(cut);
    const atBoundary = end === 10 ? false : chunks.some((c) => c.end === end);
    const expected: TraceFormatErrorReason = atBoundary ? 'missing-footer' : 'truncated';
    if (error.reason !== expected || error.offset > end) {
      t.fail(`cut at ${end}: ${error.message}, expected ${expected}`);
      return;
    }
    const prefix = readTracePrefix(cut);
    t.is(prefix.error?.reason, expected);
    const whole = chunks.filter((c) => c.kind === ChunkKind.events && c.end <= end).length;
    const count = Math.min(whole * FLUSH, events.length);
    if (prefix.events.length !== count || eventsKey(prefix.events) !== eventsKey(events.slice(0, count))) {
      t.fail(`cut at ${end}: ${prefix.events.length} events, expected the first ${count}`);
      return;
    }
    t.is(prefix.header !== undefined, end >= chunks[0]!.end, `header at ${end}`);
    t.true(prefix.events.length >= previous);
    previous = prefix.events.length;
  }
});

test('1,000 seeded single-byte corruptions: an error or exactly the original trace', (t) => {
  const rng = new TestRng(20_240_601);
  const original = readTrace(bytes);
  const reasons = new Map<string, number>();
  for (let i = 0; i < 1000; i++) {
    const damaged = Uint8Array.from(bytes);
    const at = rng.below(damaged.length);
    damaged[at] ^= 1 + rng.below(255);
    let trace: Trace | undefined;
    try {
      trace = readTrace(damaged);
    } catch (error) {
      if (!(error instanceof TraceFormatError)) {
        t.fail(`corrupting byte ${at} threw ${String(error)}`);
        return;
      }
      reasons.set(error.reason, (reasons.get(error.reason) ?? 0) + 1);
    }
    if (trace !== undefined) t.is(eventsKey([trace]), eventsKey([original]), `byte ${at}`);
    const prefix = readTracePrefix(damaged);
    t.is(eventsKey(prefix.events), eventsKey(events.slice(0, prefix.events.length)), `prefix after corrupting byte ${at}`);
  }
  t.log(Object.fromEntries(reasons));
  t.true((reasons.get('crc-mismatch') ?? 0) > 900);
});

test('a wrong magic is bad-magic; an empty or tiny file is truncated', (t) => {
  t.is(readError(concat(Uint8Array.from(Buffer.from('NOTATRACE!')), bytes.subarray(10))).reason, 'bad-magic');
  t.is(readError(Uint8Array.from(Buffer.from('{"t":"frame"}'))).reason, 'bad-magic');
  t.is(readError(new Uint8Array(0)).reason, 'truncated');
  t.is(readError(bytes.subarray(0, 3)).reason, 'truncated');
  t.is(readError(Uint8Array.from(Buffer.from('ARX'))).reason, 'bad-magic');
  t.deepEqual(readTracePrefix(Uint8Array.of(1, 2, 3)).events, []);
});

test('a newer or unknown version is refused, naming the supported versions', (t) => {
  for (const version of [3, 0, 0xffff]) {
    const other = Uint8Array.from(bytes);
    new DataView(other.buffer).setUint16(8, version, true);
    const error = readError(other);
    t.is(error.reason, 'unsupported-version');
    t.is(error.offset, 8);
    t.regex(error.message, new RegExp(`format version ${version} is not supported; this arksim reads version 1, 2`));
    if (version > 2) t.regex(error.message, /newer arksim/);
  }
});

test('chunks out of order are bad-chunk', (t) => {
  const prologue = encodePrologue();
  const hc = headerChunk(header);
  const ec = encodeChunk(ChunkKind.events, eventsPayload(events.slice(0, 3)));
  const fc = footerChunk({ eventCount: 0, digest: '0'.repeat(64), outcome: { kind: 'pass' } });
  const whole = traceOf(header, [], 0);
  t.regex(readError(concat(prologue, ec, hc)).message, /first chunk must be the header, not events/);
  t.regex(readError(concat(prologue, fc)).message, /first chunk must be the header, not the footer/);
  t.regex(readError(concat(prologue, hc, hc)).message, /second header/);
  t.regex(readError(concat(whole, ec)).message, /follow the footer/);
  t.regex(readError(concat(prologue, hc, encodeChunk(9 as ChunkKind, new Uint8Array(1)))).message, /unknown chunk kind 9/);
  t.is(readError(concat(prologue)).reason, 'truncated');
  t.regex(readError(concat(prologue)).message, /before its header/);
});

test('a footer that disagrees with the events is count-mismatch or digest-mismatch', (t) => {
  const payloads = [eventsPayload(events.slice(0, 5)), eventsPayload(events.slice(5, 9))];
  t.is(readTrace(traceOf(header, payloads, 9)).events.length, 9);
  const count = readError(traceOf(header, payloads, 10));
  t.is(count.reason, 'count-mismatch');
  t.is(count.offset, chunksOf(traceOf(header, payloads, 10)).at(-1)!.offset);
  t.is(readError(traceOf(header, payloads, 9, { digest: 'f'.repeat(64) })).reason, 'digest-mismatch');
  // a chunk dropped, or two swapped, keeps every CRC valid; the footer catches it
  t.is(readError(traceOf(header, [payloads[0]!], 9)).reason, 'count-mismatch');
  const swapped = concat(
    encodePrologue(),
    headerChunk(header),
    encodeChunk(ChunkKind.events, payloads[1]!),
    encodeChunk(ChunkKind.events, payloads[0]!),
    footerChunk({ eventCount: 9, digest: readTrace(traceOf(header, payloads, 9)).footer.digest, outcome: { kind: 'pass' } }),
  );
  t.is(readError(swapped).reason, 'digest-mismatch');
  const prefix = readTracePrefix(swapped);
  t.is(prefix.events.length, 9, 'the events are still readable');
  t.is(prefix.footer?.eventCount, 9);
});

test('a header or footer that does not fit the schema is bad-event', (t) => {
  const prologue = encodePrologue();
  const headerWith = (index: number, value: unknown): Uint8Array => {
    const wire = headerToWire(header);
    wire[index] = value;
    return encodeChunk(ChunkKind.header, pack(wire));
  };
  const error = readError(concat(prologue, headerWith(3, 5)));
  t.is(error.reason, 'bad-event');
  t.regex(error.message, /header: seed: expected a string, got number 5/);
  t.is(error.offset, prologue.length + 9);
  t.regex(readError(concat(prologue, headerWith(8, new Uint8Array(31)))).message, /header: parent: expected a SHA-256 as 32 bytes/);
  t.regex(readError(concat(prologue, headerWith(2, [['g', 'guest', 'a'.repeat(64)]]))).message, /header: wasm: \[0\]: sha256: expected a SHA-256 as 32 bytes, got string/);
  t.regex(readError(concat(prologue, headerWith(5, ['eager', ['fixed'], 'sequential', 0]))).message, /header: policies: latency: expected a latency array of 2 or 3 items, got array of 1/);
  t.regex(readError(concat(prologue, headerWith(5, ['eager', ['normal', 1], 'sequential', 0]))).message, /header: policies: latency: expected a latency \["fixed", us\]/);
  t.regex(readError(concat(prologue, headerWith(6, [1, 2, 3, 4]))).message, /header: budgets: expected a budgets array of 5 items, got array of 4/);
  t.regex(readError(concat(prologue, headerWith(7, 'other'))).message, /header: mode: expected a trace mode/);
  const notArray = encodeChunk(ChunkKind.header, pack({ seed: '1' }));
  t.regex(readError(concat(prologue, notArray)).message, /bad-chunk/, 'a map never gets past the scan');
  const short = encodeChunk(ChunkKind.header, pack([1, 2]));
  t.regex(readError(concat(prologue, short)).message, /expected a header array of 11 items, got array of 2/);
  const digest = new Uint8Array(32);
  const footer = encodeChunk(ChunkKind.footer, pack([-1, digest, ['pass']]));
  const footerError = readError(concat(prologue, headerChunk(header), footer));
  t.is(footerError.reason, 'bad-event');
  t.regex(footerError.message, /footer: eventCount: expected an event count, got number -1/);
  const hexDigest = encodeChunk(ChunkKind.footer, pack([0, '0'.repeat(64), ['pass']]));
  t.regex(readError(concat(prologue, headerChunk(header), hexDigest)).message, /footer: digest: expected a SHA-256 as 32 bytes, got string/);
  const outcome = encodeChunk(ChunkKind.footer, pack([0, digest, ['failure', 'oops', '', null, null, null, null]]));
  t.regex(readError(concat(prologue, headerChunk(header), outcome)).message, /outcome: expected a failure reason/);
  const shortOutcome = encodeChunk(ChunkKind.footer, pack([0, digest, ['failure', 'panic', 'x']]));
  t.regex(readError(concat(prologue, headerChunk(header), shortOutcome)).message, /outcome: expected an outcome array of 1 or 7 items, got array of 3/);
  const prefix = readTracePrefix(concat(prologue, headerChunk(header), outcome));
  t.deepEqual(prefix.header, header);
  t.is(prefix.footer, undefined);
});
