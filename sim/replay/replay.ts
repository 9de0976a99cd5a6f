/**
 * Replaying a recorded run.
 *
 * `exact`: the scheduler takes the recorded decisions and the host the recorded
 * policy draws; every event is compared with the trace, and the first difference ends
 * the run with a DivergenceError. A match means the run was reproduced, whatever its
 * outcome.
 *
 * A replay that does not match fails as a divergence (its outcome names the first
 * difference), wherever the difference is: mid-run, or only in the recorded outcome, or
 * in the number of events.
 *
 * `check`: for regression corpora after a fix: follow the recorded schedule while it
 * applies, then continue deterministically (FIFO, seeded draws), and judge the run by
 * its own outcome. `schedule` says how much of the recorded schedule the run used: a
 * run that never left it may still have ended before using all of it.
 */
import type { Budgets } from '../budget.js';
import type { EventSink, TraceEvent } from '../events.js';
import type { Policies } from '../host/policies.js';
import type { RunOutcome } from '../outcome.js';
import { planFromEvents, ReplayCursor, ReplayDraws, ReplaySelector } from '../run/replay-plan.js';
import { hostOptions, runSimulation, type HostOptions, type RunResult } from '../run/run.js';
import type { Simulation } from '../run/simulation.js';
import { FifoSelector } from '../scheduler/selectors/fifo.js';
import type { StrategySpec } from '../scheduler/strategy.js';
import { ComparingSink } from './comparator.js';
import type { DivergenceError } from './divergence.js';

/** What replay needs of a trace: how the run was configured and what it did. */
export interface RecordedRun {
  readonly seed: string;
  readonly strategy: StrategySpec;
  readonly policies: Policies;
  readonly budgets: Budgets;
  /** The recorded run checked that its host plays its policies (the trace header says): a replay does too. */
  readonly checkPolicies?: boolean;
  readonly events: readonly TraceEvent[];
}

export type ReplayMode = 'exact' | 'check';

/** How many of the recorded scheduling decisions and policy draws a replay followed. */
export interface ScheduleUse {
  readonly decisions: { readonly used: number; readonly recorded: number };
  readonly draws: { readonly used: number; readonly recorded: number };
}

export interface ReplayResult {
  readonly mode: ReplayMode;
  /**
   * exact: the run reproduced the trace event for event. check: always true, since check
   * mode compares no events (whether the run passes is its `outcome`; how much of the
   * schedule it followed, `schedule`).
   */
  readonly matched: boolean;
  readonly divergence: DivergenceError | undefined;
  /**
   * The replay's outcome: exact and matched, the recorded one reproduced; exact and not
   * matched, the divergence failure; check, the run's own.
   */
  readonly outcome: RunOutcome;
  /** The recorded run's outcome, from its last event. */
  readonly recordedOutcome: RunOutcome | undefined;
  /** check: where the run left the recorded schedule, if it did. */
  readonly offTrack: string | undefined;
  /** The recorded schedule followed (`undefined` for a guest-only replay, which has none). */
  readonly schedule?: ScheduleUse;
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
  options: HostOptions & { sinks?: readonly EventSink[] } = {},
): ReplayResult {
  const comparator = mode === 'exact' ? new ComparingSink(recorded.events) : undefined;
  // The same selector and draws the run's `replay` option builds (FIFO and the seeded
  // draws once off track), built here to read the cursor afterwards: how much of the
  // recorded schedule the run used, which the run's result does not say.
  const plan = planFromEvents(recorded.events);
  const cursor = new ReplayCursor(plan);
  const run = runSimulation(sim, {
    seed: recorded.seed,
    strategy: recorded.strategy,
    policies: recorded.policies,
    budgets: recorded.budgets,
    selector: new ReplaySelector(cursor, new FifoSelector()),
    draws: (seeded) => new ReplayDraws(cursor, seeded),
    sinks: [...(comparator === undefined ? [] : [comparator]), ...(options.sinks ?? [])],
    ...hostOptions(options),
    ...(recorded.checkPolicies === true ? { checkPolicies: true } : {}),
  });
  const divergence = comparator?.finish();
  return {
    mode,
    matched: divergence === undefined,
    divergence,
    outcome: comparator === undefined ? run.outcome : comparator.outcomeOf(run.outcome),
    recordedOutcome: recordedOutcome(recorded.events),
    offTrack: cursor.offTrack,
    schedule: {
      decisions: { used: cursor.decision, recorded: plan.decisions.length },
      draws: { used: cursor.draw, recorded: plan.draws.length },
    },
    run: { ...run, offTrack: cursor.offTrack },
  };
}
