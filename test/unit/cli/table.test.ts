/**
 * The event table of a long run: column widths are measured without spreading one
 * argument per row, which overflowed the stack and crashed inspect and diff. The limit
 * depends on the thread's stack (~150k rows on the main thread, ~400k in ava's worker
 * threads), so the test uses a million rows: over it on any default stack.
 */
import test from 'ava';
import { renderTable, type EventRow } from '../../../cli/view/index.js';
import { widest } from '../../../cli/view/width.js';

const row = (index: number): EventRow => ({ index, at: index * 10, module: 'guest', kind: 'ffi.poll', args: `request ${index}`, result: 'Ok (0)', error: false });

test('a table of a million rows renders, with columns as wide as the widest row', (t) => {
  const rows = Array.from({ length: 1_000_000 }, (_, i) => row(i));
  const lines = renderTable(rows);
  t.is(lines.length, 1_000_001);
  // '#999999' is the widest index; every result column starts at the same offset.
  t.is(lines.at(-1)?.indexOf('Ok'), lines[1]?.indexOf('Ok'));
  t.true(lines.at(-1)?.startsWith('#999999  ') === true);
});

test('widest: the longest length, and never less than the floor', (t) => {
  t.is(widest(['a', 'abc', 'ab']), 3);
  t.is(widest([], 4), 4);
  t.is(widest(['ab'], 9), 9);
});
