/**
 * Every catalogue scenario passes on the reference host under every policy the contract
 * allows: 50 seeds × errors eager/deferred × strategies fifo/random/pct × handles
 * sequential/random × the scenario's latency and fixed:1000 (completions tie).
 */
import test from 'ava';
import { catalogue } from '../../../scenarios/index.js';
import { describeOutcome } from '../../../sim/outcome.js';
import type { Policies } from '../../../sim/host/policies.js';
import { ERROR_TIMINGS, matrix, recipe, runAt } from './matrix.js';

const SEEDS = 50;
const POINTS = matrix(SEEDS);

for (const scenario of catalogue) {
  test(`${scenario.name} passes on the reference host: ${POINTS.length} runs across seeds and policies`, (t) => {
    const failures: string[] = [];
    let decisions = 0;
    for (const point of POINTS) {
      const r = runAt(scenario, point);
      decisions += r.decisions;
      if (r.outcome.kind !== 'pass') failures.push(`${describeOutcome(r.outcome)}\n  replay: ${recipe(scenario, point)}`);
    }
    t.deepEqual(failures.slice(0, 3), [], `${failures.length} of ${POINTS.length} runs failed`);
    t.log(`${decisions} scheduler decisions`);
  });
}

test('the matrix covers every combination once', (t) => {
  t.is(POINTS.length, SEEDS * 2 * 3 * 2 * 2);
  const keys = new Set(POINTS.map((p) => JSON.stringify(p)));
  t.is(keys.size, POINTS.length);
});

test('beyond the matrix: latency 0, wide latencies up to 400 ms, and fault-injection at faults 0 and 1', (t) => {
  const extra: Partial<Policies>[] = [
    { latency: { kind: 'fixed', us: 0 } },
    { latency: { kind: 'uniform', min: 0, max: 400_000 } },
    { latency: { kind: 'uniform', min: 0, max: 3 } },
  ];
  const failures: string[] = [];
  for (const scenario of catalogue) {
    const sets = scenario.name === 'fault-injection' ? [...extra, { faults: 0 }, { faults: 1 }] : extra;
    for (const policies of sets) {
      for (const seed of [1, 2, 3, 4]) {
        for (const errors of ERROR_TIMINGS) {
          const handles = seed % 2 === 0 ? 'random' : 'sequential';
          const point = { seed, strategy: { kind: 'random' } as const, policies: { ...policies, errors, handles } as const };
          const r = runAt(scenario, point);
          if (r.outcome.kind !== 'pass') failures.push(`${describeOutcome(r.outcome)}\n  replay: ${recipe(scenario, point)}`);
        }
      }
    }
  }
  t.deepEqual(failures.slice(0, 3), [], `${failures.length} runs failed`);
});
