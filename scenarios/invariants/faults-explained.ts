/**
 * Every request of a failing function completes with InternalError, after a
 * `module.fault` event for that request with the fault's kind and message: the trace
 * says why each request failed.
 */
import type { TraceEvent, TraceEventTag } from '../../sim/events.js';
import { codeName, ErrorCode } from '../../sim/host/codes.js';
import type { Invariant, InvariantChecker } from '../../sim/invariants/invariant.js';
import type { FaultCase } from '../modules/faulty.js';
import { PerCaller } from '../../sim/invariants/per-caller.js';

const NAME = 'faults-explained';

interface Launched {
  readonly fault: FaultCase;
  explained: boolean;
}

class Checker implements InvariantChecker {
  /** Launched requests of the faulty functions, per caller: a host may number each module's requests on its own. */
  private readonly requests = new PerCaller<Launched>();
  constructor(
    private readonly module: string,
    private readonly cases: ReadonlyMap<string, FaultCase>,
  ) {}

  observe(e: TraceEvent): string | undefined {
    switch (e.t) {
      case 'req.launched': {
        const c = e.module === this.module ? this.cases.get(e.fn) : undefined;
        if (c !== undefined) this.requests.set(e.caller, e.request, { fault: c, explained: false });
        return undefined;
      }
      case 'module.fault': {
        const r = this.requests.get(e.caller, e.request);
        if (r === undefined) return undefined;
        const c = r.fault;
        if (e.kind !== c.kind || e.message !== c.message) {
          return `${NAME}: ${this.module}::${c.fn} failed with ${e.kind} "${e.message}", expected ${c.kind} "${c.message}"`;
        }
        r.explained = true;
        return undefined;
      }
      case 'req.completed': {
        const r = this.requests.get(e.caller, e.request);
        if (r === undefined) return undefined;
        this.requests.delete(e.caller, e.request);
        const c = r.fault;
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
