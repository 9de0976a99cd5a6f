import type { EventSink, TraceEvent } from '../events.js';
import { failure, type FailureOutcome, type RunOutcome } from '../outcome.js';
import { DivergenceError } from './divergence.js';
import { equalValues } from './equal.js';

/** How many recorded events a divergence report shows before the first difference. */
export const DIVERGENCE_CONTEXT = 5;

/**
 * Compares every event of a run with the recorded one at the same index; at the first
 * difference it records a DivergenceError and ends the run.
 */
export class ComparingSink implements EventSink {
  private index = 0;
  private stop: ((o: FailureOutcome) => void) | undefined;
  divergence: DivergenceError | undefined = undefined;
  /** The failure the first divergence ends the run with. */
  failure: FailureOutcome | undefined = undefined;

  constructor(private readonly expected: readonly TraceEvent[]) {}

  attach(run: { stop(o: FailureOutcome): void }): void {
    this.stop = run.stop;
  }

  emit(event: TraceEvent): void {
    if (this.divergence !== undefined) return;
    const i = this.index++;
    const want = this.expected[i];
    if (want !== undefined && equalValues(want, event)) return;
    this.diverge(i, want, event);
  }

  /** Call after the run: a trace with events the run never produced also diverges. */
  finish(): DivergenceError | undefined {
    if (this.divergence === undefined && this.index < this.expected.length) {
      this.diverge(this.index, this.expected[this.index], undefined);
    }
    return this.divergence;
  }

  /**
   * The replay's outcome, given the run's (call after finish): a diverged replay fails
   * as a divergence wherever it diverged. One found mid-run has already stopped the run
   * with it; one at the last event (only the outcome differs) or past the end (the trace
   * has fewer or more events) is found after the run has ended, when stopping it
   * changes nothing, and the run's own outcome (often a pass) must not stand for it.
   * A run another part of the replay already ended as a divergence keeps its message.
   */
  outcomeOf(run: RunOutcome): RunOutcome {
    if (this.failure === undefined || (run.kind === 'failure' && run.reason === 'divergence')) return run;
    return this.failure;
  }

  get compared(): number {
    return this.index;
  }

  private diverge(i: number, want: TraceEvent | undefined, got: TraceEvent | undefined): void {
    const preceding = this.expected.slice(Math.max(0, i - DIVERGENCE_CONTEXT), i);
    this.divergence = new DivergenceError(i, want, got, preceding);
    this.failure = failure('divergence', this.divergence.message);
    this.stop?.(this.failure);
  }
}
