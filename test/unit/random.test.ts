/**
 * Seeded streams: each is seedrandom's alea for `${seed}\0${name}`, value for value,
 * though arksim computes alea's seeding itself (sim/random.ts, `aleaSeedState`).
 */
import test from 'ava';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { aleaSeedState, SeedStreams } from '../../sim/random.js';

/** The first `n` values of seedrandom's own alea for `key`, mixed from all three draw kinds. */
function reference(key: string, n: number): number[] {
  const g = seedrandom.alea(key);
  return Array.from({ length: n }, (_, i) => (i % 3 === 0 ? g.quick() : i % 3 === 1 ? g.int32() : g.double()));
}

function fromState(key: string, n: number): number[] {
  const g = seedrandom.alea('', { state: aleaSeedState(key) });
  return Array.from({ length: n }, (_, i) => (i % 3 === 0 ? g.quick() : i % 3 === 1 ? g.int32() : g.double()));
}

test('aleaSeedState starts alea where seedrandom.alea(key) does, for any key', (t) => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme', maxLength: 200 })), (key) => {
      t.deepEqual(fromState(key, 12), reference(key, 12));
    }),
    { numRuns: 2000 },
  );
  for (const key of ['', ' ', '0\u0000scheduler', 'x'.repeat(10_000), '\ud800', '😀\u0000inputs']) {
    t.deepEqual(aleaSeedState(key), seedrandom.alea(key, { state: true }).state(), JSON.stringify(key.slice(0, 20)));
  }
});

test("a run's streams draw what seedrandom.alea(`${seed}\\0${name}`) draws", (t) => {
  for (const seed of [0, 17, 'abc', -3.5, '9007199254740993']) {
    const streams = new SeedStreams(seed);
    for (const name of ['scheduler', 'latency', 'inputs', 'swarm:0'] as const) {
      const rng = streams.stream(name);
      const g = seedrandom.alea(`${String(seed)}\u0000${name}`);
      const ours = [rng.next(), rng.below(1000), rng.uint32(), rng.next()];
      const theirs = [g.quick(), Math.floor(g.quick() * 1000), g.int32() >>> 0, g.quick()];
      t.deepEqual(ours, theirs, `${String(seed)} ${name}`);
    }
  }
});
