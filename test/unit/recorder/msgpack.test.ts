/**
 * The recorder's MessagePack writer: the same bytes msgpackr packs (records off) for
 * every value a trace can hold, each in its shortest form, and taken views that stay put.
 */
import test from 'ava';
import fc from 'fast-check';
import { Unpackr } from 'msgpackr';
import { MsgpackWriter } from '../../../recorder/msgpack.js';
import { scanPayload } from '../../../recorder/scan.js';
import { TRACE_LIMITS } from '../../../recorder/limits.js';
import { hex, pack } from './craft.js';

const U64_MAX = (1n << 64n) - 1n;

function written(value: unknown, capacity = 8): Uint8Array {
  const w = new MsgpackWriter(capacity);
  w.value(value);
  return w.take();
}

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Every kind of value a payload holds, with the sizes where encodings change. */
const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -40, max: 300 }),
  fc.constantFrom(0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0xffff_ffff, 2 ** 32, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double(),
  fc.constantFrom(-0, Number.NaN, Infinity, -Infinity, 1.5, 2 ** 53),
  fc.bigInt({ min: -(1n << 63n), max: U64_MAX }),
  fc.constantFrom(0n, 1n, -1n, (1n << 63n) - 1n, 1n << 63n, U64_MAX, -(1n << 63n)),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', 'a'.repeat(31), 'a'.repeat(32), 'é'.repeat(16), '✓'.repeat(11), '🦀'.repeat(8), 'a'.repeat(255), 'a'.repeat(256), '\ud800', 'x\udc00y', '✓'.repeat(30)),
  fc.uint8Array({ maxLength: 300 }),
);

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 5 }, scalar, fc.array(tie('value'), { maxLength: 20 })),
})).value;

test('the writer writes what msgpackr packs, for every value a trace holds', (t) => {
  fc.assert(
    fc.property(value, (v) => {
      t.is(toHex(written(v)), toHex(pack(v)));
    }),
    { numRuns: 3000 },
  );
});

test('long strings, byte strings and arrays, at every length boundary', (t) => {
  for (const length of [0xff, 0x100, 0xffff, 0x10000]) {
    const ascii = 'x'.repeat(length);
    t.is(toHex(written(ascii)), toHex(pack(ascii)), `string of ${length}`);
    const wide = '✓'.repeat(Math.ceil(length / 3));
    t.is(toHex(written(wide)), toHex(pack(wide)), `string of ${wide.length} three-byte characters`);
    const bytes = new Uint8Array(length).fill(7);
    t.is(toHex(written(bytes)), toHex(pack(bytes)), `bin of ${length}`);
    const items = new Array<number>(length).fill(1);
    t.is(toHex(written(items)), toHex(pack(items)), `array of ${length}`);
  }
});

test('what the writer writes is admitted by the scan and decodes to the same values', (t) => {
  const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: 'bigint' });
  fc.assert(
    fc.property(fc.array(value, { maxLength: 10 }), (items) => {
      const bytes = written(items);
      scanPayload(bytes, 0, TRACE_LIMITS, null);
      const same = (a: unknown, b: unknown): boolean => {
        if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, (b as unknown[])[i]));
        if (a instanceof Uint8Array) return b instanceof Uint8Array && toHex(a) === toHex(b);
        if (typeof a === 'string') return typeof b === 'string' && Buffer.from(a).toString() === b;
        return Object.is(a, b) || (Object.is(a, -0) && b === 0);
      };
      t.true(same(items, unpackr.unpack(bytes)));
    }),
    { numRuns: 1000 },
  );
});

test('canonical forms: shortest ints, float 64, one NaN, 9-byte bigints', (t) => {
  t.is(toHex(written(0x40)), '40', '0x40-0x7f are positive fixints');
  t.is(toHex(written(0x80)), 'cc80');
  t.is(toHex(written(-0)), '00');
  t.is(toHex(written(-33)), 'd0df');
  t.is(toHex(written(2 ** 32 - 1)), 'ceffffffff');
  t.is(toHex(written(2 ** 32)), 'cb41f0000000000000');
  t.is(toHex(written(-(2 ** 31) - 1)), 'cbc1e0000000200000');
  t.is(toHex(written(1.5)), 'cb3ff8000000000000');
  const otherNaN = new Float64Array(new BigUint64Array([0x7ff0_0000_0000_0001n]).buffer)[0]!;
  t.is(toHex(written(otherNaN)), 'cb7ff8000000000000', 'every NaN is the quiet NaN');
  t.is(toHex(written(5n)), 'd30000000000000005');
  t.is(toHex(written(1n << 63n)), 'cf8000000000000000');
  t.throws(() => written(1n << 64n), { instanceOf: RangeError });
  t.throws(() => written(-(1n << 63n) - 1n), { instanceOf: RangeError });
  t.throws(() => written({ a: 1 }), { instanceOf: TypeError });
  t.throws(() => written(undefined), { instanceOf: TypeError });
});

test('taken bytes are never written again, however the writer grows', (t) => {
  const w = new MsgpackWriter(4);
  const taken: [Uint8Array, string][] = [];
  for (let i = 0; i < 200; i++) {
    w.array(3);
    w.number(i * 1000);
    w.str('x'.repeat(i % 70));
    w.bin(new Uint8Array(i % 300).fill(i & 0xff));
    if (i % 3 === 0) {
      const bytes = w.take();
      taken.push([bytes, toHex(bytes)]);
    }
  }
  w.number(1);
  w.reset();
  t.is(w.length, 0);
  for (const [bytes, was] of taken) t.is(toHex(bytes), was);
  const again = new MsgpackWriter(4);
  again.raw(hex('0102030405'));
  again.truncate(2);
  t.is(toHex(again.take()), '0102');
});
