/**
 * The regression corpus: every trace under traces/ (but traces/found/, where new finds
 * land) replays in check mode as its own test. A trace moves to traces/regressions/ when
 * its failure was fixed; it must keep passing.
 */
import test from 'ava';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { targetForTrace } from '../cli/trace-target.js';
import { loadTrace, recordedRun } from '../cli/trace-io.js';
import { describeOutcome } from '../sim/outcome.js';
import { replayRun } from '../sim/replay/replay.js';

const root = join(process.cwd(), 'traces');

/** New finds land in traces/found/ (gitignored): not fixed yet, so not part of the corpus. */
const NOT_CORPUS = join(root, 'found');

function traces(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (path === NOT_CORPUS) return [];
    if (statSync(path).isDirectory()) return traces(path);
    return name.endsWith('.trace') ? [path] : [];
  });
}

const files = traces(root);

test('the corpus is not empty', (t) => {
  t.true(files.length > 0, 'traces/ holds no .trace file');
});

for (const file of files) {
  test(`corpus: ${relative(root, file)}`, async (t) => {
    const trace = loadTrace(file);
    // Check mode: the guest and modules may have been fixed since the trace was recorded.
    const target = await targetForTrace(trace, { module: [] }, 'allow');
    const r = replayRun(target.build(), recordedRun(trace), 'check');
    t.is(r.outcome.kind, 'pass', `${describeOutcome(r.outcome)}\n  replay: arksim replay ${relative(process.cwd(), file)} --mode check`);
  });
}
