import test from 'ava';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { exploreScenario, readTraceFile, recordedRun, recordScenarioTrace, replayScenarioTrace } from '../../testing/index.js';
import { checkConformance, ReferenceHost, replayRun } from '../../sim/index.js';
import { programGuest } from '../../sim/guest/program-driver.js';
import type { StrategyInput } from '../../sim/scheduler/strategy.js';
import { defineScenario } from '../../scenarios/scenario.js';
import { findScenario } from '../../scenarios/index.js';
import { assumesLaunchOrder } from '../fixtures/buggy-guests.js';
import { buggyHosts } from '../fixtures/buggy-hosts.js';
import { tempDir } from '../helpers/temp-dir.js';
import { LEGAL_HOSTS, type LegalHost } from './scenarios/legal-hosts.js';
import { POLICY_BREAKING } from './scenarios/policy-breaking-hosts.js';

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
  const dir = tempDir('testing', t);
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
  const dir = tempDir('testing', t);
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

test('exploreScenario refuses options that would explore nothing or nothing real, as the CLI refuses its flags', (t) => {
  const s = findScenario('fanout')!;
  for (const runs of [0, -5, Number.NaN, 1.5, '10' as unknown as number]) {
    const error = t.throws(() => exploreScenario(fakeContext(), s, { runs }), { instanceOf: RangeError });
    t.regex(error?.message ?? '', /^exploreScenario: runs must be a whole number from 1/);
  }
  for (const strategy of ['bogus', { kind: 'bogus' }, { kind: 'pct', depth: 0 }, 42] as unknown as StrategyInput[]) {
    t.throws(() => exploreScenario(fakeContext(), s, { strategy }), { instanceOf: TypeError, message: /^exploreScenario: (strategy must be|pct depth)/ });
  }
  t.throws(() => exploreScenario(fakeContext(), s, { seed: 7 as unknown as string }), { instanceOf: TypeError });
});

test("exploreScenario takes the CLI's strategy spelling, and pct with its depth or steps left out", (t) => {
  const buggy = defineScenario({ name: 'pct-buggy', description: 'a launch-order bug', build: assumesLaunchOrder.build, policies: assumesLaunchOrder.policies });
  for (const strategy of ['pct:3', { kind: 'pct', depth: 3 }, { kind: 'pct' }] as const) {
    const ctx = fakeContext();
    const report = exploreScenario(ctx, buggy, { runs: 200, strategy, save: tempDir('testing', t) });
    t.is(ctx.said[0]?.kind, 'fail', JSON.stringify(strategy));
    t.true(report.failures.length > 0);
  }
});

test('a failure that does not recur is reported as not reproduced, with no replay that would pass', (t) => {
  let builds = 0;
  const flaky = defineScenario({
    name: 'fails-once',
    description: 'module state kept between runs',
    policies: assumesLaunchOrder.policies,
    build: () => {
      const first = builds++ === 0;
      return { modules: [], guest: programGuest('guest', function* (_ffi, env) { yield; if (first) env.fail('only the first time'); }) };
    },
  });
  const ctx = fakeContext();
  exploreScenario(ctx, flaky, { runs: 3, save: tempDir('testing', t) });
  const message = ctx.said[0]?.message ?? '';
  t.is(ctx.said[0]?.kind, 'fail');
  t.regex(message, /not reproduced: the same run again ended pass; a module or host is not deterministic/);
  t.notRegex(message, /replay:|rerun:/);
});

test('a saved trace read with readTraceFile and recordedRun replays exactly through the main API', (t) => {
  const dir = tempDir('testing', t);
  const buggy = defineScenario({ name: 'saved-buggy', description: 'a launch-order bug', build: assumesLaunchOrder.build, policies: assumesLaunchOrder.policies });
  exploreScenario(fakeContext(), buggy, { runs: 50, save: dir });
  const file = readdirSync(dir).find((f) => f.endsWith('.trace') && !f.includes('original'))!;
  const r = replayRun(buggy.build(), recordedRun(readTraceFile(join(dir, file))), 'exact');
  t.true(r.matched);
  t.is(r.outcome.kind, 'failure');
});

test('exploreScenario explores against the host it is given, and the saved trace replays with that host', (t) => {
  const dir = tempDir('testing', t);
  const { scenario: name, host } = buggyHosts.find((h) => h.name.includes('one frame early'))!;
  const scenario = findScenario(name)!;
  const clean = fakeContext();
  exploreScenario(clean, scenario, { runs: 20 });
  t.is(clean.said[0]?.kind, 'pass', 'the reference host passes');
  const ctx = fakeContext();
  exploreScenario(ctx, scenario, { runs: 20, host, save: dir });
  const message = ctx.said[0]?.message ?? '';
  t.is(ctx.said[0]?.kind, 'fail');
  t.regex(message, /replay: replayScenarioTrace\(scenario, ".*\.trace", 'exact', host\)/);
  t.notRegex(message, /arksim replay/, 'the CLI cannot run a host object');
  const trace = /replayScenarioTrace\(scenario, "(.*?)"/.exec(message)?.[1] ?? '';
  t.true(replayScenarioTrace(scenario, trace, 'exact', host).matched);
  t.false(replayScenarioTrace(scenario, trace, 'exact').matched, 'the reference host does not reproduce it');
  // The saved traces name the host: custom unless named.
  t.is(readTraceFile(trace).header.host, 'custom');
  const named = tempDir('testing', t);
  const again = fakeContext();
  exploreScenario(again, scenario, { runs: 20, host, hostName: 'early-ready', save: named });
  const saved = /replayScenarioTrace\(scenario, "(.*?)"/.exec(again.said[0]?.message ?? '')?.[1] ?? '';
  const shrunk = readTraceFile(saved);
  t.is(shrunk.header.mode, 'shrunk');
  t.is(shrunk.header.host, 'early-ready');
  t.is(readTraceFile(saved.replace(/\.trace$/, '.original.trace')).header.host, 'early-ready');
});

// A host developer needs a trace of a passing run on their host too (to check it against the
// reference host, to diff, to keep), not only the failures exploreScenario saves.
test("recordScenarioTrace records a run on the user's host, which replays exactly with that host and checks against the reference host", (t) => {
  const dir = tempDir('testing', t);
  const scenario = findScenario('fanout')!;
  const host = (LEGAL_HOSTS[0] as LegalHost).make; // function 1 and request 1 both exist: not the reference numbering
  const path = join(dir, 'fanout-mine.trace');
  const rec = recordScenarioTrace(scenario, path, { seed: 7, strategy: 'random', policies: { errors: 'deferred' }, host });
  t.is(rec.outcome.kind, 'pass');
  t.is(rec.path, path);
  const trace = readTraceFile(path);
  t.like(trace.header, { scenario: 'fanout', seed: '7', strategy: 'random', mode: 'record' });
  t.is(trace.header.policies.errors, 'deferred');
  t.is(trace.footer.digest, rec.digest);
  t.true(replayScenarioTrace(scenario, path, 'exact', host).matched, 'exact replay with the host that recorded it');
  t.false(replayScenarioTrace(scenario, path).matched, 'the reference host numbers handles otherwise: the trace is the given host\'s');
  const sim = scenario.build();
  const report = checkConformance(sim, recordedRun(trace), sim.guest.name, (env) => new ReferenceHost(env));
  t.is(report.outcome.kind, 'pass');
  t.is(report.unplayed, 0);
  t.true(report.calls > 0);
});

test('recordScenarioTrace defaults to the reference host, seed 1 and fifo, and refuses a strategy that does not parse', (t) => {
  const dir = tempDir('testing', t);
  const scenario = findScenario('fanout')!;
  const path = join(dir, 'fanout.trace');
  t.is(recordScenarioTrace(scenario, path).outcome.kind, 'pass');
  t.like(readTraceFile(path).header, { seed: '1', strategy: 'fifo' });
  t.true(replayScenarioTrace(scenario, path).matched);
  t.throws(() => recordScenarioTrace(scenario, join(dir, 'x.trace'), { strategy: 'sideways' }), { instanceOf: TypeError, message: /^recordScenarioTrace: / });
});

// A host configured from arksim's policies opts in to having them checked.
test('exploreScenario with checkPolicies fails a host that does not play its policies, with code that replays the saved trace, which checks them again', (t) => {
  const dir = tempDir('testing', t);
  const scenario = findScenario('not-found-named-module')!;
  const host = POLICY_BREAKING.eagerAlways.make; // NotFound at launch, even under errors=deferred
  const clean = fakeContext();
  exploreScenario(clean, scenario, { runs: 20, swarm: true, host });
  t.is(clean.said[0]?.kind, 'pass', 'a legal host: the catalogue accepts either error timing');
  const ctx = fakeContext();
  exploreScenario(ctx, scenario, { runs: 20, swarm: true, host, checkPolicies: true, save: dir });
  const message = ctx.said[0]?.message ?? '';
  t.is(ctx.said[0]?.kind, 'fail');
  t.regex(message, /policies-played \(errors\): (blocking_)?launch returned NotFound at t=\d+ under errors=deferred \(the error must come from retrieve\)/);
  t.regex(message, /replay: replayScenarioTrace\(scenario, ".*\.trace", 'exact', host\)/);
  t.regex(message, /rerun: {2}runSimulation\(scenario\.build\(\), \{ \.\.\.\{.*"checkPolicies":true\}, host \}\)/);
  t.notRegex(message, /arksim replay/, 'the CLI runs no custom host');
  const trace = /replayScenarioTrace\(scenario, "(.*?)"/.exec(message)?.[1] ?? '';
  const r = replayScenarioTrace(scenario, trace, 'exact', { host, checkPolicies: true });
  t.true(r.matched, r.divergence?.report());
  t.regex(r.outcome.kind === 'failure' ? r.outcome.message : '', /^policies-played \(errors\): /);
  t.true(readTraceFile(trace).header.checkPolicies, 'the saved trace says it checked the policies');
  const again = replayScenarioTrace(scenario, trace, 'exact', host);
  t.true(again.matched, 'the header turns the check on: the run fails it again');
  t.deepEqual(again.outcome, r.outcome);
});

test('exploreScenario with checkPolicies passes the reference host, and refuses a checkPolicies that is not a boolean', (t) => {
  const ctx = fakeContext();
  exploreScenario(ctx, findScenario('fanout')!, { runs: 30, swarm: true, checkPolicies: true });
  t.deepEqual(ctx.said, [{ kind: 'pass', message: '30 runs, no failures' }]);
  const checkPolicies = 'yes' as unknown as boolean;
  t.throws(() => exploreScenario(fakeContext(), findScenario('fanout')!, { checkPolicies }), { instanceOf: TypeError, message: /^exploreScenario: checkPolicies must be a boolean/ });
  const path = join(tempDir('testing', t), 'x.trace');
  t.throws(() => recordScenarioTrace(findScenario('fanout')!, path, { checkPolicies }), { instanceOf: TypeError, message: /^recordScenarioTrace: checkPolicies/ });
  t.throws(() => replayScenarioTrace(findScenario('fanout')!, path, 'exact', { checkPolicies }), { instanceOf: TypeError, message: /^replayScenarioTrace: checkPolicies/ });
});

test('recordScenarioTrace with checkPolicies records the run failing the check, which replays exactly with it', (t) => {
  const dir = tempDir('testing', t);
  const scenario = findScenario('fanout')!;
  const host = POLICY_BREAKING.stepTwo.make; // handles 1, 3, 5: never 2
  const path = join(dir, 'fanout-step-two.trace');
  const rec = recordScenarioTrace(scenario, path, { seed: 3, host, checkPolicies: true });
  t.like(rec.outcome, { kind: 'failure', reason: 'invariant' });
  t.regex(rec.outcome.kind === 'failure' ? rec.outcome.message : '', /^policies-played \(handles\): (create_function|launch) issued handle 3 at t=0 under handles=sequential, skipping 2: \d+ number\(s\) were never issued/);
  t.true(replayScenarioTrace(scenario, path, 'exact', { host, checkPolicies: true }).matched);
  t.is(recordScenarioTrace(scenario, join(dir, 'unchecked.trace'), { seed: 3, host }).outcome.kind, 'pass');
});
