/** Feeding events to one invariant, as a run does, without a run. */
import type { TraceEvent } from '../../sim/events.js';
import type { ModuleRunHost } from '../../sim/host/api.js';
import type { Invariant } from '../../sim/invariants/invariant.js';

/** A host for `finish`, for invariants that do not ask it anything. */
const NO_HOST = {} as ModuleRunHost;

/**
 * The first violation over the events, then finish()'s. Only the tags the invariant
 * declares reach it, as in a run, so a tag missing from `observes` fails the tests using it.
 */
export function checkInvariant(invariant: Invariant, events: readonly TraceEvent[], host: ModuleRunHost = NO_HOST): string | undefined {
  const c = invariant.create();
  for (const e of events) {
    if (invariant.observes !== undefined && !invariant.observes.includes(e.t)) continue;
    const v = c.observe(e);
    if (v !== undefined) return v;
  }
  return c.finish?.(host);
}
