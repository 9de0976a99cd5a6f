import test from 'ava';
import { ddmin } from '../../../sim/explore/ddmin.js';
import { explore } from '../../../sim/explore/explore.js';
import { shrink, shrinkRunOptions } from '../../../sim/explore/shrink.js';
import { sameFailure } from '../../../sim/outcome.js';
import { runSimulation } from '../../../sim/run/run.js';
import { assumesLaunchOrder, assumesOneFrame } from '../../fixtures/buggy-guests.js';

test('ddmin finds a 1-minimal subset', (t) => {
  const budget = { left: 1000 };
  const kept = ddmin([1, 2, 3, 4, 5, 6, 7, 8], (s) => s.includes(3) && s.includes(6), budget);
  t.deepEqual(kept, [3, 6]);
  t.true(budget.left < 1000);
});

test('ddmin stops within its budget', (t) => {
  const budget = { left: 3 };
  ddmin([...Array(100).keys()], (s) => s.length > 50, budget);
  t.is(budget.left, 0);
});

test('a launch-order failure shrinks to fewer non-default decisions and still fails the same way', (t) => {
  const report = explore(assumesLaunchOrder, { runs: 200, seed: '1', strategy: { kind: 'random' }, swarm: false, stopAtFirst: true });
  const found = report.failures[0];
  if (found === undefined) return t.fail('nothing found');
  const s = shrink(assumesLaunchOrder, found.plan);
  t.true(s.reproduced);
  t.true(sameFailure(s.outcome, found.outcome));
  t.true(s.stats.decisions[1] <= s.stats.decisions[0]);
  t.true(s.stats.decisions[1] >= 1, 'the bug needs at least one out-of-order choice');
  // Replaying the shrunk configuration gives the same failure again.
  const again = runSimulation(assumesLaunchOrder.build(), shrinkRunOptions(assumesLaunchOrder, found.plan, s.config));
  t.deepEqual(again.outcome, s.outcome);
});

test('a latency failure shrinks its policy draws: one latency longer than a frame is all it takes', (t) => {
  const report = explore(assumesOneFrame, { runs: 200, seed: '1', strategy: { kind: 'fifo' }, swarm: false, stopAtFirst: true });
  const found = report.failures[0];
  if (found === undefined) return t.fail('nothing found');
  const s = shrink(assumesOneFrame, found.plan);
  t.true(sameFailure(s.outcome, found.outcome));
  t.is(s.stats.latencies[1], 1);
  const [only] = [...s.config.latencies.values()];
  t.true((only ?? 0) > 16_667);
  t.is(s.stats.frames[1], 2, 'the failure shows on the second frame');
});
