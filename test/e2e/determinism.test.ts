import test from 'ava';
import { fanout } from '../../scenarios/catalogue/fanout.js';
import type { TraceEvent } from '../../sim/events.js';
import { DEFAULT_POLICIES } from '../../sim/host/policies.js';
import { runSimulation } from '../../sim/run/run.js';
import type { StrategySpec } from '../../sim/scheduler/strategy.js';
import { eventsJson } from '../helpers/harness.js';

const strategies: StrategySpec[] = [{ kind: 'fifo' }, { kind: 'random' }, { kind: 'pct', depth: 3, steps: 16 }];

function run(seed: number) {
  const events: TraceEvent[] = [];
  const strategy = strategies[seed % 3] as StrategySpec;
  // Half the seeds use a fixed latency, so completions tie and the selector decides.
  const policies = seed % 2 === 0 ? DEFAULT_POLICIES : { ...DEFAULT_POLICIES, latency: { kind: 'fixed', us: 1000 } as const };
  const result = runSimulation(fanout.build(), { seed, strategy, policies, sinks: [{ emit: (e) => events.push(e) }] });
  return { result, events };
}

test('same seed, same run: 1,000 seeds of the fan-out scenario, each run twice, give identical events', (t) => {
  let decisions = 0;
  const orders = new Set<string>();
  for (let seed = 0; seed < 1000; seed++) {
    const a = run(seed);
    const b = run(seed);
    t.is(a.result.outcome.kind, 'pass', `seed ${seed}`);
    const ja = eventsJson(a.events);
    if (ja !== eventsJson(b.events)) {
      t.fail(`seed ${seed}: the second run differs`);
      return;
    }
    t.deepEqual(a.result, b.result);
    decisions += a.events.filter((e) => e.t === 'sched.decision').length;
    const log = a.events.find((e) => e.t === 'log');
    if (log?.t === 'log') orders.add(log.message);
  }
  // The runs are not trivially alike: the selector had choices and completions reordered.
  t.true(decisions > 1000, `${decisions} decisions`);
  t.true(orders.size > 100, `${orders.size} distinct completion orders`);
});
