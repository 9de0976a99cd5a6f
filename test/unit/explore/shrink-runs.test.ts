/**
 * --max-runs is a limit: every run the shrinker makes is counted, reported and paid for
 * from maxRuns, the runs that reproduce the failure included (they went uncounted, and
 * two more ran after the budget was spent: maxRuns 1 made 5 runs).
 */
import test from 'ava';
import type { RunPlan } from '../../../sim/explore/plan.js';
import { reproduceRuns, shrink } from '../../../sim/explore/shrink.js';
import { sameFailure } from '../../../sim/outcome.js';
import type { RecordedRun } from '../../../sim/replay/replay.js';
import { assumesLaunchOrder } from '../../fixtures/buggy-guests.js';
import { record } from '../../helpers/record.js';

/** A failing launch-order run: something with decisions and draws to shrink. */
function failing(): { plan: RunPlan; recorded: RecordedRun } {
  for (let seed = 0; ; seed++) {
    const recorded = record(assumesLaunchOrder, { seed, strategy: { kind: 'random' } });
    const last = recorded.events.at(-1);
    if (last?.t === 'run.outcome' && last.outcome.kind === 'failure') {
      return { plan: { index: 0, seed: recorded.seed, strategy: recorded.strategy, policies: recorded.policies }, recorded };
    }
  }
}
const { plan, recorded } = failing();

for (const from of [true, false]) {
  const what = from ? 'from a trace' : 'from a seed';
  test(`${what}: the runs made are the runs reported, never more than maxRuns`, (t) => {
    const unlimited = shrink(assumesLaunchOrder, plan, from ? { from: recorded.events } : {});
    t.true(unlimited.stats.runs > reproduceRuns(from) + 2, 'enough runs that a small limit binds');
    for (let maxRuns = reproduceRuns(from); maxRuns <= unlimited.stats.runs + 2; maxRuns++) {
      let made = 0;
      let max = 0;
      const s = shrink(assumesLaunchOrder, plan, {
        ...(from ? { from: recorded.events } : {}),
        maxRuns,
        onRun: (n, m) => {
          made++;
          t.is(n, made);
          max = m;
        },
      });
      t.is(s.stats.runs, made, `maxRuns ${maxRuns}: reported`);
      t.true(made <= maxRuns, `maxRuns ${maxRuns}: made ${made}`);
      t.is(made, Math.min(maxRuns, unlimited.stats.runs), `maxRuns ${maxRuns}: a binding limit is spent, a loose one is not needed`);
      t.is(max, maxRuns);
      t.true(s.reproduced);
      t.true(sameFailure(s.outcome, unlimited.outcome));
    }
  });

  test(`${what}: the fewest runs reproduce the failure and simplify nothing; fewer is a RangeError`, (t) => {
    const least = reproduceRuns(from);
    const s = shrink(assumesLaunchOrder, plan, { ...(from ? { from: recorded.events } : {}), maxRuns: least });
    t.true(s.reproduced);
    t.is(s.stats.runs, least);
    t.is(s.stats.decisions[1], s.stats.decisions[0]);
    t.is(s.stats.latencies[1], s.stats.latencies[0]);
    t.throws(() => shrink(assumesLaunchOrder, plan, { ...(from ? { from: recorded.events } : {}), maxRuns: least - 1 }), { instanceOf: RangeError });
  });
}
