/**
 * Hostile traces: well-framed (right CRCs) but built to make a decoder create
 * prototypes, run code or exhaust memory. Each must fail fast with a TraceFormatError.
 */
import test from 'ava';
import fc from 'fast-check';
import { encodeChunk, encodePrologue } from '../../../recorder/layout.js';
import { eventFromWire } from '../../../recorder/event-wire.js';
import { SchemaError } from '../../../recorder/fields.js';
import { canonicalHeader } from '../../../recorder/header.js';
import { memoryTarget, readTrace, readTracePrefix, TRACE_LIMITS, TraceFormatError, TraceWriter, type TraceFormatErrorReason } from '../../../recorder/index.js';
import { ChunkKind, concat, eventsPayload, fixarray, frameEvent, headerChunk, hex, str, traceOf } from './craft.js';
import { sampleHeader, sampleRun } from './fixtures.js';

const header = sampleHeader();
/** Where the first event chunk's payload starts in `traceOf(header, ...)`. */
const firstPayloadAt = encodePrologue().length + headerChunk(header).length + 9;

function rejects(
  t: { true: (v: boolean, m?: string) => void; is: (a: unknown, b: unknown, m?: string) => void },
  bytes: Uint8Array,
  reason: TraceFormatErrorReason,
  message?: RegExp,
): TraceFormatError {
  let caught: unknown;
  try {
    readTrace(bytes);
  } catch (error) {
    caught = error;
  }
  t.true(caught instanceof TraceFormatError, `expected a TraceFormatError, got ${String(caught)}`);
  const error = caught as TraceFormatError;
  t.is(error.reason, reason, error.message);
  if (message !== undefined) t.true(message.test(error.message), error.message);
  t.true(error.message.includes(`byte ${error.offset}`), 'the message names the offset');
  return error;
}

const withPayload = (payload: Uint8Array, count = 1): Uint8Array => traceOf(header, [payload], count);

test('a baseline hand-made event chunk is accepted', (t) => {
  // 0x40-0x7f are plain positive fixints (no msgpackr records)
  const trace = readTrace(withPayload(fixarray(frameEvent(5, 1), frameEvent(0x40, 0x7f)), 2));
  t.deepEqual(trace.events, [
    { t: 'frame', at: 5, index: 1 },
    { t: 'frame', at: 64, index: 127 },
  ]);
});

test('msgpackr records, where "__proto__" could be a key, are refused before decoding', (t) => {
  // d4 72 40: msgpackr's record definition, slot 0x40, keys ["t", "at", "index", "__proto__"]
  const record = concat(hex('d4 72 40 94'), str('t'), str('at'), str('index'), str('__proto__'), Uint8Array.of(13, 1, 2), fixarray(str('x')));
  rejects(t, withPayload(fixarray(record)), 'bad-chunk', /extension type 0x72 \(msgpackr record\) is not used/);
  t.is(({} as Record<string, unknown>).x, undefined);
});

test('MessagePack maps, where "__proto__" could be a key, are refused', (t) => {
  // { "__proto__": { "polluted": true } } as a plain map
  const map = concat(Uint8Array.of(0x81), str('__proto__'), Uint8Array.of(0x81), str('polluted'), Uint8Array.of(0xc3));
  rejects(t, withPayload(fixarray(map)), 'bad-chunk', /map/);
  rejects(t, withPayload(fixarray(concat(hex('de 00 00')))), 'bad-chunk', /map/);
  t.is(({} as Record<string, unknown>).polluted, undefined);
});

test('the schema rebuilds events: objects are refused, own "__proto__" data never becomes a prototype', (t) => {
  const object: unknown = JSON.parse('{"t":13,"at":1,"index":2,"__proto__":{"polluted":true},"extra":1}');
  t.throws(() => eventFromWire(object), { instanceOf: SchemaError, message: /expected an event array, got object/ });
  const event = eventFromWire([13, 1, 2]);
  t.deepEqual(Object.keys(event), ['t', 'at', 'index']);
  t.is(Object.getPrototypeOf(event), Object.prototype);
  t.is(({} as Record<string, unknown>).polluted, undefined);
  const hostileHeader: unknown = JSON.parse(
    JSON.stringify({ ...header, policies: { ...header.policies } }).replace('"policies":{', '"policies":{"__proto__":{"polluted":1},'),
  );
  const rebuilt = canonicalHeader(hostileHeader);
  t.deepEqual(Object.keys(rebuilt.policies), ['errors', 'latency', 'handles', 'faults']);
  t.is(({} as Record<string, unknown>).polluted, undefined);
});

const extensions: readonly [string, string, RegExp][] = [
  ['Date (timestamp 32)', 'd6 ff 00 00 00 00', /timestamp \(Date\)/],
  ['Date (timestamp 96)', 'c7 0c ff 000000000000000000000000', /timestamp \(Date\)/],
  ['Set', 'd4 73 00 90', /Set/],
  ['Error', 'd4 65 00 93 a5 45 72 72 6f 72 a1 78 c0', /Error/],
  ['RegExp', 'd4 78 00 92 a3 28 61 29 a0', /RegExp/],
  ['typed array', 'c7 03 74 01 00 00', /typed array/],
  ['bigint extension', 'c7 01 42 05', /bigint/],
  ['undefined', 'd4 00 00', /undefined/],
  ['structured-clone id', 'd6 69 00 00 00 01 90', /structured-clone/],
  ['bundled strings', 'd6 62 00 00 00 00', /bundled strings/],
  ['an unknown extension', 'd8 05 00000000000000000000000000000000', /extension type 0x05/],
  ['a msgpackr record definition', 'd4 72 40 91 a1 74 0d', /msgpackr record/],
  ['a two-byte msgpackr record id', 'd5 72 40 00 91 a1 74 0d', /msgpackr record/],
];

for (const [name, bytes, message] of extensions) {
  test(`extension values are refused: ${name}`, (t) => {
    // as a field value inside an otherwise valid frame event, and as an event itself
    const asField = fixarray(fixarray(Uint8Array.of(13), Uint8Array.of(1), hex(bytes)));
    rejects(t, withPayload(asField), 'bad-chunk', message);
    rejects(t, withPayload(fixarray(hex(bytes))), 'bad-chunk', message);
  });
}

test('the schema refuses extension objects even if they got past the scan', (t) => {
  const odd: readonly unknown[] = [
    new Date(0),
    new Set([1]),
    new Map([['t', 13]]),
    new Error('x'),
    /x/,
    new Int8Array(2),
    new ArrayBuffer(2),
    Object.create({ t: 13, at: 1, index: 1 }) as unknown,
  ];
  for (const value of odd) {
    t.throws(() => eventFromWire(value), { instanceOf: SchemaError }, String(value));
    t.throws(() => eventFromWire([13, value, 1]), { instanceOf: SchemaError });
    t.throws(() => eventFromWire([11, 1, 1, 0, value]), { instanceOf: SchemaError });
    t.throws(() => eventFromWire([15, 1, value]), { instanceOf: SchemaError });
  }
});

test('a chunk claiming 4 GiB is refused from its header, before anything is read', (t) => {
  const bogus = concat(Uint8Array.of(ChunkKind.events), hex('ff ff ff ff'), hex('00 00 00 00'), Uint8Array.of(0x90));
  const bytes = concat(encodePrologue(), headerChunk(header), bogus);
  // Refused at the chunk header's offset: nothing after it was read.
  const error = rejects(t, bytes, 'limit-exceeded', /maxChunkBytes/);
  t.is(error.offset, firstPayloadAt - 9);
});

test('a nesting bomb is refused at the depth limit, without recursion', (t) => {
  const depth = 200_000;
  const bomb = new Uint8Array(depth + 1).fill(0x91);
  bomb[depth] = 0xc0;
  // Refused where the limit is passed (a recursive decoder would have overflowed the stack first).
  const error = rejects(t, withPayload(bomb), 'limit-exceeded', /maxDepth/);
  t.is(error.offset, firstPayloadAt + TRACE_LIMITS.maxDepth);
  // the same inside an event's field
  const inField = concat(hex('91 93 0d 01'), new Uint8Array(5000).fill(0x91), Uint8Array.of(0xc0));
  rejects(t, withPayload(inField), 'limit-exceeded', /maxDepth/);
});

test('lengths beyond the limits are refused before allocation', (t) => {
  const event = (value: Uint8Array): Uint8Array => fixarray(fixarray(Uint8Array.of(14), Uint8Array.of(1), str('guest'), value));
  rejects(t, withPayload(event(hex('db ff ff ff ff'))), 'limit-exceeded', /maxStringBytes/);
  rejects(t, withPayload(event(hex('c6 7f ff ff ff'))), 'limit-exceeded', /maxBinBytes/);
  // within the limits but beyond the payload: malformed
  rejects(t, withPayload(event(hex('da 10 00 41'))), 'bad-chunk', /ends inside/);
  // arrays that claim more items than bytes remain
  rejects(t, withPayload(event(hex('dd ff ff ff ff'))), 'bad-chunk', /cannot fit/);
  rejects(t, withPayload(hex('dd 00 01 00 01 c0')), 'limit-exceeded', /65536 allowed/);
  rejects(t, withPayload(hex('dd ff ff ff ff c0')), 'limit-exceeded', /events/);
  // readers may be given other limits
  const long = withPayload(event(str('x'.repeat(40))));
  t.is(readTrace(long).events.length, 1);
  t.is(readTracePrefix(long, { limits: { maxStringBytes: 39 } }).error?.reason, 'limit-exceeded');
});

test('the total event limit is checked before a chunk is decoded', (t) => {
  const events = sampleRun(20, 1);
  const bytes = traceOf(header, [eventsPayload(events.slice(0, 10)), eventsPayload(events.slice(10, 20))], 20);
  const prefix = readTracePrefix(bytes, { limits: { maxTotalEvents: 15 } });
  t.is(prefix.events.length, 10);
  t.is(prefix.error?.reason, 'limit-exceeded');
  t.is(readTrace(bytes, { limits: { maxTotalEvents: 20 } }).events.length, 20);
  t.throws(() => readTrace(bytes, { limits: { maxDepth: 0 } }), { instanceOf: RangeError });
});

test('malformed MessagePack is refused with bad-chunk', (t) => {
  const cases: readonly [string, Uint8Array, RegExp][] = [
    ['the never-used byte', fixarray(hex('c1')), /0xc1/],
    ['trailing bytes', concat(fixarray(frameEvent(1, 1)), hex('c0')), /follow/],
    ['a map as an event', fixarray(concat(hex('81'), str('t'), Uint8Array.of(13))), /map/],
    ['a payload that is not an array', str('frame'), /must be a MessagePack array/],
    ['an empty payload', new Uint8Array(0), /must be a MessagePack array/],
    ['a value cut short', hex('91 cd 01'), /ends inside/],
  ];
  for (const [name, payload, message] of cases) {
    t.log(name);
    rejects(t, withPayload(payload), 'bad-chunk', message);
  }
});

test('events that decode but do not fit the schema are bad-event, naming the event and field', (t) => {
  const payload = fixarray(frameEvent(1, 1), fixarray(Uint8Array.of(13), Uint8Array.of(2), Uint8Array.of(0xc3)), frameEvent(3, 3));
  const error = rejects(t, withPayload(payload, 3), 'bad-event', /event #1: frame\.index: expected an integer number, got boolean true/);
  t.is(error.offset, firstPayloadAt + 1 + frameEvent(1, 1).length);
  const prefix = readTracePrefix(withPayload(payload, 3));
  t.deepEqual(prefix.events, [{ t: 'frame', at: 1, index: 1 }], 'the events before the bad one');
  rejects(t, withPayload(fixarray(fixarray(hex('cc 63')))), 'bad-event', /unknown event code: number 99/);
  rejects(t, withPayload(fixarray(Uint8Array.of(5))), 'bad-event', /expected an event array, got number 5/);
  rejects(t, withPayload(fixarray(fixarray())), 'bad-event', /unknown event code: undefined/);
  // a known code with too few or too many fields
  rejects(t, withPayload(fixarray(fixarray(Uint8Array.of(13), Uint8Array.of(1)))), 'bad-event', /frame: expected an array of 3 items \(the code and 2 fields\), got 2/);
  rejects(t, withPayload(fixarray(fixarray(Uint8Array.of(13), Uint8Array.of(1), Uint8Array.of(1), Uint8Array.of(0xc0)))), 'bad-event', /got 4/);
});

test('random payloads never escape as anything but a TraceFormatError', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (payload) => {
      const prefix = readTracePrefix(withPayload(concat(Uint8Array.of(0x91), payload)));
      if (prefix.error !== undefined) {
        t.true(prefix.error instanceof TraceFormatError);
        t.false(prefix.error.message.includes('MessagePack decoding failed'), prefix.error.message);
      }
    }),
    { numRuns: 3000 },
  );
});

test('mutated payloads, re-framed with valid CRCs, are decoded or refused, never crash', (t) => {
  const events = sampleRun(6, 8);
  const payload = eventsPayload(events);
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), (edits) => {
      const mutated = Uint8Array.from(payload);
      for (const [at, value] of edits) mutated[at % mutated.length] = value;
      const bytes = traceOf(header, [mutated], events.length);
      const prefix = readTracePrefix(bytes);
      if (prefix.error !== undefined) {
        t.true(prefix.error instanceof TraceFormatError);
        t.false(prefix.error.message.includes('MessagePack decoding failed'), prefix.error.message);
      }
    }),
    { numRuns: 3000 },
  );
});

test('the same hostile bytes as a header or footer are refused too', (t) => {
  const date = encodeChunk(ChunkKind.header, hex('d6 ff 00 00 00 00'));
  rejects(t, concat(encodePrologue(), date), 'bad-chunk', /Date/);
  const map = encodeChunk(ChunkKind.header, concat(Uint8Array.of(0x81), str('__proto__'), Uint8Array.of(0xc0)));
  rejects(t, concat(encodePrologue(), map), 'bad-chunk', /map/);
  const record = encodeChunk(ChunkKind.footer, concat(hex('d4 72 40 91'), str('__proto__'), Uint8Array.of(0xc0)));
  rejects(t, concat(encodePrologue(), headerChunk(header), record), 'bad-chunk', /msgpackr record/);
});

test('a list of more than maxArrayItems items in an event is limit-exceeded at its header; one fewer reads; the writer never writes one', (t) => {
  const n = TRACE_LIMITS.maxArrayItems + 1;
  const u32 = (v: number): Uint8Array => Uint8Array.of(0xdd, v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  // sched.decision [6, at, step, candidates, chosen] with n candidates of 1 byte each
  const decision = concat(hex('91 95 06 00 00'), u32(n), new Uint8Array(n).fill(1), hex('00'));
  const error = rejects(t, withPayload(decision), 'limit-exceeded', /an array of 1048577 items exceeds maxArrayItems \(1048576\)/);
  t.is(error.offset, firstPayloadAt + 5);
  // One item fewer is a legal list, and reads.
  const legal = concat(hex('91 95 06 00 00'), u32(n - 1), new Uint8Array(n - 1).fill(1), hex('00'));
  t.is(readTrace(withPayload(legal)).events.length, 1);
  // The writer refuses to write the longer one, naming the field.
  const writer = new TraceWriter(header, memoryTarget());
  t.throws(() => writer.emit({ t: 'sched.decision', at: 0, step: 0, candidates: new Array<number>(n).fill(1), chosen: 1 }), {
    instanceOf: TypeError,
    message: /sched\.decision\.candidates: 1048577 items exceed maxArrayItems/,
  });
  writer.abort();
});
