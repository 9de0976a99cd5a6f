import test from 'ava';
import { ddmin } from '../../../sim/explore/ddmin.js';
import { explore } from '../../../sim/explore/explore.js';
import { shrink, shrinkRunOptions } from '../../../sim/explore/shrink.js';
import { sameFailure } from '../../../sim/outcome.js';
import { runSimulation } from '../../../sim/run/run.js';
import { catalogue } from '../../../scenarios/index.js';
import { scenarioTarget } from '../../../scenarios/target.js';
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

test('a shrunk run is never longer than the run it came from (fewer fault draws that make a run longer are not kept)', (t) => {
  // fanout-wide under deferred errors and faults: scripting fewer faults (and latency 0) still
  // failed the same way, but ran 4 frames and 604 events instead of 2 and 177.
  const target = scenarioTarget(catalogue.find((s) => s.name === 'fanout-wide')!, {
    policies: (base) => ({ ...base, errors: 'deferred', faults: 0.2 }),
    frames: undefined,
  });
  const report = explore(target, { runs: 1, seed: '9', strategy: { kind: 'random' }, swarm: false, stopAtFirst: true });
  const found = report.failures[0];
  if (found === undefined) return t.fail('nothing found');
  const original = runSimulation(target.build(), { seed: found.plan.seed, strategy: found.plan.strategy, policies: found.plan.policies, budgets: target.budgets });
  const s = shrink(target, found.plan);
  t.true(s.reproduced);
  const shrunk = runSimulation(target.build(), shrinkRunOptions(target, found.plan, s.config));
  t.true(sameFailure(shrunk.outcome, found.outcome));
  t.true(shrunk.events <= original.events, `${shrunk.events} events, original ${original.events}`);
  t.true(shrunk.frames <= original.frames, `${shrunk.frames} frames, original ${original.frames}`);
});
