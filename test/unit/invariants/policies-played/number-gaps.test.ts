/** NumberGaps: the skipped numbers as ranges agree with a set of them, however they are filled. */
import test from 'ava';
import fc from 'fast-check';
import { NumberGaps } from '../../../../sim/invariants/policies-played/number-gaps.js';

test('NumberGaps agrees with a set of the skipped numbers on any sequence of skips and fills', (t) => {
  // Each step: skip `gap` numbers above the highest so far, then try to fill `fill` (any number up to there).
  const step = fc.tuple(fc.nat(4), fc.nat(30));
  fc.assert(
    fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
      const gaps = new NumberGaps();
      const model = new Set<bigint>();
      let highest = 0n;
      for (const [gap, fill] of steps) {
        if (gap > 0) {
          gaps.add(highest + 1n, highest + BigInt(gap), `skip ${gap}`);
          for (let n = 1n; n <= BigInt(gap); n++) model.add(highest + n);
        }
        highest += BigInt(gap) + 1n;
        const n = BigInt(fill);
        if (gaps.take(n) !== model.delete(n)) return false;
        const lowest = [...model].sort((a, b) => (a < b ? -1 : 1))[0];
        if (gaps.count() !== BigInt(model.size) || gaps.first()?.n !== lowest) return false;
      }
      return true;
    }),
  );
  t.pass();
});

test('a filled range keeps naming what skipped it', (t) => {
  const gaps = new NumberGaps();
  gaps.add(2n, 4n, 'create_function issued handle 5 at t=0');
  t.true(gaps.take(2n));
  t.false(gaps.take(2n));
  t.deepEqual(gaps.first(), { n: 3n, by: 'create_function issued handle 5 at t=0' });
  t.is(gaps.count(), 2n);
});
