/**
 * `checkPolicies` flows through exploration, shrinking and replay: a failure found with
 * it shrinks and replays as the same failure, and without it the same runs pass.
 */
import test from 'ava';
import type { TraceEvent } from '../../../sim/events.js';
import { explore } from '../../../sim/explore/explore.js';
import type { ExploreConfig } from '../../../sim/explore/plan.js';
import { shrink, shrinkRunOptions } from '../../../sim/explore/shrink.js';
import { sameFailure } from '../../../sim/outcome.js';
import { replayRun } from '../../../sim/replay/replay.js';
import { runSimulation } from '../../../sim/run/run.js';
import { findScenario } from '../../../scenarios/index.js';
import { scenarioTarget } from '../../../scenarios/target.js';
import { POLICY_BREAKING } from '../scenarios/policy-breaking-hosts.js';

const scenario = findScenario('not-found-named-module');
if (scenario === undefined) throw new Error('no not-found-named-module scenario');
// Swarm draws errors=deferred for some runs: there the host, which always returns NotFound at launch, does not play it.
const target = scenarioTarget(scenario);
const config: ExploreConfig = { runs: 20, seed: '1', strategy: { kind: 'random' }, swarm: true, stopAtFirst: true };
const host = POLICY_BREAKING.eagerAlways.make;

test('explore finds the policy bug only with checkPolicies', (t) => {
  t.is(explore(target, config, { host }).failures.length, 0);
  const found = explore(target, config, { host, checkPolicies: true }).failures[0];
  t.like(found?.outcome, { kind: 'failure', reason: 'invariant' });
  t.regex(found?.outcome.kind === 'failure' ? found.outcome.message : '', /^policies-played \(errors\): (blocking_)?launch returned NotFound at t=\d+ under errors=deferred/);
  t.is(found?.plan.policies.errors, 'deferred');
});

test('a failure found with checkPolicies shrinks with it, and its shrunk run replays exactly to the same failure only with it', (t) => {
  const found = explore(target, config, { host, checkPolicies: true }).failures[0];
  if (found === undefined) return t.fail('nothing found');
  const s = shrink(target, found.plan, { host, checkPolicies: true });
  t.true(s.reproduced);
  t.true(sameFailure(s.outcome, found.outcome));
  t.is(s.config.policies.errors, 'deferred', 'eager, the bug is gone: the shrinker keeps deferred');
  t.is(shrink(target, found.plan, { host }).reproduced, false, 'without the option the run passes: nothing to shrink');

  const events: TraceEvent[] = [];
  const options = shrinkRunOptions(target, found.plan, s.config, { host, checkPolicies: true });
  const shrunk = runSimulation(target.build(), { ...options, sinks: [{ emit: (e) => events.push(e) }] });
  t.true(sameFailure(shrunk.outcome, found.outcome));
  const recorded = { seed: shrunk.seed, strategy: shrunk.strategy, policies: shrunk.policies, budgets: shrunk.budgets, events };
  const again = replayRun(target.build(), recorded, 'exact', { host, checkPolicies: true });
  t.true(again.matched, again.divergence?.report());
  t.true(sameFailure(again.outcome, found.outcome));
  t.false(replayRun(target.build(), recorded, 'exact', { host }).matched, 'without it the run goes on past the violation');
  // A trace's header carries the option (RecordedRun.checkPolicies): its replay needs none.
  t.true(replayRun(target.build(), { ...recorded, checkPolicies: true }, 'exact', { host }).matched);
});
