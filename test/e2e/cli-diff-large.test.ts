/**
 * `arksim diff` of two long traces reads them side by side: memory follows the --context
 * window (and, for the table, which function each request runs), not the traces' events
 * (two 200,000-event traces parting near their ends are compared, as text and as JSON,
 * in a 64 MB heap, where holding both traces' events ran out of heap; two 6M-event traces
 * took 4.1 GB). Both are still read to their ends: damage after the divergence is refused
 * as before. The heap bound is the assertion; times are not asserted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { arksimInHeap, isOneLineError, type CliResult } from '../helpers/cli.js';
import { requestsTrace } from '../helpers/long-trace.js';
import { tempDir } from '../helpers/temp-dir.js';

/** 28,572 requests of 7 events each, a create_function first and an outcome last: 200,006 events. */
const REQUESTS = 28_572;
const EVENTS = 7 * REQUESTS + 2;
/** B's log line of request 28,000 says otherwise: event #7 * 28,000 + 7. */
const PARTS_AT = 28_000;
const INDEX = 7 * PARTS_AT + 7;

const dir = tempDir('diff-large');
const a = join(dir, 'a.trace');
const b = join(dir, 'b.trace');
const cut = join(dir, 'b-cut.trace');
test.before(() => {
  writeFileSync(a, requestsTrace(REQUESTS));
  const bytes = requestsTrace(REQUESTS, (i) => (i === PARTS_AT ? 'done differently' : `done ${i}`));
  writeFileSync(b, bytes);
  // Its last bytes gone: the footer, well after the divergence.
  writeFileSync(cut, bytes.subarray(0, bytes.length - 10));
});

/** `arksim diff` with `heapMb` of heap. */
const diffIn = (heapMb: number, args: readonly string[]): CliResult => arksimInHeap(heapMb, ['diff', ...args], dir);

test('two 200,000-event traces parting near their ends: the divergence in context, as text, in a 64 MB heap', (t) => {
  const r = diffIn(64, [a, b]);
  t.is(r.code, 1, r.stderr.slice(0, 500));
  const lines = r.stdout.split('\n');
  t.is(lines[0], `a: ${a}  (${EVENTS} events, pass)`);
  t.is(lines[1], `b: ${b}  (${EVENTS} events, pass)`);
  t.true(lines.includes(`first divergence at event #${INDEX}: log differs`), r.stdout);
  // Three equal events before, then four of each side from the divergence on.
  const rows = (marker: string): number[] =>
    lines.flatMap((l) => {
      const m = /^(.) #(\d+)\s/.exec(l);
      return m?.[1] === marker ? [Number(m[2])] : [];
    });
  t.deepEqual(rows(' '), [INDEX - 3, INDEX - 2, INDEX - 1]);
  t.deepEqual(rows('-'), [INDEX, INDEX + 1, INDEX + 2, INDEX + 3]);
  t.deepEqual(rows('+'), [INDEX, INDEX + 1, INDEX + 2, INDEX + 3]);
  // Described with what came before the window: the request's function, from its launch.
  t.regex(r.stdout, new RegExp(`^ {2}#${INDEX - 1}\\s+[\\d,]+\\s+guest\\s+ffi\\.retrieve\\s+request=${PARTS_AT + 2} \\(worker\\.work\\) len=2`, 'm'));
  t.regex(r.stdout, new RegExp(`^- #${INDEX}\\s+[\\d,]+\\s+worker\\s+log\\s+done ${PARTS_AT}$`, 'm'));
  t.regex(r.stdout, new RegExp(`^\\+ #${INDEX}\\s+[\\d,]+\\s+worker\\s+log\\s+done differently$`, 'm'));
  t.true(r.stdout.endsWith(`differing fields of #${INDEX} (a → b):\n  message: done ${PARTS_AT} → done differently\n`), r.stdout.slice(-300));
});

interface DiffJson {
  identical: boolean;
  lengths: { a: number; b: number };
  index: number;
  differences: string[];
  context: { size: number; before: { eventIndex: number }[]; afterA: { eventIndex: number; message?: string }[]; afterB: { eventIndex: number; message?: string }[] };
}

test('the same as JSON, with a wider --context, in a 64 MB heap', (t) => {
  const r = diffIn(64, [a, b, '--json', '--context', '10']);
  t.is(r.code, 1, r.stderr.slice(0, 500));
  const j = JSON.parse(r.stdout) as DiffJson;
  t.false(j.identical);
  t.deepEqual(j.lengths, { a: EVENTS, b: EVENTS });
  t.is(j.index, INDEX);
  t.deepEqual(j.differences, [`message: done ${PARTS_AT} → done differently`]);
  const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, k) => from + k);
  t.deepEqual(j.context.before.map((e) => e.eventIndex), range(INDEX - 10, 10));
  t.deepEqual(j.context.afterA.map((e) => e.eventIndex), range(INDEX, 11));
  t.deepEqual(j.context.afterB.map((e) => e.eventIndex), range(INDEX, 11));
  t.is(j.context.afterA[0]?.message, `done ${PARTS_AT}`);
  t.is(j.context.afterB[0]?.message, 'done differently');
});

test('a 200,000-event trace with itself is identical, in a 64 MB heap', (t) => {
  const r = diffIn(64, [a, a]);
  t.is(r.code, 0, r.stderr.slice(0, 500));
  t.regex(r.stdout, new RegExp(`^identical: the same ${EVENTS} events and outcome$`, 'm'));
});

test('damage after the divergence is still found: the trace is refused, exit 2, in a 64 MB heap', (t) => {
  const r = diffIn(64, [a, cut]);
  t.is(r.code, 2);
  t.true(isOneLineError(r.stderr), r.stderr);
  t.true(r.stderr.includes(`${cut}: trace byte `), r.stderr);
  t.regex(r.stderr, /\(truncated\)$/m);
  t.is(r.stdout, '');
});
