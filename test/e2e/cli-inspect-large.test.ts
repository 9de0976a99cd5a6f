/**
 * `arksim inspect` of a long trace streams it: memory does not grow with the trace (a
 * 200,000-event trace is shown, as a table and as JSON, in a 64 MB heap; holding its
 * events took about 200 MB, and a 6M-event trace ran out of heap). The heap bound is the
 * assertion; times are not asserted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { arksimInHeap, type CliResult } from '../helpers/cli.js';
import { requestsTrace } from '../helpers/long-trace.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('inspect-large');
const trace = join(dir, 'long.trace');
test.before(() => writeFileSync(trace, requestsTrace(28_572)));

/** `arksim inspect` of the long trace with `heapMb` of heap. */
const inspectIn = (heapMb: number, args: readonly string[]): CliResult => arksimInHeap(heapMb, ['inspect', trace, ...args], dir);

test('a 200,000-event trace is shown as a table in a 64 MB heap, every event a row', (t) => {
  const r = inspectIn(64, []);
  t.is(r.code, 0, r.stderr.slice(0, 500));
  t.is(r.stdout.split('\n').filter((l) => /^#\d+\s/.test(l)).length, 200_006);
  t.regex(r.stdout, /#200005 /);
});

test('a 200,000-event trace is shown as JSON in a 64 MB heap, and a filter counts what it kept', (t) => {
  const r = inspectIn(64, ['--json', '--kinds', 'req.completed']);
  t.is(r.code, 0, r.stderr.slice(0, 500));
  const j = JSON.parse(r.stdout) as { events: { t: string }[]; total: number; footer: { eventCount: number } };
  t.is(j.events.length, 28_572);
  t.true(j.events.every((e) => e.t === 'req.completed'));
  t.is(j.total, 200_006);
  t.is(j.footer.eventCount, 200_006);
});
