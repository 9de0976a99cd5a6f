/**
 * `shrink` shrinks the failure the trace recorded, and --max-runs bounds every run it
 * makes: reproducing the failure, each simplification, recording the result.
 */
import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { arksim, isOneLineError, recordFailingOrderGuest } from '../helpers/cli.js';
import { editTrace } from '../helpers/edit-trace.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('shrink');
const trace = join(dir, 'order.trace');

test.before(() => {
  recordFailingOrderGuest(trace);
});

interface ShrinkJson {
  outcome: { kind: string; message: string };
  shrink: { runs: number; decisions: [number, number]; latencies: [number, number] };
}

test('a trace whose recorded failure the re-run does not reproduce is exit 2, naming both failures, and nothing is written', (t) => {
  const edited = join(dir, 'other-bug.trace');
  editTrace(trace, edited, (tr) => {
    const last = tr.events.at(-1);
    if (last?.t !== 'run.outcome' || last.outcome.kind !== 'failure') throw new Error('not a failing trace');
    tr.outcome = { ...last.outcome, message: 'some other bug' };
    tr.events[tr.events.length - 1] = { ...last, outcome: tr.outcome };
  });
  const out = join(dir, 'other-bug.shrunk.trace');
  const r = arksim(['shrink', edited, '--out', out]);
  t.is(r.code, 2, r.stdout);
  t.true(isOneLineError(r.stderr), r.stderr);
  t.regex(r.stderr, /did not fail the same way/);
  t.regex(r.stderr, /recorded: failure \(panic\) \[order_guest\]: some other bug .*; re-run: failure \(panic\) \[order_guest\]: completions out of launch order/);
  t.false(existsSync(out));
});

test('--max-runs counts every run: below 2 is bad usage; 2 reproduces and records without simplifying; the count never passes N', (t) => {
  const low = arksim(['shrink', trace, '--out', join(dir, 'n1.trace'), '--max-runs', '1']);
  t.is(low.code, 2);
  t.true(isOneLineError(low.stderr), low.stderr);
  t.regex(low.stderr, /--max-runs must be at least 2/);

  const unlimited = JSON.parse(arksim(['shrink', trace, '--out', join(dir, 'all.trace'), '--json']).stdout) as ShrinkJson;
  t.true(unlimited.shrink.runs > 4);
  for (const n of [2, 3, 4, unlimited.shrink.runs, 400]) {
    const r = arksim(['shrink', trace, '--out', join(dir, `n${n}.trace`), '--max-runs', String(n), '--json']);
    t.is(r.code, 1, r.stderr);
    const j = JSON.parse(r.stdout) as ShrinkJson;
    t.is(j.shrink.runs, Math.min(n, unlimited.shrink.runs), `--max-runs ${n}`);
    t.is(j.outcome.message, 'completions out of launch order');
    if (n === 2) t.deepEqual([j.shrink.decisions[1], j.shrink.latencies[1]], [j.shrink.decisions[0], j.shrink.latencies[0]], 'nothing simplified');
  }
  const text = arksim(['shrink', trace, '--out', join(dir, 'text.trace'), '--max-runs', '3']);
  t.regex(text.stdout, /\(3 runs\)$/m);
  t.regex(arksim(['shrink', '--help']).stdout.replace(/\s+/g, ' '), /--max-runs <N> most runs to spend shrinking, counting every run/);
});
