import type { TraceEvent } from '../../sim/events.js';
import type { RunTarget } from '../../sim/explore/target.js';
import type { RecordedRun } from '../../sim/replay/replay.js';
import { runSimulation, type RunOptions } from '../../sim/run/run.js';

/** Runs a target and keeps its events, as a RecordedRun (what a trace holds, without the codec). */
export function record(target: RunTarget, options: Omit<RunOptions, 'sinks' | 'budgets' | 'policies'> & Partial<Pick<RunOptions, 'policies'>>): RecordedRun {
  const events: TraceEvent[] = [];
  const r = runSimulation(target.build(), {
    policies: target.policies,
    budgets: target.budgets,
    ...options,
    sinks: [{ emit: (e) => events.push(e) }],
  });
  return { seed: r.seed, strategy: r.strategy, policies: r.policies, budgets: r.budgets, events };
}
