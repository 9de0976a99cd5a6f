/**
 * Runs a run's invariants on its events: each checker sees the events of the tags it
 * declared (all of them if it declared none), in the order the invariants were given,
 * and the first violation ends the run.
 */
import type { EventSink, TraceEvent } from '../events.js';
import type { ModuleRunHost } from '../host/api.js';
import { failure } from '../outcome.js';
import type { SimScheduler } from '../scheduler/sim-scheduler.js';
import { violationMessage, type Invariant, type InvariantChecker } from './invariant.js';

interface Running {
  readonly invariant: Invariant;
  readonly checker: InvariantChecker;
}

export class InvariantSink implements EventSink {
  private readonly running: readonly Running[];
  /** Per event tag, the checkers that observe it, in invariant order; built on first use. */
  private readonly byTag = new Map<string, readonly InvariantChecker[]>();

  constructor(
    invariants: readonly Invariant[],
    private readonly scheduler: SimScheduler,
  ) {
    this.running = invariants.map((invariant) => ({ invariant, checker: invariant.create() }));
  }

  emit(event: TraceEvent): void {
    if (this.scheduler.abortedWith !== undefined) return;
    const checkers = this.byTag.get(event.t) ?? this.observers(event.t);
    for (let i = 0; i < checkers.length; i++) {
      const v = (checkers[i] as InvariantChecker).observe(event);
      if (v !== undefined) {
        this.scheduler.abort(failure('invariant', v));
        return;
      }
    }
  }

  /** The first end-of-run violation, as a failure message. */
  finish(host: ModuleRunHost): string | undefined {
    for (const { invariant, checker } of this.running) {
      const v = checker.finish?.(host);
      if (v !== undefined) return v.includes(':') ? v : violationMessage(invariant.name, v);
    }
    return undefined;
  }

  private observers(tag: string): readonly InvariantChecker[] {
    const list = this.running
      .filter(({ invariant }) => invariant.observes === undefined || (invariant.observes as readonly string[]).includes(tag))
      .map((r) => r.checker);
    this.byTag.set(tag, list);
    return list;
  }
}
