/**
 * The fan-out scenario as most benchmarks run it: catalogue policies and budgets, the
 * random strategy, seed = run index, a fresh build per run (as `explore` does).
 */
import { fanout } from '../scenarios/catalogue/fanout.js';
import { scenarioTarget } from '../scenarios/target.js';
import type { EventSink } from '../sim/events.js';
import type { RunTarget } from '../sim/explore/target.js';
import { describeOutcome } from '../sim/outcome.js';
import { runSimulation, type RunOptions, type RunResult } from '../sim/run/run.js';
import type { StrategySpec } from '../sim/scheduler/strategy.js';

export const FANOUT: RunTarget = scenarioTarget(fanout);

export const RANDOM: StrategySpec = { kind: 'random' };

/** The options of fan-out run `seed`. */
export function fanoutOptions(seed: number, sinks: readonly EventSink[] = []): RunOptions {
  return { seed, strategy: RANDOM, policies: FANOUT.policies, budgets: FANOUT.budgets, sinks };
}

/** One fan-out run; throws if it does not pass (a benchmark of a broken run measures nothing). */
export function runFanout(seed: number, sinks: readonly EventSink[] = []): RunResult {
  const r = runSimulation(FANOUT.build(), fanoutOptions(seed, sinks));
  if (r.outcome.kind !== 'pass') throw new Error(`fanout seed ${seed} did not pass: ${describeOutcome(r.outcome)}`);
  return r;
}

/** Runs seeds `from` to `from + count - 1`; returns the events emitted. */
export function runFanouts(from: number, count: number): number {
  let events = 0;
  for (let seed = from; seed < from + count; seed++) events += runFanout(seed).events;
  return events;
}
