/**
 * At the end of the run, every request the given modules launched successfully has been
 * consumed by a retrieve (its result or its error): nothing launched was lost or left
 * behind, by the host or by the scenario.
 */
import type { TraceEvent, TraceEventTag } from '../../sim/events.js';
import { ErrorCode } from '../../sim/host/codes.js';
import type { Invariant, InvariantChecker } from '../../sim/invariants/invariant.js';
import { HandleSet } from '../../sim/handle-map.js';

const NAME = 'all-retrieved';

const consumes = (code: number): boolean =>
  code === ErrorCode.Success || code === ErrorCode.NotFound || code === ErrorCode.InternalError;

class Checker implements InvariantChecker {
  /** Per watched caller, its launched requests not yet consumed. */
  private readonly open: ReadonlyMap<string, HandleSet>;
  constructor(callers: readonly string[]) {
    this.open = new Map(callers.map((c) => [c, new HandleSet()]));
  }

  observe(e: TraceEvent): string | undefined {
    if (e.t === 'ffi.launch') {
      if (e.code === ErrorCode.Success) this.open.get(e.caller)?.add(e.request);
    } else if (e.t === 'ffi.retrieve' && consumes(e.code)) {
      this.open.get(e.caller)?.delete(e.request);
    }
    return undefined;
  }

  finish(): string | undefined {
    let count = 0;
    const by: string[] = [];
    for (const [caller, requests] of this.open) {
      if (requests.size === 0) continue;
      count += requests.size;
      by.push(caller);
    }
    if (count === 0) return undefined;
    return `${NAME}: ${count} request(s) launched by ${by.join(', ')} were never retrieved`;
  }
}

/** One array for every invariant made here: runs with equal `observes` arrays share their event routing (invariant-sink.ts). */
const OBSERVES: readonly TraceEventTag[] = ['ffi.launch', 'ffi.retrieve'];

/**
 * Every request launched by one of `callers` is retrieved by the end of the run. A
 * violation names the callers with requests left, in the order given here.
 */
export function allRetrieved(...callers: readonly string[]): Invariant {
  return {
    name: NAME,
    description: `every request launched by ${callers.join(', ')} is retrieved by the end`,
    observes: OBSERVES,
    create: () => new Checker(callers),
  };
}
