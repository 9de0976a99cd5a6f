/**
 * Invariants run beside a conformance check (conformance.ts): every invariant sees every
 * event it observes until it is first violated, that violation is noted, and nothing
 * stops the run, so the check still reports every difference in the host's answers.
 * Conformance compares answers to the recorded ones; the invariants also judge what the
 * answers alone do not show (the host's own `req.*` and `module.fault` events, handles
 * it issued twice).
 */
import type { EventSink, TraceEvent } from '../events.js';
import type { ModuleRunHost } from '../host/api.js';
import { finishViolation, observesTag, type Invariant, type InvariantChecker } from '../invariants/invariant.js';

interface Watching {
  readonly invariant: Invariant;
  readonly checker: InvariantChecker;
}

export class CollectedViolations implements EventSink {
  private watching: Watching[];
  private readonly found: string[] = [];

  constructor(invariants: readonly Invariant[]) {
    this.watching = invariants.map((invariant) => ({ invariant, checker: invariant.create() }));
  }

  emit(event: TraceEvent): void {
    for (const w of this.watching) {
      if (!observesTag(w.invariant, event.t)) continue;
      const v = w.checker.observe(event);
      if (v !== undefined) this.violated(w, v);
    }
  }

  /** The end-of-run checks of the invariants not yet violated; then every violation, in the order found. */
  finish(host: ModuleRunHost | undefined): readonly string[] {
    for (const w of this.watching) {
      const v = host === undefined ? undefined : w.checker.finish?.(host);
      if (v !== undefined) this.violated(w, finishViolation(w.invariant, v));
    }
    return this.found;
  }

  private violated(w: Watching, message: string): void {
    this.found.push(message);
    // What a checker says after its first violation follows from it: not noted.
    this.watching = this.watching.filter((other) => other !== w);
  }
}
