/**
 * Byte fields in divergence reports: an event's one-line description shows a field's
 * first 16 bytes only, so two inputs that differ later read the same. A difference
 * names the first differing offset, both lengths, and a window of each side around it.
 */
import test from 'ava';
import type { TraceEvent } from '../../../sim/events.js';
import { bytesDifference, describeBytesDifference } from '../../../sim/replay/bytes-diff.js';
import { DivergenceError } from '../../../sim/replay/divergence.js';
import { eventDifferences, fieldDifferences } from '../../../sim/replay/equal.js';

const launch = (input: Uint8Array): TraceEvent => ({ t: 'ffi.launch', at: 0, end: 0, caller: 'guest', blocking: false, handle: 1n, input, code: 0, request: 3n });
const megabyte = (): Uint8Array => Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 7) & 0xff);

test('two megabyte inputs that differ at byte 1000: the offset, both lengths and both sides around it', (t) => {
  const a = megabyte();
  const b = Uint8Array.from(a);
  b[1000] = a[1000]! ^ 0xff;
  const [d] = fieldDifferences(launch(a), launch(b));
  t.is(d?.field, 'input');
  t.like(d?.bytes, { offset: 1000, lengths: { expected: 1 << 20, actual: 1 << 20 }, expected: { start: 992 }, actual: { start: 992 } });
  const hex = (x: Uint8Array): string => Buffer.from(x).toString('hex');
  t.is(d?.bytes?.expected.hex, hex(a.subarray(992, 1009)));
  t.is(d?.bytes?.actual.hex, hex(b.subarray(992, 1009)));
  const [line] = eventDifferences(launch(a), launch(b));
  t.is(line, `input: differs at byte 1000 (1048576 B → 1048576 B): …${hex(a.subarray(992, 1000))}[${hex(a.subarray(1000, 1001))}]${hex(a.subarray(1001, 1009))}… → …${hex(b.subarray(992, 1000))}[${hex(b.subarray(1000, 1001))}]${hex(b.subarray(1001, 1009))}…`);
});

test('the divergence message and report carry the offset (they read the same before)', (t) => {
  const a = megabyte();
  const b = Uint8Array.from(a);
  b[1000] = a[1000]! ^ 0xff;
  const e = new DivergenceError(5, launch(a), launch(b), []);
  t.regex(e.message, /input: differs at byte 1000 \(1048576 B → 1048576 B\)/);
  t.regex(e.report(), /^ {4}input: differs at byte 1000 /m);
  t.is(e.differences()[0]?.bytes?.offset, 1000);
});

test('one field a prefix of the other: the offset is where the shorter ends, shown as [end]', (t) => {
  const d = bytesDifference(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3, 4));
  t.like(d, { offset: 3, lengths: { expected: 3, actual: 4 } });
  t.is(describeBytesDifference(d!), 'at byte 3 (3 B → 4 B): 010203[end] → 010203[04]');
});

test('short fields and differences near either end: no ellipsis where the field is shown to its edge', (t) => {
  t.is(describeBytesDifference(bytesDifference(Uint8Array.of(9, 2), Uint8Array.of(8, 2))!), 'at byte 0 (2 B → 2 B): [09]02 → [08]02');
  const long = Uint8Array.from({ length: 40 }, (_, i) => i);
  const end = Uint8Array.from(long);
  end[39] = 0;
  t.is(describeBytesDifference(bytesDifference(long, end)!), 'at byte 39 (40 B → 40 B): …1f20212223242526[27] → …1f20212223242526[00]');
  t.is(bytesDifference(long, Uint8Array.from(long)), undefined);
});
