/**
 * Wasm guests are as deterministic as TS ones: the same seed gives the same events,
 * byte for byte; and exploration over seeds finds order_guest's ordering bug.
 */
import test, { type ExecutionContext } from 'ava';
import { wasmEdgeGuest } from '../../scenarios/catalogue/wasm-edge-guest.js';
import { explore } from '../../sim/explore/explore.js';
import { DEFAULT_POLICIES } from '../../sim/host/policies.js';
import type { Simulation } from '../../sim/run/simulation.js';
import type { StrategySpec } from '../../sim/scheduler/strategy.js';
import { wasmTarget } from '../../sim/wasm/simulation.js';
import { eventsJson } from '../helpers/harness.js';
import { loadGuest } from '../unit/wasm/wasm-api.js';
import { appletSimulation, observe } from '../unit/wasm/wasm-runs.js';

const strategies: readonly StrategySpec[] = [{ kind: 'fifo' }, { kind: 'random' }, { kind: 'pct', depth: 3, steps: 200 }];

function twice(t: ExecutionContext, name: string, sim: Simulation, seeds: number, frames: number): void {
  for (let seed = 0; seed < seeds; seed++) {
    const strategy = strategies[seed % strategies.length] as StrategySpec;
    const policies = { ...DEFAULT_POLICIES, handles: seed % 2 === 0 ? ('random' as const) : ('sequential' as const) };
    const a = observe(sim, { seed, strategy, policies, budgets: { frames } });
    const b = observe(sim, { seed, strategy, policies, budgets: { frames } });
    if (eventsJson(a.events) !== eventsJson(b.events)) return t.fail(`${name} seed ${seed}: the second run differs`);
    t.deepEqual(a.result, b.result);
  }
}

test('same seed, same events: edge_guest, order_guest, panic_guest and wild, each run twice', (t) => {
  twice(t, 'edge_guest', wasmEdgeGuest.build(), 20, 400);
  twice(t, 'order_guest', appletSimulation('order_guest'), 20, 30);
  twice(t, 'panic_guest', appletSimulation('panic_guest', { modules: [] }), 3, 10);
  twice(t, 'wild', appletSimulation('wild'), 3, 5);
});

test('a fresh simulation from the same bytes gives the same events as a reused one', (t) => {
  const reused = appletSimulation('order_guest');
  observe(reused, { seed: 5 });
  const a = observe(reused, { seed: 9 });
  const b = observe(appletSimulation('order_guest'), { seed: 9 });
  t.is(eventsJson(a.events), eventsJson(b.events));
});

test('explore finds order_guest failing under some seeds with the default latency', (t) => {
  const target = wasmTarget({
    guest: { path: 'test/guests/order_guest.wasm', bytes: loadGuest('order_guest') },
    modules: [{ name: 'callee', path: 'test/guests/callee.wasm', bytes: loadGuest('callee') }],
    budgets: { frames: 30 },
  });
  t.is(target.name, 'order_guest');
  t.deepEqual(target.ref, {
    kind: 'wasm',
    guest: 'test/guests/order_guest.wasm',
    modules: [{ name: 'callee', path: 'test/guests/callee.wasm' }],
  });
  const config = { runs: 40, seed: '1', strategy: { kind: 'random' } as const, swarm: false, stopAtFirst: false };
  const report = explore(target, config);
  t.is(report.runs, 40);
  t.true(report.failures.length > 0, 'some seed fails');
  t.true(report.failures.length < 40, 'and some seed passes');
  t.like(report.distinct[0]?.outcome, { kind: 'failure', reason: 'panic', module: 'order_guest', message: 'completions out of launch order' });
  // The same exploration finds the same failures.
  t.deepEqual(
    explore(target, config).failures.map((f) => f.plan.seed),
    report.failures.map((f) => f.plan.seed),
  );
});
