/**
 * Shapes (recorder/shape.ts, traces/FORMAT.md "Shapes"): a payload is decoded only when
 * its arrays and byte strings are where the schema has them. Allocation bombs within every
 * limit are refused before decoding, fast and in little memory; every trace the writer
 * can write, the largest included, still reads; and a payload that does not fit is
 * reported exactly as the schema reports it when decoded in full.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { Unpackr } from 'msgpackr';
import { eventFromWire, eventToWire } from '../../../recorder/event-wire.js';
import { SchemaError } from '../../../recorder/fields.js';
import { footerFromWire } from '../../../recorder/footer.js';
import { headerFromWire, headerToWire } from '../../../recorder/header.js';
import { encodeChunk, encodePrologue } from '../../../recorder/layout.js';
import {
  createTraceHeader,
  memoryTarget,
  readTrace,
  readTracePrefix,
  TRACE_LIMITS,
  type TraceFormatError,
  TraceWriter,
  type TraceFormatErrorReason,
} from '../../../recorder/index.js';
import { scanEvents, scanPayload } from '../../../recorder/scan.js';
import { fitShape, FOOTER_SHAPE, HEADER_SHAPE } from '../../../recorder/shape.js';
import type { TraceEvent } from '../../../sim/events.js';
import { anyEvent } from './arbitraries.js';
import { ChunkKind, concat, eventsKey, frameEvent, hex, pack, str, traceOf } from './craft.js';
import { sampleHeader } from './fixtures.js';
import { arrayBombFile } from './shape.test-bomb.js';

const header = sampleHeader();
const headerBytes = encodeChunk(ChunkKind.header, pack(headerToWire(header)));
/** Where the first event chunk's payload starts in `traceOf(header, ...)`. */
const firstPayloadAt = encodePrologue().length + headerBytes.length + 9;
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: 'bigint', copyBuffers: true });

const u32 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const array32 = (count: number): Uint8Array => concat(Uint8Array.of(0xdd), u32(count));
/** `count` copies of `unit`, as one array of bytes. */
const repeat = (unit: Uint8Array, count: number): Uint8Array => {
  const out = new Uint8Array(unit.length * count);
  for (let i = 0; i < count; i++) out.set(unit, i * unit.length);
  return out;
};
/** An event chunk payload: the events given as their bytes. */
const events = (...items: Uint8Array[]): Uint8Array => concat(array32(items.length), ...items);

interface Refusal {
  readonly error: TraceFormatError;
  readonly events: readonly TraceEvent[];
}

function refuse(bytes: Uint8Array): Refusal {
  const prefix = readTracePrefix(bytes);
  if (prefix.error === undefined) throw new Error('the trace was read');
  return { error: prefix.error, events: prefix.events };
}

function expectRefusal(
  t: { is: (a: unknown, b: unknown, m?: string) => void; regex: (s: string, r: RegExp) => void; true: (v: boolean, m?: string) => void },
  bytes: Uint8Array,
  reason: TraceFormatErrorReason,
  offset: number,
  message: RegExp,
): Refusal {
  const refusal = refuse(bytes);
  t.is(refusal.error.reason, reason, refusal.error.message);
  t.is(refusal.error.offset, offset, refusal.error.message);
  t.regex(refusal.error.message, message);
  t.true(refusal.error.message.includes(`trace byte ${offset}:`));
  return refusal;
}

const MiB = 1024 * 1024;

test('an event of maxArrayItems empty arrays (within every limit) is refused by its shape before decoding; more is limit-exceeded', (t) => {
  expectRefusal(t, arrayBombFile(TRACE_LIMITS.maxArrayItems), 'bad-event', firstPayloadAt + 5, /event #0: unknown event code: array of 0 \(bad-event\)/);
  expectRefusal(t, arrayBombFile(16 * MiB), 'limit-exceeded', firstPayloadAt + 5, /an array of 16777216 items exceeds maxArrayItems/);
});

test('refusing it fits in a 16 MiB heap (decoded, it exhausts that heap)', (t) => {
  // A memory bound V8 enforces, not a measurement: the old reader died of heap exhaustion here.
  const child = spawnSync(
    process.execPath,
    [
      '--max-old-space-size=16',
      '--input-type=module',
      '-e',
      `import { readTracePrefix } from ${JSON.stringify(new URL('../../../recorder/index.js', import.meta.url).href)};
       import { arrayBombFile } from ${JSON.stringify(new URL('./shape.test-bomb.js', import.meta.url).href)};
       const r = readTracePrefix(arrayBombFile(${TRACE_LIMITS.maxArrayItems}));
       process.stdout.write(String(r.error?.reason));`,
    ],
    { encoding: 'utf8' },
  );
  t.is(child.status, 0, child.stderr);
  t.is(child.stdout, 'bad-event');
});

test('empty arrays or byte strings where the schema has numbers are refused without decoding them', (t) => {
  const n = TRACE_LIMITS.maxArrayItems;
  // sched.decision [6, at, step, candidates, chosen], candidates n empty arrays, then n empty byte strings
  const arrays = events(concat(hex('95 06 00 00'), array32(n), new Uint8Array(n).fill(0x90), hex('00')));
  const a = expectRefusal(t, traceOf(header, [arrays], 1), 'bad-event', firstPayloadAt + 5, /event #0: sched\.decision\.candidates: expected an integer number, got array of 0/);
  const bins = events(concat(hex('95 06 00 00'), array32(n), repeat(hex('c4 00'), n), hex('00')));
  const b = expectRefusal(t, traceOf(header, [bins], 1), 'bad-event', firstPayloadAt + 5, /sched\.decision\.candidates: expected an integer number, got Uint8Array object/);
  // ffi.rejected [5, at, caller, call, args, reason, code], args n empty strings
  const strings = events(concat(hex('97 05 00'), str('g'), str('launch'), array32(n), new Uint8Array(n).fill(0xa0), str(''), hex('00')));
  const c = expectRefusal(t, traceOf(header, [strings], 1), 'bad-event', firstPayloadAt + 5, /ffi\.rejected\.args: expected a number or an i64\/u64 bigint, got string ""/);
  t.true([a, b, c].every((r) => r.events.length === 0));
});

test('a long list of numbers ending in a misfit is refused at that item, decoded once', (t) => {
  const n = TRACE_LIMITS.maxArrayItems - 1;
  const payload = events(concat(hex('95 06 00 00'), array32(n + 1), new Uint8Array(n).fill(1), hex('c4 00'), hex('00')));
  expectRefusal(t, traceOf(header, [payload], 1), 'bad-event', firstPayloadAt + 5, /candidates: expected an integer number, got Uint8Array object/);
});

test('arrays and byte strings where the schema has none, and arrays of other lengths, are bad-event with the schema message', (t) => {
  const n = 100_000;
  const cases: readonly [string, Uint8Array, RegExp][] = [
    ['an event of too many items', concat(array32(n), hex('0d'), new Uint8Array(n - 1).fill(0x90)), /frame: expected an array of 3 items \(the code and 2 fields\), got 100000/],
    ['an unknown code', hex('92 10 90'), /unknown event code: number 16/],
    ['an int 64 code', hex('93 d3 00 00 00 00 00 00 00 0d 00 00'), /unknown event code: bigint 13n/],
    ['an array in a scalar field', concat(hex('93 0d 01'), array32(n), new Uint8Array(n).fill(0x90)), /frame\.index: expected an integer number, got array of 100000/],
    ['a byte string in a string field', concat(hex('94 0e 01'), str('guest'), hex('c4 01 00')), /log\.message: expected a string, got Uint8Array object/],
    ['an outcome of too many items', concat(hex('93 0f 01'), array32(n), new Uint8Array(n).fill(0xc0)), /run\.outcome\.outcome: expected an outcome array of 1 or 7 items, got array of 100000/],
    ['an array in an outcome', concat(hex('93 0f 01 97'), str('failure'), hex('90'), str('m'), hex('c0 c0 c0 c0')), /run\.outcome\.outcome: expected a failure reason .*, got array of 0/],
    ['a number where a list goes', hex('95 06 00 00 05 00'), /sched\.decision\.candidates: expected an array of integers, got number 5/],
  ];
  for (const [name, event, message] of cases) {
    t.log(name);
    // after two good events, which readTracePrefix still returns
    const payload = events(frameEvent(1, 1), frameEvent(2, 2), event, frameEvent(3, 3));
    const at = firstPayloadAt + 5 + 2 * frameEvent(1, 1).length;
    const r = expectRefusal(t, traceOf(header, [payload], 4), 'bad-event', at, new RegExp(`event #2: ${message.source}`));
    t.deepEqual(r.events, [
      { t: 'frame', at: 1, index: 1 },
      { t: 'frame', at: 2, index: 2 },
    ]);
  }
});

test('an event that does not fit is reported after an earlier schema error, and after malformed MessagePack anywhere', (t) => {
  const bomb = concat(hex('95 06 00 00'), array32(1000), new Uint8Array(1000).fill(0x90), hex('00'));
  const wrongType = hex('93 0d 01 c3');
  const earlier = expectRefusal(t, traceOf(header, [events(frameEvent(1, 1), wrongType, bomb)], 3), 'bad-event', firstPayloadAt + 5 + 4, /event #1: frame\.index: expected an integer number, got boolean true/);
  t.is(earlier.events.length, 1);
  const malformed = events(bomb, hex('93 0d 01 d4 72 00'));
  expectRefusal(t, traceOf(header, [malformed], 2), 'bad-chunk', firstPayloadAt + 5 + bomb.length + 3, /msgpackr record/);
  // limits are checked everywhere too
  expectRefusal(t, traceOf(header, [events(bomb, concat(hex('94 0e 01'), str('g'), hex('db ff ff ff ff')))], 2), 'limit-exceeded', firstPayloadAt + 5 + bomb.length + 5, /maxStringBytes/);
});

test('a header or footer that does not fit its shape is refused without decoding it, with the schema message', (t) => {
  const n = TRACE_LIMITS.maxArrayItems;
  const prologue = encodePrologue();
  const headerBomb = encodeChunk(ChunkKind.header, concat(array32(n), new Uint8Array(n).fill(0x90)));
  const a = expectRefusal(t, concat(prologue, headerBomb), 'bad-event', prologue.length + 9, /header: expected a header array of 11 items, got array of 1048576/);
  // a list of Wasm entries, each [nil, nil, nil] (4 bytes for two objects)
  const wire = headerToWire(header);
  const entries = n / 4;
  const listed = pack(wire.map((v, i) => (i === 2 ? 'WASM' : v)));
  const marker = Buffer.from(listed).indexOf(Buffer.from(str('WASM')));
  const nils = concat(listed.subarray(0, marker), array32(entries), repeat(hex('93 c0 c0 c0'), entries), listed.subarray(marker + 5));
  const b = expectRefusal(t, concat(prologue, encodeChunk(ChunkKind.header, nils)), 'bad-event', prologue.length + 9, /header: wasm: \[0\]: sha256: expected a SHA-256 as 32 bytes, got null/);
  const footerBomb = encodeChunk(ChunkKind.footer, concat(hex('93 00 c4 20'), new Uint8Array(32), array32(n), new Uint8Array(n).fill(0x90)));
  const c = expectRefusal(t, concat(prologue, headerBytes, footerBomb), 'bad-event', prologue.length + headerBytes.length + 9, /footer: outcome: expected an outcome array of 1 or 7 items, got array of 1048576/);
  t.true([a, b, c].every((r) => r.events.length === 0));
});

test('the largest events the writer writes are read back exactly', (t) => {
  const big = (1n << 64n) - 1n;
  const candidates = Array.from({ length: 1_000_000 }, (_, i) => (i % 3 === 0 ? i : i % 3 === 1 ? -i : 2 ** 53 - i));
  const args: (number | bigint)[] = Array.from({ length: 200_000 }, (_, i) =>
    i % 4 === 0 ? i : i % 4 === 1 ? BigInt(i) - (1n << 63n) : i % 4 === 2 ? big - BigInt(i) : i / 7,
  );
  args.push(NaN, Infinity, -Infinity, 2 ** 60);
  const longText = 'é'.repeat(MiB / 2); // 1 MiB of UTF-8: maxStringBytes
  const input = new Uint8Array(TRACE_LIMITS.maxBinBytes).fill(7);
  const output = new Uint8Array(TRACE_LIMITS.maxBinBytes).fill(9);
  const all: TraceEvent[] = [
    { t: 'sched.decision', at: 1, step: 2, candidates, chosen: 0 },
    { t: 'ffi.rejected', at: 2, caller: longText, call: 'launch', args, reason: longText, code: 2 },
    { t: 'ffi.launch', at: 3, end: 4, caller: 'guest', blocking: false, handle: big, input, code: 0, request: 1n },
    { t: 'req.completed', at: 5, request: 1n, caller: longText, code: 0, output },
    { t: 'module.fault', at: 6, request: 1n, caller: 'guest', module: longText, fn: 'f', kind: 'panic', message: longText },
    { t: 'sched.decision', at: 7, step: 3, candidates: [], chosen: 0 },
    { t: 'ffi.rejected', at: 8, caller: 'g', call: 'retrieve', args: [], reason: '', code: 1 },
    {
      t: 'run.outcome',
      at: 9,
      outcome: { kind: 'failure', reason: 'panic', message: longText, module: longText, file: 'f.rs', line: 2 ** 40, column: 0 },
    },
    { t: 'run.outcome', at: 10, outcome: { kind: 'pass' } },
  ];
  const wasm = Array.from({ length: 5000 }, (_, i) => ({
    name: `m${i}`,
    role: i === 0 ? ('guest' as const) : ('module' as const),
    sha256: (i % 16).toString(16).repeat(64),
    ...(i % 2 === 0 ? { path: `modules/m${i}.wasm` } : {}),
  }));
  const bigHeader = createTraceHeader({ ...sampleHeader(), wasm, scenario: null, parent: 'f'.repeat(64), policies: { ...header.policies, latency: { kind: 'fixed', us: 3 } } });
  const writer = new TraceWriter(bigHeader, memoryTarget());
  for (const e of all) writer.emit(e);
  const bytes = writer.finish({ kind: 'failure', reason: 'divergence', message: longText, module: 'm', file: longText, line: 1, column: 2 });
  const trace = readTrace(bytes);
  t.deepEqual(trace.header, bigHeader);
  t.is(trace.events.length, all.length);
  const withoutBytes = (events: readonly TraceEvent[]): unknown[] =>
    events.map((e) => (e.t === 'ffi.launch' ? { ...e, input: e.input.length } : e.t === 'req.completed' ? { ...e, output: e.output.length } : e));
  t.is(eventsKey(withoutBytes(trace.events)), eventsKey(withoutBytes(all)));
  const launch = trace.events[2];
  const completed = trace.events[3];
  t.true(launch?.t === 'ffi.launch' && Buffer.from(launch.input).equals(input));
  t.true(completed?.t === 'req.completed' && Buffer.from(completed.output).equals(output));
  t.like(trace.footer.outcome, { kind: 'failure', reason: 'divergence', line: 1, column: 2 });
});

/**
 * Values put where they may not go: arrays, byte strings and scalars of every type. Each
 * is a fresh copy: `constantFrom` hands out the same object every time, and a mutation
 * that put an array inside itself would make a cyclic structure no trace can hold.
 */
const hostileValue: fc.Arbitrary<unknown> = fc
  .oneof(
    fc.constantFrom<unknown>([], [[]], [1, 2], [new Uint8Array(1)], ['x'], [null], [[1]], new Uint8Array(0), new Uint8Array(32), 'x', null, true, 1.5, -1, 13),
    fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }),
    fc.array(fc.constantFrom<unknown>(0, 1.5, 'failure', 'panic', null, [], new Uint8Array(1), 7n), { maxLength: 8 }),
  )
  .map((value) => structuredClone(value));

type Mutation = readonly [event: number, field: number, item: number, kind: number, value: unknown];

/** Applies a mutation to a list of wire events: replace a field, an item of an array field, or the event; drop or add a field. */
function mutate(wires: unknown[][], [event, field, item, kind, value]: Mutation): void {
  if (wires.length === 0) return;
  const wire = wires[event % wires.length];
  if (!Array.isArray(wire) || wire.length === 0) return;
  const f = field % wire.length;
  switch (kind % 5) {
    case 0:
      wire[f] = value;
      break;
    case 1: {
      const inner = wire[f];
      if (Array.isArray(inner) && inner.length > 0) (inner as unknown[])[item % inner.length] = value;
      else wire[f] = value;
      break;
    }
    case 2:
      wire.pop();
      break;
    case 3:
      wire.push(value);
      break;
    default:
      wires[event % wires.length] = value as unknown[];
  }
}

const mutation: fc.Arbitrary<Mutation> = fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat(), hostileValue);

/** The error the reader gave before shapes: the whole payload decoded, each event through the schema. */
function schemaVerdict(payload: Uint8Array): { index: number; message: string } | null {
  const decoded = unpackr.unpack(payload) as unknown[];
  for (let i = 0; i < decoded.length; i++) {
    try {
      eventFromWire(decoded[i]);
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      return { index: i, message: error.message };
    }
  }
  return null;
}

test('shapes refuse only what the schema refuses, and a misfit is reported exactly as the schema reports it decoded (fast-check)', (t) => {
  let misfits = 0;
  let refused = 0;
  fc.assert(
    fc.property(fc.array(anyEvent, { minLength: 1, maxLength: 12 }), fc.array(mutation, { maxLength: 3 }), (sample, mutations) => {
      const wires = sample.map((e) => eventToWire(e));
      for (const m of mutations) mutate(wires, m);
      const payload = pack(wires);
      const offsets = scanPayload(payload, 0, TRACE_LIMITS, 65_536)!;
      const verdict = schemaVerdict(payload);
      // the hot scan and the shape table agree on the first event that does not fit
      const { misfit } = scanEvents(payload, 0, TRACE_LIMITS, 65_536);
      const firstMisfit = Array.from(offsets).findIndex((at) => !fitShape(payload, at, 'event', null).fits);
      t.is(misfit, firstMisfit);
      // an event that does not fit is one the schema refuses
      if (misfit >= 0) t.true(verdict !== null && verdict.index <= misfit, `event ${misfit} does not fit, yet the schema takes it`);
      if (misfit >= 0) misfits++;
      if (verdict !== null) refused++;
      const prefix = readTracePrefix(traceOf(header, [payload], wires.length));
      if (verdict === null) {
        t.is(prefix.error, undefined);
        t.is(prefix.events.length, wires.length);
      } else {
        t.is(prefix.error?.reason, 'bad-event');
        t.is(prefix.error?.offset, firstPayloadAt + offsets[verdict.index]);
        t.is(prefix.error?.message, `trace byte ${firstPayloadAt + offsets[verdict.index]}: event #${verdict.index}: ${verdict.message} (bad-event)`);
        t.is(prefix.events.length, verdict.index);
      }
    }),
    { numRuns: 2000 },
  );
  t.log(`${refused} of 2000 payloads refused by the schema, ${misfits} of them by shape`);
  t.true(misfits > 500);
});

test('a header or footer with one thing out of place is reported exactly as the schema reports it decoded (fast-check)', (t) => {
  const headerWire = headerToWire(header);
  const footerWire: unknown[] = [3, new Uint8Array(32), ['failure', 'panic', 'm', null, 'f', 1, null]];
  const check = (wire: unknown[], kind: ChunkKind, rebuild: (value: unknown) => unknown, name: string): void => {
    const payload = pack(wire);
    let expected: string | null = null;
    try {
      rebuild(unpackr.unpack(payload));
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      expected = error.message;
    }
    const shape = kind === ChunkKind.header ? HEADER_SHAPE : FOOTER_SHAPE;
    if (!fitShape(payload, 0, shape, null).fits) t.not(expected, null, `a ${name} that does not fit, yet the schema takes it`);
    const chunk = encodeChunk(kind, payload);
    const bytes = kind === ChunkKind.header ? concat(encodePrologue(), chunk) : concat(encodePrologue(), headerBytes, chunk);
    const { error } = readTracePrefix(bytes);
    if (expected === null) {
      if (kind === ChunkKind.header) t.is(error?.reason, 'missing-footer');
      else t.true(error === undefined || error.reason === 'count-mismatch' || error.reason === 'digest-mismatch', error?.message);
    } else {
      const at = bytes.length - payload.length;
      t.is(error?.message, `trace byte ${at}: ${name}: ${expected} (bad-event)`);
    }
  };
  // a path: the index of an item, then of an item in it, and so on
  const place = (wire: unknown[], path: readonly number[], value: unknown): unknown[] => {
    const copy = structuredClone(wire);
    let at: unknown[] = copy;
    for (let i = 0; i < path.length - 1; i++) {
      const next = at[path[i] % at.length];
      if (!Array.isArray(next) || next.length === 0) break;
      at = next as unknown[];
    }
    at[path[path.length - 1] % at.length] = value;
    return copy;
  };
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), hostileValue, (path, value) => {
      check(place(headerWire, path, value), ChunkKind.header, (wire) => headerFromWire(wire, 2), 'header');
      check(place(footerWire, path, value), ChunkKind.footer, footerFromWire, 'footer');
    }),
    { numRuns: 1000 },
  );
});
