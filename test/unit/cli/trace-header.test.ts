/**
 * `traceHeader` reuses the last header of a target when only the seed changed; any other
 * change must give a header made afresh, never the previous one's fields.
 */
import test from 'ava';
import { traceHeader, type HeaderFields } from '../../../cli/trace-io.js';
import { createTraceHeader } from '../../../recorder/header.js';
import { ARKSIM_VERSION } from '../../../recorder/version.js';
import { fanout } from '../../../scenarios/catalogue/fanout.js';
import { fanoutWide } from '../../../scenarios/catalogue/fanout-wide.js';
import { scenarioTarget } from '../../../scenarios/target.js';
import { DEFAULT_BUDGETS } from '../../../sim/budget.js';
import type { RunTarget } from '../../../sim/explore/target.js';
import type { Policies } from '../../../sim/host/policies.js';
import { ReferenceHost } from '../../../sim/host/reference-host.js';
import type { RunOptions } from '../../../sim/run/run.js';
import { formatStrategy } from '../../../sim/scheduler/strategy.js';

const a = scenarioTarget(fanout);
const b = scenarioTarget(fanoutWide);
const fields = (over: Partial<HeaderFields> = {}): HeaderFields => ({ seed: '1', strategy: { kind: 'random' }, mode: 'record', parent: null, ...over });

/** The header made from scratch for the same arguments. */
function expected(target: RunTarget, options: RunOptions, f: HeaderFields): ReturnType<typeof createTraceHeader> {
  return createTraceHeader({
    arksimVersion: ARKSIM_VERSION,
    scenario: target.name,
    wasm: [],
    seed: f.seed,
    strategy: formatStrategy(f.strategy),
    policies: options.policies ?? target.policies,
    budgets: { ...DEFAULT_BUDGETS, ...options.budgets },
    mode: f.mode,
    parent: f.parent,
    host: f.host ?? (options.host === undefined ? 'reference' : 'custom'),
    checkPolicies: options.checkPolicies === true,
  });
}

test('every change between two headers shows in the second', (t) => {
  const p: Policies = a.policies;
  const steps: [RunTarget, RunOptions, HeaderFields][] = [
    [a, { seed: 1 }, fields()],
    [a, { seed: 2 }, fields({ seed: '2' })],
    [a, { seed: 2, policies: { ...p } }, fields({ seed: '3' })],
    [a, { seed: 2, policies: { ...p, errors: p.errors === 'eager' ? 'deferred' : 'eager' } }, fields()],
    [a, { seed: 2, policies: { ...p, latency: { kind: 'fixed', us: 5 } } }, fields()],
    [a, { seed: 2, policies: { ...p, latency: { kind: 'fixed', us: 6 } } }, fields()],
    [a, { seed: 2, policies: { ...p, latency: { kind: 'uniform', min: 6, max: 6 } } }, fields()],
    [a, { seed: 2, policies: { ...p, handles: 'random' } }, fields()],
    [a, { seed: 2, policies: { ...p, faults: 0.5 } }, fields()],
    [a, { seed: 2, budgets: { frames: 3 } }, fields()],
    [a, { seed: 2, budgets: { maxSteps: 3 } }, fields()],
    [a, { seed: 2 }, fields({ strategy: { kind: 'fifo' } })],
    [a, { seed: 2 }, fields({ mode: 'shrunk' })],
    [a, { seed: 2 }, fields({ parent: 'cd'.repeat(32) })],
    [b, { seed: 2 }, fields({ parent: 'cd'.repeat(32) })],
    [a, { seed: 2 }, fields({ seed: 'x' })],
    [a, { seed: 2 }, fields({ seed: 'x', host: 'mine' })],
    [a, { seed: 2, host: (env) => new ReferenceHost(env) }, fields({ seed: 'x' })],
    [a, { seed: 3 }, fields({ seed: 'x' })],
    [a, { seed: 3, checkPolicies: true }, fields({ seed: 'x' })],
    [a, { seed: 3 }, fields({ seed: 'y' })],
  ];
  for (const [target, options, f] of steps) t.deepEqual(traceHeader(target, options, f), expected(target, options, f));
});
