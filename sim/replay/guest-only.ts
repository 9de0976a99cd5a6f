/**
 * Guest-only replay: run the guest against a TraceHost, with no launched modules, and
 * compare its side of the run (frames and FFI calls) with the trace.
 */
import type { EventSink, TraceEvent } from '../events.js';
import type { GuestSpec } from '../guest/driver.js';
import { failure, type FailureOutcome } from '../outcome.js';
import { runSimulation } from '../run/run.js';
import { ComparingSink } from './comparator.js';
import { guestHostCalls, isGuestEvent } from './guest-events.js';
import { recordedOutcome, type RecordedRun, type ReplayResult } from './replay.js';
import { TraceHost } from './trace-host.js';

/** Forwards only the guest's own events, so modules' missing calls are not compared. */
class GuestFilter implements EventSink {
  constructor(
    private readonly inner: ComparingSink,
    private readonly guest: string,
  ) {}
  attach(run: { stop(o: FailureOutcome): void; now(): number }): void {
    this.inner.attach(run);
  }
  emit(e: TraceEvent): void {
    if (isGuestEvent(e, this.guest)) this.inner.emit(e);
  }
}

export function replayGuestOnly(guest: GuestSpec, recorded: RecordedRun): ReplayResult {
  const expected = recorded.events.filter((e) => isGuestEvent(e, guest.name));
  const comparator = new ComparingSink(expected);
  let host: TraceHost | undefined;
  const run = runSimulation(
    { modules: [], guest },
    {
      seed: recorded.seed,
      strategy: { kind: 'fifo' },
      policies: recorded.policies,
      budgets: recorded.budgets,
      sinks: [new GuestFilter(comparator, guest.name)],
      host: (env) => (host = new TraceHost(env, guestHostCalls(recorded.events, guest.name), guest.name)),
    },
  );
  const divergence = comparator.finish();
  const left = host?.unconsumed ?? 0;
  // A divergence found after the run ended (the trace has more of the guest's events)
  // fails the replay as one, as in replayRun.
  const outcome =
    divergence === undefined && left > 0 && run.outcome.kind === 'pass'
      ? failure('divergence', `the guest stopped before making ${left} recorded call(s)`)
      : comparator.outcomeOf(run.outcome);
  return {
    mode: 'exact',
    matched: divergence === undefined && !(outcome.kind === 'failure' && outcome.reason === 'divergence'),
    divergence,
    outcome,
    recordedOutcome: recordedOutcome(recorded.events),
    offTrack: undefined,
    run,
  };
}
