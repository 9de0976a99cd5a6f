import test from 'ava';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TraceEvent } from '../../../sim/events.js';
import { TRACE_EVENT_TAGS } from '../../../sim/events.js';
import { SchemaError } from '../../../recorder/fields.js';
import { eventFromWire, eventFromWireByTable, eventToWire, writeEvent } from '../../../recorder/event-wire.js';
import { MsgpackWriter } from '../../../recorder/msgpack.js';
import { EVENT_FIELDS, WIRE_TAG_CODES } from '../../../recorder/schema.js';

const WIRE_CODE_REQ_COMPLETED = WIRE_TAG_CODES['req.completed'];
import { createTraceHeader, memoryTarget, readTrace, TraceWriter, type TraceHeader } from '../../../recorder/index.js';
import { anyEvent, eventOf } from './arbitraries.js';
import { chunksOf, ChunkKind, eventsKey, pack, traceOf } from './craft.js';
import { everyKind, sampleHeader, sampleRun } from './fixtures.js';

function record(events: readonly TraceEvent[], header: TraceHeader = sampleHeader(), flushEvery?: number): Uint8Array {
  const writer = new TraceWriter(header, memoryTarget(), flushEvery === undefined ? {} : { flushEvery });
  for (const e of events) writer.emit(e);
  return writer.finish({ kind: 'pass' });
}

/** Keys in declaration order, nested outcomes included. */
function assertDeclarationOrder(t: { deepEqual: (a: unknown, b: unknown, m?: string) => void }, event: TraceEvent): void {
  const names = EVENT_FIELDS[event.t].map(([name]) => name);
  t.deepEqual(Object.keys(event), ['t', ...names], event.t);
  if (event.t === 'run.outcome' && event.outcome.kind === 'failure') {
    const order = ['kind', 'reason', 'message', 'module', 'file', 'line', 'column'];
    t.deepEqual(Object.keys(event.outcome), order.filter((k) => k in event.outcome));
  }
}

test('every kind of event round-trips exactly, fields in declaration order', (t) => {
  const events = everyKind();
  const trace = readTrace(record(events));
  t.is(eventsKey(trace.events), eventsKey(events));
  t.deepEqual(trace.events, events);
  for (const e of trace.events) assertDeclarationOrder(t, e);
  t.deepEqual(trace.header, sampleHeader());
  t.deepEqual(trace.footer.outcome, { kind: 'pass' });
  t.is(trace.footer.eventCount, events.length);
  t.is(new Set(events.map((e) => e.t)).size, TRACE_EVENT_TAGS.length, 'the sample covers every tag');
});

test('a realistic run round-trips exactly, across many chunks', (t) => {
  const events = sampleRun(300, 5);
  const bytes = record(events, sampleHeader(), 64);
  const trace = readTrace(bytes);
  t.is(trace.events.length, events.length);
  t.is(eventsKey(trace.events), eventsKey(events));
  t.is(chunksOf(bytes).filter((c) => c.kind === ChunkKind.events).length, Math.ceil(events.length / 64));
});

test('arbitrary events of every tag round-trip exactly (fast-check)', (t) => {
  fc.assert(
    fc.property(fc.array(anyEvent, { maxLength: 40 }), fc.integer({ min: 1, max: 16 }), (events, flushEvery) => {
      const trace = readTrace(record(events, sampleHeader(), flushEvery));
      t.is(eventsKey(trace.events), eventsKey(events));
      for (const e of trace.events) assertDeclarationOrder(t, e);
    }),
    { numRuns: 300 },
  );
});

test('each tag round-trips on its own, including u64 values at and above 2^63', (t) => {
  for (const tag of TRACE_EVENT_TAGS) {
    fc.assert(
      fc.property(fc.array(eventOf(tag), { minLength: 1, maxLength: 8 }), (events) => {
        t.is(eventsKey(readTrace(record(events)).events), eventsKey(events), tag);
      }),
      { numRuns: 40 },
    );
  }
  const handles = [0n, 1n, 0xffff_ffffn, 0x1_0000_0000n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n];
  const events: TraceEvent[] = handles.map((value, i) => ({ t: 'draw.handle', at: i, value }));
  const decoded = readTrace(record(events)).events;
  t.deepEqual(
    decoded.map((e) => (e.t === 'draw.handle' ? e.value : undefined)),
    handles,
  );
  t.true(decoded.every((e) => e.t === 'draw.handle' && typeof e.value === 'bigint'));
});

test('numbers stay numbers: times beyond 2^32 and up to 2^53', (t) => {
  const ats = [0, 2 ** 32 - 1, 2 ** 32, 2 ** 42 + 7, Number.MAX_SAFE_INTEGER, -(2 ** 40)];
  const events: TraceEvent[] = ats.map((at, index) => ({ t: 'frame', at, index }));
  const decoded = readTrace(record(events)).events;
  t.deepEqual(
    decoded.map((e) => e.at),
    ats,
  );
  t.true(decoded.every((e) => typeof e.at === 'number'));
});

test('byte strings come back as plain Uint8Arrays that own their bytes', (t) => {
  const input = Uint8Array.from([1, 2, 3, 250]);
  const events: TraceEvent[] = [
    { t: 'req.completed', at: 1, request: 1n, caller: 'g', code: 0, output: Buffer.from([9, 9]) },
    { t: 'ffi.launch', at: 1, end: 2, caller: 'g', blocking: false, handle: 1n, input, code: 0, request: 1n },
  ];
  const bytes = record(events);
  const decoded = readTrace(bytes).events;
  const output = decoded[0]!.t === 'req.completed' ? decoded[0]!.output : undefined;
  const launched = decoded[1]!.t === 'ffi.launch' ? decoded[1]!.input : undefined;
  t.is(output?.constructor, Uint8Array);
  t.deepEqual(Array.from(output ?? []), [9, 9]);
  t.deepEqual(Array.from(launched ?? []), [1, 2, 3, 250]);
  t.not(launched?.buffer, bytes.buffer, 'not a view of the trace');
  bytes.fill(0);
  t.deepEqual(Array.from(launched ?? []), [1, 2, 3, 250], 'unaffected by changes to the trace bytes');
});

test('handles on both sides of the shared small bigints (below 4096) decode to their own values', (t) => {
  const values = [0n, 1n, 4094n, 4095n, 4096n, 4097n, 0xffff_ffffn, 1n << 32n];
  const events: TraceEvent[] = values.map((v, i) => ({ t: 'draw.handle', at: i, value: v }));
  t.deepEqual(readTrace(record(events)).events, events);
});

test('a byte string that is not a plain Uint8Array (a Buffer) is decoded to a plain copy', (t) => {
  const output = Buffer.from([7, 8, 9]);
  const event = eventFromWire([WIRE_CODE_REQ_COMPLETED, 1, 1, 'g', 0, output]);
  const bytes = event.t === 'req.completed' ? event.output : undefined;
  t.is(bytes?.constructor, Uint8Array);
  t.deepEqual(Array.from(bytes ?? []), [7, 8, 9]);
  output.fill(0);
  t.deepEqual(Array.from(bytes ?? []), [7, 8, 9], 'not sharing the Buffer');
});

test('documented normalisations: -0 becomes 0, a lone surrogate becomes U+FFFD', (t) => {
  const events: TraceEvent[] = [
    { t: 'frame', at: -0, index: 0 },
    { t: 'log', at: 0, module: 'guest', message: 'a\ud800b' },
  ];
  const decoded = readTrace(record(events)).events;
  t.true(Object.is(decoded[0]!.at, 0));
  t.is(decoded[1]!.t === 'log' ? decoded[1]!.message : '', 'a\ufffdb');
});

test('encoding is deterministic: the same events give the same bytes', (t) => {
  const events = sampleRun(120, 9);
  t.deepEqual(record(events), record(events));
  // equal events built with their keys in another order encode the same
  const shuffled = events.map((e) => Object.fromEntries(Object.entries(e).reverse()) as unknown as TraceEvent);
  t.deepEqual(record(shuffled), record(events));
});

test('encoding is deterministic across processes', (t) => {
  const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
  const recorderUrl = new URL('../../../recorder/index.js', import.meta.url).href;
  const fixturesUrl = new URL('./fixtures.js', import.meta.url).href;
  const script = `
    const { TraceWriter, memoryTarget } = await import(${JSON.stringify(recorderUrl)});
    const { sampleHeader, sampleRun } = await import(${JSON.stringify(fixturesUrl)});
    const { createHash } = await import('node:crypto');
    const w = new TraceWriter(sampleHeader(), memoryTarget());
    for (const e of sampleRun(120, 9)) w.emit(e);
    process.stdout.write(createHash('sha256').update(w.finish({ kind: 'pass' })).digest('hex'));
  `;
  const child = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    encoding: 'utf8',
  });
  t.is(child, sha(record(sampleRun(120, 9))));
});

test('golden: a fixed run has a pinned trace digest and file hash', (t) => {
  // A change here is a change to the bytes of format 2 (or to the sampleRun fixture): make
  // it deliberately, and bump the format version if old readers would misread new traces.
  const header = createTraceHeader({
    arksimVersion: '0.1.0',
    scenario: 'fanout',
    wasm: [{ name: 'guest', role: 'guest', sha256: 'a'.repeat(64) }],
    seed: '42',
    strategy: 'pct:3',
    policies: { errors: 'eager', latency: { kind: 'uniform', min: 0, max: 50_000 }, handles: 'sequential', faults: 0 },
    budgets: { maxSteps: 1_000_000, maxTime: 3_600_000_000, frames: 600, frameUs: 16_667, fuel: 50_000_000 },
    mode: 'record',
    parent: null,
  });
  const bytes = record(sampleRun(60, 3), header);
  const trace = readTrace(bytes);
  t.is(trace.footer.digest, 'c4d32d56f2eecd05f47b041c1df2f82d115397653a88939314333616a40cdd45');
  t.is(createHash('sha256').update(bytes).digest('hex'), '1e899d8dd9819a2e81cda3e7d3e40da9a83890038a986a25ec2a56b93e5f8e9a');
  t.is(bytes.length, 3455);
});

test('every event chunk decodes on its own, without the chunks before it', (t) => {
  const events = sampleRun(100, 4);
  const flushEvery = 50;
  const bytes = record(events, sampleHeader(), flushEvery);
  const eventChunks = chunksOf(bytes).filter((c) => c.kind === ChunkKind.events);
  t.true(eventChunks.length > 3);
  eventChunks.forEach((chunk, i) => {
    const payload = bytes.subarray(chunk.offset + 9, chunk.end);
    const alone = readTrace(traceOf(sampleHeader(), [payload], Math.min(flushEvery, events.length - i * flushEvery)));
    t.is(eventsKey(alone.events), eventsKey(events.slice(i * flushEvery, (i + 1) * flushEvery)), `chunk ${i}`);
  });
});

test('a foreign int64 in a number field, or a uint in a u64 field, is normalised', (t) => {
  // msgpackr decodes int64/uint64 as bigint; number fields take them back as numbers
  t.deepEqual(eventToWire({ t: 'frame', at: 5, index: 1 }), [13, 5, 1]);
  t.deepEqual(eventFromWire([13, 123n, 2n]), { t: 'frame', at: 123, index: 2 });
  t.deepEqual(eventFromWire([9, 1, 7]), { t: 'draw.handle', at: 1, value: 7n });
  t.throws(() => eventFromWire([13, 2n ** 60n, 0]), { instanceOf: SchemaError, message: /frame\.at/ });
});

/** The bytes `writeEvent` writes for `event`. */
function written(event: TraceEvent): Uint8Array {
  const w = new MsgpackWriter(16);
  writeEvent(w, event);
  return w.take();
}

test('the per-tag codecs agree with the table-driven reference, byte for byte', (t) => {
  const outcomeOf = (f: () => unknown): string => {
    try {
      const value = f();
      return `ok ${value instanceof Uint8Array ? Buffer.from(value).toString('hex') : eventsKey([value])}`;
    } catch (error) {
      return error instanceof SchemaError ? `SchemaError ${error.message}` : `other ${String(error)}`;
    }
  };
  const oddValues = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.bigInt(),
    fc.boolean(),
    fc.uint8Array(),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.constant(new Date(0)),
    fc.constant(new Map()),
    fc.constant({ kind: 'pass' }),
    fc.constant(['pass']),
  );
  fc.assert(
    fc.property(anyEvent, fc.nat(), oddValues, (event, which, odd) => {
      // the fast writer writes what msgpackr packs for the reference wire array
      const wire = eventToWire(event);
      t.is(outcomeOf(() => written(event)), outcomeOf(() => pack(wire)));
      t.is(outcomeOf(() => eventFromWire(wire)), outcomeOf(() => eventFromWireByTable(wire)));
      // a field replaced by an odd value: same verdict from both, both naming the field
      const names = EVENT_FIELDS[event.t].map(([name]) => name);
      const index = which % names.length;
      const damaged = wire.map((value, i) => (i === index + 1 ? odd : value));
      t.is(outcomeOf(() => eventFromWire(damaged)), outcomeOf(() => eventFromWireByTable(damaged)));
      const broken = { ...event, [names[index]!]: odd } as unknown as TraceEvent;
      const reference = outcomeOf(() => pack(eventToWire(broken)));
      t.is(outcomeOf(() => written(broken)), reference);
    }),
    { numRuns: 500 },
  );
});

test('every event encoder writes within the room it reserved', (t) => {
  // A typed array drops writes past its end silently: an encoder that reserves too little
  // would lose bytes only when an event lands at the end of a buffer. Here each reserve
  // is checked against what the encoder then writes.
  fc.assert(
    fc.property(anyEvent, (event) => {
      const w = new MsgpackWriter(1);
      let limit = Number.NaN;
      const reserve = w.reserve.bind(w);
      const advance = w.advance.bind(w);
      w.reserve = (room: number) => {
        const b = reserve(room);
        limit = w.end + room;
        return b;
      };
      w.advance = (end: number) => {
        if (!(end <= limit)) t.fail(`${event.t}: wrote ${end - limit} bytes past its room`);
        advance(end);
      };
      writeEvent(w, event);
      t.is(Buffer.from(w.take()).toString('hex'), Buffer.from(pack(eventToWire(event))).toString('hex'));
    }),
    { numRuns: 1000 },
  );
});

test('recording and reading touch no clock, timer or random source', (t) => {
  const poisoned: [object, string][] = [
    [Date, 'now'],
    [Math, 'random'],
    [performance, 'now'],
    [globalThis, 'setTimeout'],
    [globalThis, 'setInterval'],
    [globalThis, 'setImmediate'],
    [process, 'hrtime'],
    [crypto, 'randomUUID'],
    [crypto, 'getRandomValues'],
  ];
  const touched: string[] = [];
  const saved = poisoned.map(([target, key]) => Object.getOwnPropertyDescriptor(target, key));
  const events = sampleRun(40, 2);
  const RealDate = globalThis.Date;
  for (const [target, key] of poisoned) {
    Object.defineProperty(target, key, {
      configurable: true,
      writable: true,
      value: () => {
        touched.push(key);
        throw new Error(`${key} called`);
      },
    });
  }
  globalThis.Date = new Proxy(RealDate, {
    construct(target, args: unknown[]) {
      if (args.length === 0) touched.push('new Date()');
      return Reflect.construct(target, args) as object;
    },
  });
  let decoded: readonly TraceEvent[] = [];
  try {
    decoded = readTrace(record(events, sampleHeader(), 16)).events;
  } finally {
    poisoned.forEach(([target, key], i) => {
      const d = saved[i];
      if (d !== undefined) Object.defineProperty(target, key, d);
    });
    globalThis.Date = RealDate;
  }
  t.deepEqual(touched, []);
  t.is(decoded.length, events.length);
});
