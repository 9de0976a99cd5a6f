import test from 'ava';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exploreScenario, replayScenarioTrace } from '../../testing/index.js';
import { defineScenario } from '../../scenarios/scenario.js';
import { findScenario } from '../../scenarios/index.js';
import { assumesLaunchOrder } from '../fixtures/buggy-guests.js';

/** Records what exploreScenario tells the test runner. */
function fakeContext() {
  const said: { kind: 'pass' | 'fail'; message: string }[] = [];
  return {
    said,
    fail: (message = '') => void said.push({ kind: 'fail', message }),
    pass: (message = '') => void said.push({ kind: 'pass', message }),
  };
}

test('a modified copy of a catalogue scenario is not the catalogue one: no CLI commands that would run the original', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arksim-testing-'));
  const ctx = fakeContext();
  // A host-independent failure in a catalogue scenario: too few frames for the guest to finish.
  const s = findScenario('fanout')!;
  exploreScenario(ctx, { ...s, budgets: { frames: 1 } }, { runs: 5, save: dir });
  t.is(ctx.said[0]?.kind, 'fail');
  t.notRegex(ctx.said[0]?.message ?? '', /arksim replay/, 'a modified copy is not the catalogue scenario');
});

test('exploreScenario passes the test when the scenario never fails', (t) => {
  const ctx = fakeContext();
  const report = exploreScenario(ctx, findScenario('fanout')!, { runs: 30 });
  t.is(report.runs, 30);
  t.deepEqual(ctx.said, [{ kind: 'pass', message: '30 runs, no failures' }]);
});

test('exploreScenario fails the test with replay and rerun commands, and saves the shrunk trace', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arksim-testing-'));
  const buggy = defineScenario({
    name: 'my-buggy-guest',
    description: 'a user scenario outside the catalogue',
    build: assumesLaunchOrder.build,
    policies: assumesLaunchOrder.policies,
  });
  const ctx = fakeContext();
  exploreScenario(ctx, buggy, { runs: 50, save: dir });
  t.is(ctx.said.length, 1);
  const [said] = ctx.said;
  t.is(said?.kind, 'fail');
  t.regex(said?.message ?? '', /my-buggy-guest: 1 distinct failure/);
  t.regex(said?.message ?? '', /completions out of launch order/);
  // Not in the catalogue: the CLI could not rebuild it, so the message names the API call.
  t.regex(said?.message ?? '', /replay: replayScenarioTrace\(scenario, ".*my-buggy-guest-seed\d+-panic\.trace"\) from 'arksim\/testing'/);
  t.regex(said?.message ?? '', /rerun: {2}runSimulation\(scenario\.build\(\), \{"seed":"\d+","strategy":\{"kind":"random"\},"policies":\{/);
  t.regex(said?.message ?? '', /your "my-buggy-guest" scenario object/);
  t.notRegex(said?.message ?? '', /arksim run/);
  const traces = readdirSync(dir).filter((f) => f.endsWith('.trace'));
  t.is(traces.length, 2);
  // A scenario outside the catalogue replays through the API.
  const shrunk = traces.find((f) => !f.includes('original'))!;
  const r = replayScenarioTrace(buggy, join(dir, shrunk));
  t.true(r.matched, r.divergence?.report());
  t.like(r.outcome, { kind: 'failure', message: 'completions out of launch order' });
});
