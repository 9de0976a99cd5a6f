/**
 * `headerWithSeed` and the writer's reuse of a base header's encoding: a trace recorded
 * with a derived header must be byte for byte the trace `createTraceHeader` would give.
 */
import test from 'ava';
import fc from 'fast-check';
import { createTraceHeader, headerWithSeed, type TraceHeader, type TraceHeaderInit } from '../../../recorder/header.js';
import { readTrace } from '../../../recorder/reader.js';
import { memoryTarget } from '../../../recorder/targets.js';
import { TraceWriter } from '../../../recorder/writer.js';
import { DEFAULT_BUDGETS } from '../../../sim/budget.js';
import { DEFAULT_POLICIES } from '../../../sim/host/policies.js';
import { anyEvent, text } from './arbitraries.js';

const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });

const init: fc.Arbitrary<TraceHeaderInit> = fc.record({
  arksimVersion: fc.constantFrom('0.1.0', '9.9.9-dev'),
  scenario: fc.option(text),
  wasm: fc.array(fc.record({ name: text, role: fc.constantFrom('guest' as const, 'module' as const), sha256: hex64 }), { maxLength: 3 }),
  seed: text,
  strategy: fc.constantFrom('fifo', 'random', 'pct:3:40'),
  policies: fc.record({
    errors: fc.constantFrom('eager' as const, 'deferred' as const),
    latency: fc.oneof(fc.record({ kind: fc.constant('fixed' as const), us: fc.nat() }), fc.constant({ kind: 'uniform' as const, min: 5, max: 70_000 })),
    handles: fc.constantFrom('sequential' as const, 'random' as const),
    faults: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  budgets: fc.constant(DEFAULT_BUDGETS),
  mode: fc.constantFrom('record' as const, 'shrunk' as const),
  parent: fc.option(fc.constant('ab'.repeat(32))),
});

/** Seeds of every length class msgpack distinguishes (fixstr, str 8, str 16), and non-ASCII. */
const seed = fc.oneof(text, fc.string({ minLength: 30, maxLength: 300 }), fc.constantFrom('', '0', 'ci#17', 'ü€😀'));

function record(header: ReturnType<typeof createTraceHeader>, events: readonly Parameters<TraceWriter<Uint8Array>['emit']>[0][]): Uint8Array {
  const w = new TraceWriter(header, memoryTarget());
  for (const e of events) w.emit(e);
  return w.finish({ kind: 'pass' });
}

test('a derived header records the same bytes as a header made for that seed', (t) => {
  fc.assert(
    fc.property(init, fc.array(seed, { minLength: 1, maxLength: 4 }), fc.array(anyEvent, { maxLength: 5 }), (base, seeds, events) => {
      let derived = createTraceHeader(base);
      for (const s of seeds) {
        // Derived from the last derived header: chains must come out right too.
        derived = headerWithSeed(derived, s);
        const direct = createTraceHeader({ ...base, seed: s });
        t.deepEqual(derived, direct);
        t.true(Object.isFrozen(derived));
        const bytes = record(derived, events);
        t.deepEqual(bytes, record(direct, events));
        t.is(readTrace(bytes).header.seed, s);
      }
    }),
    { numRuns: 150 },
  );
});

test('headerWithSeed checks a base it did not make, and the seed', (t) => {
  const base = createTraceHeader({
    arksimVersion: '0.1.0', scenario: 'x', wasm: [], seed: '1', strategy: 'fifo',
    policies: DEFAULT_POLICIES, budgets: DEFAULT_BUDGETS, mode: 'record', parent: null,
  });
  // a copy is not known as checked: it is checked now, and then derived from as usual
  t.deepEqual(headerWithSeed({ ...base }, '2'), createTraceHeader({ ...base, seed: '2' }));
  t.throws(() => headerWithSeed({ ...base, strategy: 7 } as unknown as TraceHeader, '2'), { instanceOf: TypeError, message: /^invalid trace header: strategy: expected a string/ });
  t.throws(() => headerWithSeed({ ...base, magic: 'x' } as unknown as TraceHeader, '2'), { instanceOf: TypeError, message: /magic/ });
  t.throws(() => headerWithSeed(base, 7 as unknown as string), { instanceOf: TypeError, message: /^invalid trace header: seed: expected a string/ });
  t.throws(() => headerWithSeed(base, 'x'.repeat(1024 * 1024 + 1)), { instanceOf: TypeError, message: /seed: string of \d+ UTF-8 bytes exceeds maxStringBytes/ });
  t.is(base.seed, '1');
});

test('a derived header that is no longer the last one made still records the right bytes', (t) => {
  const base = createTraceHeader({
    arksimVersion: '0.1.0', scenario: 'x', wasm: [], seed: '1', strategy: 'fifo',
    policies: DEFAULT_POLICIES, budgets: DEFAULT_BUDGETS, mode: 'record', parent: null,
  });
  const older = headerWithSeed(base, 'older');
  const newer = headerWithSeed(base, 'newer');
  const events = [{ t: 'frame', at: 0, index: 0 } as const];
  t.deepEqual(record(older, events), record(createTraceHeader({ ...base, seed: 'older' }), events));
  t.deepEqual(record(newer, events), record(createTraceHeader({ ...base, seed: 'newer' }), events));
  t.deepEqual(headerWithSeed(older, 'again'), createTraceHeader({ ...base, seed: 'again' }));
  t.true(Object.isFrozen(headerWithSeed(older, 'again')));
});
