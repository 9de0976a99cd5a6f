/**
 * Replaying a recorded run.
 *
 * `exact`: the scheduler takes the recorded decisions and the host the recorded
 * policy draws; every event is compared with the trace, and the first difference ends
 * the run with a DivergenceError. A match means the run was reproduced, whatever its
 * outcome.
 *
 * `check`: for regression corpora after a fix: follow the recorded schedule while it
 * applies, then continue deterministically (FIFO, seeded draws), and judge the run by
 * its own outcome.
 */
import type { Budgets } from '../budget.js';
import type { EventSink, TraceEvent } from '../events.js';
import type { Policies } from '../host/policies.js';
import type { RunOutcome } from '../outcome.js';
import type { HostFactory } from '../run/context.js';
import { planFromEvents } from '../run/replay-plan.js';
import { runSimulation, type RunResult } from '../run/run.js';
import type { Simulation } from '../run/simulation.js';
import type { StrategySpec } from '../scheduler/strategy.js';
import { ComparingSink } from './comparator.js';
import type { DivergenceError } from './divergence.js';

/** What replay needs of a trace: how the run was configured and what it did. */
export interface RecordedRun {
  readonly seed: string;
  readonly strategy: StrategySpec;
  readonly policies: Policies;
  readonly budgets: Budgets;
  readonly events: readonly TraceEvent[];
}

export type ReplayMode = 'exact' | 'check';

export interface ReplayResult {
  readonly mode: ReplayMode;
  /** exact: the run reproduced the trace event for event. check: always true. */
  readonly matched: boolean;
  readonly divergence: DivergenceError | undefined;
  /** The replayed run's outcome (for exact, equal to the recorded one when matched). */
  readonly outcome: RunOutcome;
  /** The recorded run's outcome, from its last event. */
  readonly recordedOutcome: RunOutcome | undefined;
  /** check: where the run left the recorded schedule, if it did. */
  readonly offTrack: string | undefined;
  readonly run: RunResult;
}

export function recordedOutcome(events: readonly TraceEvent[]): RunOutcome | undefined {
  const last = events[events.length - 1];
  return last?.t === 'run.outcome' ? last.outcome : undefined;
}

export function replayRun(
  sim: Simulation,
  recorded: RecordedRun,
  mode: ReplayMode,
  options: { sinks?: readonly EventSink[]; host?: HostFactory } = {},
): ReplayResult {
  const comparator = mode === 'exact' ? new ComparingSink(recorded.events) : undefined;
  const run = runSimulation(sim, {
    seed: recorded.seed,
    strategy: recorded.strategy,
    policies: recorded.policies,
    budgets: recorded.budgets,
    replay: planFromEvents(recorded.events),
    sinks: [...(comparator === undefined ? [] : [comparator]), ...(options.sinks ?? [])],
    ...(options.host === undefined ? {} : { host: options.host }),
  });
  const divergence = comparator?.finish();
  return {
    mode,
    matched: divergence === undefined,
    divergence,
    outcome: run.outcome,
    recordedOutcome: recordedOutcome(recorded.events),
    offTrack: run.offTrack,
    run,
  };
}
