/**
 * Shrinking a trace shrinks the failure it recorded. A re-run that fails another way
 * (the trace was recorded by other code, or edited) is not shrunk: it would minimise a
 * different bug and present it as this one.
 */
import test from 'ava';
import type { TraceEvent } from '../../../sim/events.js';
import { shrink } from '../../../sim/explore/shrink.js';
import { sameFailure, type RunOutcome } from '../../../sim/outcome.js';
import { assumesLaunchOrder } from '../../fixtures/buggy-guests.js';
import { record } from '../../helpers/record.js';

function failingEvents(): { events: readonly TraceEvent[]; outcome: RunOutcome; seed: string } {
  for (let seed = 0; ; seed++) {
    const r = record(assumesLaunchOrder, { seed, strategy: { kind: 'random' } });
    const last = r.events.at(-1);
    if (last?.t === 'run.outcome' && last.outcome.kind === 'failure') return { events: r.events, outcome: last.outcome, seed: r.seed };
  }
}
const { events, outcome, seed } = failingEvents();
const plan = { index: 0, seed, strategy: { kind: 'random' } as const, policies: assumesLaunchOrder.policies };
const other: RunOutcome = { kind: 'failure', reason: 'panic', message: 'some other bug', module: 'guest' };

test('a recorded failure the re-run does not reproduce (by sameFailure) is not shrunk, and both are named', (t) => {
  t.false(sameFailure(other, outcome));
  const s = shrink(assumesLaunchOrder, plan, { from: events, expect: other });
  if (s.reproduced) return t.fail('shrunk a failure other than the recorded one');
  t.deepEqual(s.expected, other);
  t.true(sameFailure(s.actual, outcome), 'the re-run failed its own way');
  t.is(s.stats.runs, 1, 'nothing was tried after the re-run');
});

test('without `expect`, the failure to reproduce is the one the events recorded last', (t) => {
  const edited = [...events.slice(0, -1), { ...(events.at(-1) as TraceEvent & { t: 'run.outcome' }), outcome: other }];
  const s = shrink(assumesLaunchOrder, plan, { from: edited });
  t.false(s.reproduced);
  t.true(shrink(assumesLaunchOrder, plan, { from: events }).reproduced);
});

test('the same failure at another line (sameFailure compares reason, module and message) is reproduced and shrunk', (t) => {
  const same = { ...outcome, line: 99 } as RunOutcome;
  const s = shrink(assumesLaunchOrder, plan, { from: events, expect: same });
  t.true(s.reproduced);
  t.true(sameFailure(s.outcome, outcome));
});
