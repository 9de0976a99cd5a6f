/**
 * The opt-in `policies-played` check (RunOptions `checkPolicies`) against whole runs: the
 * reference host plays every policy it is given on every catalogue scenario, reporting
 * its requests or not; each host with a planted policy bug fails it, with a message that
 * names the call and the policy; and the same host passes when the option is off.
 */
import test from 'ava';
import { catalogue, findScenario, type Scenario } from '../../../scenarios/index.js';
import type { Policies } from '../../../sim/host/policies.js';
import { ReferenceHost } from '../../../sim/host/reference-host.js';
import { describeOutcome } from '../../../sim/outcome.js';
import type { HostFactory } from '../../../sim/run/context.js';
import { runSimulation, type RunResult } from '../../../sim/run/run.js';
import { ERROR_TIMINGS, HANDLES, policiesAt, recipe, runAt, type MatrixPoint } from './matrix.js';
import { POLICY_BREAKING, reportingNothing, type PolicyBreakingHost } from './policy-breaking-hosts.js';

const SEEDS = 10;
/** seeds × error timings × handle numberings, random schedules. */
const POINTS: readonly MatrixPoint[] = Array.from({ length: SEEDS }, (_, i) => i + 1).flatMap((seed) =>
  ERROR_TIMINGS.flatMap((errors) => HANDLES.map((handles) => ({ seed, strategy: { kind: 'random' } as const, policies: { errors, handles } }))),
);

function run(scenario: Scenario, point: MatrixPoint, checkPolicies: boolean, host?: HostFactory): RunResult {
  return runAt(scenario, point, host, checkPolicies);
}

/** The reference host as it is, and as a host that reports no requests (judged from the FFI and draws alone). */
const REFERENCE: readonly { readonly name: string; readonly make: HostFactory | undefined }[] = [
  { name: 'the reference host', make: undefined },
  { name: 'the reference host, reporting no requests', make: reportingNothing((env) => new ReferenceHost(env)) },
];

for (const { name, make: host } of REFERENCE) {
  for (const scenario of catalogue) {
    test(`${scenario.name}: ${name} plays every policy it is given`, (t) => {
      const failures: string[] = [];
      for (const point of POINTS) {
        const { outcome } = run(scenario, point, true, host);
        if (outcome.kind !== 'pass') failures.push(`${describeOutcome(outcome)}\n  at: ${recipe(scenario, point)}, with checkPolicies`);
      }
      t.deepEqual(failures.slice(0, 3), [], `${failures.length} of ${POINTS.length} runs failed`);
    });
  }
}

// Most guests do not tolerate injected faults and end early; none may end on this check.
for (const { name, make: host } of REFERENCE) {
  test(`${name} plays injected faults and tied latencies on every catalogue scenario, whatever else ends the run`, (t) => {
    const failures: string[] = [];
    for (const scenario of catalogue) {
      for (const point of POINTS) {
        const tied: MatrixPoint = { ...point, policies: { ...point.policies, faults: 0.3, latency: { kind: 'fixed', us: 1000 } } };
        const { outcome } = run(scenario, tied, true, host);
        if (outcome.kind === 'failure' && outcome.message.startsWith('policies-played')) {
          failures.push(`${describeOutcome(outcome)}\n  at: ${recipe(scenario, tied)}, with checkPolicies`);
        }
      }
    }
    t.deepEqual(failures.slice(0, 3), [], `${failures.length} runs failed policies-played`);
  });
}

interface Planted {
  readonly host: PolicyBreakingHost;
  readonly scenario: string;
  readonly policies: Partial<Policies>;
  readonly expect: RegExp;
  /** Drop the host's req.* and module.fault events: the FFI events must show the bug. */
  readonly reportingNothing?: boolean;
}

const PLANTED: readonly Planted[] = [
  {
    host: POLICY_BREAKING.eagerAlways,
    scenario: 'not-found-named-module',
    policies: { errors: 'deferred' },
    expect: /^policies-played \(errors\): (blocking_)?launch returned NotFound at t=\d+ under errors=deferred \(the error must come from retrieve\)$/,
  },
  {
    host: POLICY_BREAKING.deferredAlways,
    scenario: 'not-found-named-module',
    policies: { errors: 'eager' },
    expect: /^policies-played \(errors\): launch of [\w-]+::\w+ at t=\d+ handed out a request that failed with NotFound at t=\d+ under errors=eager \(the launch must return NotFound\)$/,
  },
  {
    host: POLICY_BREAKING.deferredAlways,
    scenario: 'not-found-named-module',
    policies: { errors: 'eager' },
    reportingNothing: true,
    expect: /^policies-played \(errors\): retrieve returned NotFound at t=\d+ under errors=eager \(the launch must return it\)$/,
  },
  {
    host: POLICY_BREAKING.randomAlways,
    scenario: 'fanout',
    policies: { handles: 'sequential' },
    expect: /^policies-played \(handles\): (create_function|launch) issued handle \d+ at t=\d+ under handles=sequential, (after handle \d+ \(one counter|skipping \d+: \d+ number\(s\) were never issued)/,
  },
  {
    host: POLICY_BREAKING.stepTwo,
    scenario: 'fanout',
    policies: { handles: 'sequential' },
    expect: /^policies-played \(handles\): (launch|create_function) issued handle 3 at t=\d+ under handles=sequential, skipping 2: \d+ number\(s\) were never issued, more than the 0 failed launch\(es\) that could have taken one/,
  },
  {
    host: POLICY_BREAKING.sequentialAlways,
    scenario: 'handle-values',
    policies: { handles: 'random' },
    expect: /^policies-played \(handles\): create_function issued handle 1 at t=0 under handles=random, a value no handle draw gave$/,
  },
  {
    host: POLICY_BREAKING.noLatency,
    scenario: 'fanout',
    policies: { latency: { kind: 'fixed', us: 1000 } },
    expect: /^policies-played \(latency\): the host drew a latency of 0 us at t=\d+, which latency=fixed:1000 cannot give$/,
  },
  {
    host: POLICY_BREAKING.startsEarly,
    scenario: 'fanout',
    policies: { latency: { kind: 'fixed', us: 1000 } },
    expect: /^policies-played \(latency\): the request of launch of worker::\w+ at t=(\d+) completed at t=\1, before its due time t=\d+, under latency=fixed:1000$/,
  },
  {
    host: POLICY_BREAKING.halfFaults,
    scenario: 'fault-injection',
    policies: { faults: 0 },
    expect: /^policies-played \(faults\): a fault draw said true at t=\d+ under faults=0 \(the host drew with a probability of its own\)$/,
  },
  {
    host: POLICY_BREAKING.ownFaults,
    scenario: 'fault-injection',
    policies: { faults: 0.3 },
    expect: /^policies-played \(faults\): launch of worker::\w+ failed with an injected fault at t=\d+ under faults=0\.3, but no fault draw said so$/,
  },
];

for (const c of PLANTED) {
  const how = c.reportingNothing === true ? ', reporting no requests' : '';
  test(`a host that ${c.host.name}${how} fails policies-played on ${c.scenario} under ${JSON.stringify(c.policies)}, and passes without the option`, (t) => {
    const scenario = findScenario(c.scenario);
    if (scenario === undefined) return t.fail(`no scenario ${c.scenario}`);
    const host = c.reportingNothing === true ? reportingNothing(c.host.make) : c.host.make;
    for (let seed = 1; seed <= 3; seed++) {
      const point: MatrixPoint = { seed, strategy: { kind: 'random' }, policies: c.policies };
      const checked = run(scenario, point, true, host).outcome;
      t.like(checked, { kind: 'failure', reason: 'invariant' }, `seed ${seed}: ${describeOutcome(checked)}`);
      if (checked.kind === 'failure') t.regex(checked.message, c.expect, `seed ${seed}`);
      const unchecked = run(scenario, point, false, host).outcome;
      t.is(unchecked.kind, 'pass', `seed ${seed}, option off: ${describeOutcome(unchecked)}`);
    }
  });
}

test('checkPolicies is off by default: a run without it is the run with it off', (t) => {
  const scenario = findScenario('not-found-named-module');
  if (scenario === undefined) return t.fail('no scenario');
  const options = { seed: 1, policies: policiesAt(scenario, { seed: 1, strategy: { kind: 'fifo' }, policies: { errors: 'deferred' } }), host: POLICY_BREAKING.eagerAlways.make };
  t.is(runSimulation(scenario.build(), options).outcome.kind, 'pass');
  t.like(runSimulation(scenario.build(), { ...options, checkPolicies: true }).outcome, { kind: 'failure', reason: 'invariant' });
});
