/** PerCaller: the same handle value under two callers is two keys, whatever the access order. */
import test from 'ava';
import fc from 'fast-check';
import { PerCaller } from '../../../sim/invariants/per-caller.js';

type Op = readonly ['set' | 'delete' | 'get', string, bigint, number];

test('PerCaller agrees with a map keyed by (caller, handle) on any sequence of operations', (t) => {
  const op = fc.tuple(
    fc.constantFrom('set' as const, 'delete' as const, 'get' as const),
    fc.constantFrom('guest', 'relay', 'worker'),
    fc.bigInt({ min: 1n, max: 4n }),
    fc.nat(9),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), (ops: readonly Op[]) => {
      const pc = new PerCaller<number>();
      const model = new Map<string, number>();
      for (const [kind, caller, handle, value] of ops) {
        const key = `${caller}/${handle}`;
        if (kind === 'set') {
          pc.set(caller, handle, value);
          model.set(key, value);
        } else if (kind === 'delete') {
          pc.delete(caller, handle);
          model.delete(key);
        }
        if (pc.get(caller, handle) !== model.get(key) || pc.has(caller, handle) !== model.has(key)) return false;
      }
      for (const c of ['guest', 'relay', 'worker']) {
        for (let h = 1n; h <= 4n; h++) if (pc.get(c, h) !== model.get(`${c}/${h}`)) return false;
      }
      return true;
    }),
    { numRuns: 500, seed: 7 },
  );
  t.pass();
});
