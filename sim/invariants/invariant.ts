import type { TraceEvent, TraceEventTag } from '../events.js';
import type { ModuleRunHost } from '../host/api.js';

/** One run's checker: sees every event as it happens, then the end of the run. */
export interface InvariantChecker {
  /** A violation message, or undefined. */
  observe(event: TraceEvent): string | undefined;
  /** Checks that need the whole run; called once when no work is left. */
  finish?(host: ModuleRunHost): string | undefined;
}

/** An invariant: a name (used in failure messages) and a checker per run. */
export interface Invariant {
  readonly name: string;
  readonly description: string;
  /**
   * The event tags the checker needs to see; omitted, it sees every event. Invariants
   * run on every event of every run, so declaring the few tags a checker reads keeps
   * the other events (frames, draws, decisions) from costing a call each.
   */
  readonly observes?: readonly TraceEventTag[];
  create(): InvariantChecker;
}

/** Whether `invariant`'s checker is to see events tagged `tag`. */
export function observesTag(invariant: Invariant, tag: string): boolean {
  return invariant.observes === undefined || (invariant.observes as readonly string[]).includes(tag);
}

/** The failure message of an end-of-run violation: a checker may give it whole, or only its detail. */
export function finishViolation(invariant: Invariant, detail: string): string {
  return detail.includes(':') ? detail : violationMessage(invariant.name, detail);
}

/** The failure message of a violation; `explore` compares failures by it. */
export function violationMessage(invariant: string, detail: string): string {
  return `${invariant}: ${detail}`;
}
