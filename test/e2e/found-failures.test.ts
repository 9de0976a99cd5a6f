/**
 * Issue 5's must-show: exploration finds every deliberately buggy host and guest within
 * a stated run budget; each failure, shrunk and saved as a trace, replays exactly to
 * the same failure.
 */
import test from 'ava';
import { saveFailure } from '../../cli/save-failure.js';
import { loadTrace, recordedRun } from '../../cli/trace-io.js';
import { findScenario } from '../../scenarios/index.js';
import { scenarioTarget } from '../../scenarios/target.js';
import { explore } from '../../sim/explore/explore.js';
import type { ExploreConfig } from '../../sim/explore/plan.js';
import type { RunTarget } from '../../sim/explore/target.js';
import { sameFailure } from '../../sim/outcome.js';
import type { HostFactory } from '../../sim/run/context.js';
import { replayRun } from '../../sim/replay/replay.js';
import type { StrategySpec } from '../../sim/scheduler/strategy.js';
import { programGuest } from '../../sim/guest/program-driver.js';
import { assumesOneFrame, buggyGuests } from '../fixtures/buggy-guests.js';
import { buggyHosts } from '../fixtures/buggy-hosts.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The run budget every bug must be found within. */
const RUN_BUDGET = 500;

interface Case {
  readonly title: string;
  readonly target: RunTarget;
  readonly host: HostFactory | undefined;
  readonly strategy: StrategySpec;
  readonly swarm: boolean;
}

const cases: Case[] = [
  ...buggyHosts.map((h) => {
    const scenario = findScenario(h.scenario);
    if (scenario === undefined) throw new Error(`no scenario ${h.scenario}`);
    return { title: `host that ${h.name}`, target: scenarioTarget(scenario), host: h.host, strategy: { kind: 'random' } as const, swarm: true };
  }),
  ...buggyGuests.map((g) => ({ title: `guest ${g.name}`, target: g, host: undefined, strategy: { kind: 'random' } as const, swarm: g.name === 'assumes-eager-errors' })),
];

for (const c of cases) {
  test(`explore finds the ${c.title} within ${RUN_BUDGET} runs; the shrunk trace replays exactly to the same failure`, (t) => {
    const config: ExploreConfig = { runs: RUN_BUDGET, seed: '1', strategy: c.strategy, swarm: c.swarm, stopAtFirst: true };
    const report = explore(c.target, config, c.host === undefined ? {} : { host: c.host });
    const found = report.failures[0];
    if (found === undefined) return t.fail(`not found in ${RUN_BUDGET} runs`);
    t.log(`found at run ${found.plan.index}: ${found.outcome.kind === 'failure' ? found.outcome.message : ''}`);
    const dir = tempDir('found', t);
    const saved = saveFailure(c.target, found, dir, c.host === undefined ? {} : { host: c.host });
    t.true(saved.reproduced);
    t.true(sameFailure(saved.shrunkOutcome, found.outcome), 'the shrunk run fails the same way');
    for (const file of [saved.trace, saved.original]) {
      const trace = loadTrace(file);
      const r = replayRun(c.target.build(), recordedRun(trace), 'exact', c.host === undefined ? {} : { host: c.host });
      t.true(r.matched, `${file}: ${r.divergence?.report() ?? ''}`);
      t.true(sameFailure(r.outcome, found.outcome), file);
    }
    t.is(loadTrace(saved.trace).header.mode, 'shrunk');
    t.is(loadTrace(saved.trace).header.parent, loadTrace(saved.original).footer.digest);
  });
}

test('a failure that does not happen again is saved unshrunk, and says it did not reproduce', (t) => {
  // Module-level state that outlives a run: only the first run ever built fails.
  let builds = 0;
  const leaky: RunTarget = {
    name: 'fails-once',
    ref: undefined,
    policies: assumesOneFrame.policies,
    budgets: {},
    build: () => {
      const first = builds++ === 0;
      return {
        modules: [],
        guest: programGuest('guest', function* (_ffi, env) {
          yield;
          if (first) env.fail('only the first time');
        }),
      };
    },
  };
  const config: ExploreConfig = { seed: '1', runs: 1, strategy: { kind: 'random' }, swarm: false, stopAtFirst: true };
  const found = explore(leaky, config).failures[0];
  if (found === undefined) return t.fail('the first run did not fail');
  const saved = saveFailure(leaky, found, tempDir('flaky', t));
  t.false(saved.reproduced);
  t.is(saved.reproduction?.kind, 'pass');
  t.is(saved.stats, undefined);
  t.is(saved.trace, saved.original, 'no shrunk trace of a run that did not fail');
  t.is(loadTrace(saved.trace).footer.outcome.kind, 'pass');
});
