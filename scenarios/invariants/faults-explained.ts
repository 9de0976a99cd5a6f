/**
 * Every request of a failing function completes with InternalError, after a
 * `module.fault` event for that request with the fault's kind and message: the trace
 * says why each request failed.
 */
import type { TraceEvent, TraceEventTag } from '../../sim/events.js';
import { codeName, ErrorCode } from '../../sim/host/codes.js';
import type { Invariant, InvariantChecker } from '../../sim/invariants/invariant.js';
import type { FaultCase } from '../modules/faulty.js';
import { LaunchedRequests, type LaunchedState } from '../../sim/invariants/launched-requests.js';

const NAME = 'faults-explained';

interface Launched extends LaunchedState {
  /** Undefined for a request of another function: kept only to see its value shared. */
  readonly fault: FaultCase | undefined;
  explained: boolean;
}

class Checker implements InvariantChecker {
  /**
   * Every launched request, per caller. `module.fault` and `req.completed` name only the
   * request's value, which another module's request may have too: a request whose value
   * was shared in flight is not checked, since which one failed is unknown.
   */
  private readonly requests = new LaunchedRequests<Launched>();
  constructor(
    private readonly module: string,
    private readonly cases: ReadonlyMap<string, FaultCase>,
  ) {}

  observe(e: TraceEvent): string | undefined {
    switch (e.t) {
      case 'req.launched': {
        const c = e.module === this.module ? this.cases.get(e.fn) : undefined;
        this.requests.launched(e.caller, e.request, { fault: c, explained: false, shared: false });
        return undefined;
      }
      case 'module.fault': {
        const r = this.requests.inFlightWith(e.request);
        const c = r?.fault;
        if (r === undefined || c === undefined) return undefined;
        if (e.kind !== c.kind || e.message !== c.message) {
          return `${NAME}: ${this.module}::${c.fn} failed with ${e.kind} "${e.message}", expected ${c.kind} "${c.message}"`;
        }
        r.explained = true;
        return undefined;
      }
      case 'req.completed': {
        const r = this.requests.completed(e.request);
        const c = r?.fault;
        if (r === undefined || c === undefined) return undefined;
        if (e.code !== ErrorCode.InternalError) {
          return `${NAME}: ${this.module}::${c.fn} completed with ${codeName(e.code)}, expected InternalError`;
        }
        if (!r.explained) return `${NAME}: ${this.module}::${c.fn} failed without a module.fault event`;
        return undefined;
      }
      default:
        return undefined;
    }
  }
}

/** One array for every invariant made here: runs with equal `observes` arrays share their event routing (invariant-sink.ts). */
const OBSERVES: readonly TraceEventTag[] = ['req.launched', 'module.fault', 'req.completed'];

/** Requests of `module`'s functions in `cases` fail with InternalError, each explained. */
export function faultsExplained(module: string, cases: readonly FaultCase[]): Invariant {
  const byFn = new Map(cases.map((c) => [c.fn, c]));
  return {
    name: NAME,
    description: `every ${module} request fails with InternalError and a module.fault naming its kind and message`,
    observes: OBSERVES,
    create: () => new Checker(module, byFn),
  };
}
