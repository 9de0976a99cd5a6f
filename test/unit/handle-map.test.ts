/**
 * HandleMap and HandleSet answer exactly as Map<bigint> and Set<bigint>; they iterate
 * handles below 4096 in ascending order, then the rest in a Map's order.
 */
import test from 'ava';
import fc from 'fast-check';
import { HandleMap, HandleSet, handleKey } from '../../sim/handle-map.js';

/** Handles around every boundary the key choice has: 2^32, 2^53, 2^64. */
const handle = fc.oneof(
  fc.bigInt({ min: 0n, max: 40n }),
  fc.bigInt({ min: 4090n, max: 4100n }),
  fc.bigInt({ min: (1n << 32n) - 3n, max: (1n << 32n) + 3n }),
  fc.bigInt({ min: (1n << 53n) - 3n, max: (1n << 53n) + 3n }),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  fc.bigInt({ min: -5n, max: -1n }),
);

/** The order HandleMap iterates the keys of a Map<bigint> in. */
function handleOrder<T>(entries: readonly (readonly [bigint, T])[]): (readonly [bigint, T])[] {
  const dense = entries.filter(([h]) => h >= 0n && h < 4096n).sort(([a], [b]) => (a < b ? -1 : 1));
  return [...dense, ...entries.filter(([h]) => !(h >= 0n && h < 4096n))];
}

type Op = { readonly kind: 'set' | 'delete' | 'get'; readonly handle: bigint; readonly value: number };
const op = fc.record({ kind: fc.constantFrom<Op['kind']>('set', 'delete', 'get'), handle, value: fc.nat() });

test('HandleMap answers as a Map<bigint>, and iterates small handles in order, then the rest as a Map', (t) => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const ours = new HandleMap<number>();
      const ref = new Map<bigint, number>();
      for (const o of ops) {
        if (o.kind === 'set') {
          ours.set(o.handle, o.value);
          ref.set(o.handle, o.value);
        } else if (o.kind === 'delete') {
          t.is(ours.delete(o.handle), ref.delete(o.handle));
        }
        t.is(ours.get(o.handle), ref.get(o.handle));
        t.is(ours.has(o.handle), ref.has(o.handle));
        t.is(ours.size, ref.size);
      }
      const order = handleOrder([...ref]);
      t.deepEqual([...ours], order);
      t.deepEqual([...ours.keys()], order.map(([h]) => h));
      t.deepEqual([...ours.values()], order.map(([, v]) => v));
    }),
    { numRuns: 500 },
  );
});

test('HandleSet answers as a Set<bigint>, and iterates as HandleMap', (t) => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const ours = new HandleSet();
      const ref = new Set<bigint>();
      for (const o of ops) {
        if (o.kind === 'set') {
          ours.add(o.handle);
          ref.add(o.handle);
        } else if (o.kind === 'delete') {
          t.is(ours.delete(o.handle), ref.delete(o.handle));
        }
        t.is(ours.has(o.handle), ref.has(o.handle));
        t.is(ours.size, ref.size);
      }
      t.deepEqual(
        [...ours],
        handleOrder([...ref].map((h) => [h, h] as const)).map(([h]) => h),
      );
    }),
    { numRuns: 500 },
  );
});

test('a handle is keyed by the number it equals below 2^53, by itself from there (and when negative)', (t) => {
  t.is(handleKey(0n), 0);
  t.is(handleKey(0xffff_ffffn), 0xffff_ffff);
  t.is(handleKey(1n << 32n), 2 ** 32);
  t.is(handleKey((1n << 53n) - 1n), Number.MAX_SAFE_INTEGER);
  t.is(handleKey(1n << 53n), 1n << 53n);
  t.is(handleKey((1n << 64n) - 1n), (1n << 64n) - 1n);
  t.is(handleKey(-1n), -1n);
});
