/**
 * The real Rust edge_guest.wasm against callee.wasm, under every error timing, handle
 * numbering and scheduling strategy, many seeds each, with the default (varying) and
 * fixed latencies: it must pass and report done() == 1 every time.
 */
import test from 'ava';
import { wasmEdgeGuest } from '../../scenarios/catalogue/wasm-edge-guest.js';
import { DEFAULT_POLICIES, formatLatency, type LatencySpec, type Policies } from '../../sim/host/policies.js';
import type { StrategySpec } from '../../sim/scheduler/strategy.js';
import { describeOutcome } from '../../sim/outcome.js';
import { eventsOf, observe } from '../unit/wasm/wasm-runs.js';

const SEEDS = 30;
const strategies: readonly StrategySpec[] = [{ kind: 'fifo' }, { kind: 'random' }, { kind: 'pct', depth: 3, steps: 400 }];
const latencies: readonly LatencySpec[] = [DEFAULT_POLICIES.latency, { kind: 'fixed', us: 1000 }];

for (const errors of ['eager', 'deferred'] as const) {
  for (const handles of ['sequential', 'random'] as const) {
    for (const latency of latencies) {
      const label = `errors=${errors} handles=${handles} latency=${formatLatency(latency)}`;
      test(`edge_guest passes: ${label}, fifo/random/pct x ${SEEDS} seeds`, (t) => {
        const policies: Policies = { ...wasmEdgeGuest.policies, ...DEFAULT_POLICIES, errors, handles, latency, faults: 0 };
        let decisions = 0;
        for (const strategy of strategies) {
          for (let seed = 0; seed < SEEDS; seed++) {
            const { result, driver, events } = observe(wasmEdgeGuest.build(), {
              seed,
              strategy,
              policies,
              budgets: wasmEdgeGuest.budgets ?? {},
            });
            const where = `${label} strategy=${strategy.kind} seed=${seed}`;
            if (result.outcome.kind !== 'pass') return t.fail(`${where}: ${describeOutcome(result.outcome)}`);
            if (driver?.callOrAbort('done') !== 1) return t.fail(`${where}: done() is not 1`);
            if (eventsOf(events, 'module.fault').some((f) => f.kind === 'injected')) return t.fail(`${where}: injected fault`);
            decisions += result.decisions;
          }
        }
        t.pass();
        t.log(`${strategies.length * SEEDS} runs, ${decisions} scheduling decisions`);
      });
    }
  }
}

test('edge_guest passes under the other latencies exploration draws', (t) => {
  const more: readonly LatencySpec[] = [
    { kind: 'fixed', us: 0 },
    { kind: 'fixed', us: 16_667 },
    { kind: 'uniform', min: 0, max: 5000 },
    { kind: 'uniform', min: 10_000, max: 100_000 },
  ];
  for (const latency of more) {
    for (let seed = 0; seed < 8; seed++) {
      const errors = seed % 2 === 0 ? 'eager' : 'deferred';
      const { result, driver } = observe(wasmEdgeGuest.build(), {
        seed,
        strategy: { kind: 'random' },
        policies: { errors, latency, handles: seed % 4 < 2 ? 'random' : 'sequential', faults: 0 },
        budgets: wasmEdgeGuest.budgets ?? {},
      });
      t.is(result.outcome.kind, 'pass', `${formatLatency(latency)} seed ${seed}: ${describeOutcome(result.outcome)}`);
      t.is(driver?.callOrAbort('done'), 1);
    }
  }
});
