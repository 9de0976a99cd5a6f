/**
 * At the end of the run, every request the given modules launched successfully has been
 * consumed by a retrieve (its result or its error): nothing launched was lost or left
 * behind, by the host or by the scenario.
 */
import type { TraceEvent } from '../../sim/events.js';
import { ErrorCode } from '../../sim/host/codes.js';
import type { Invariant, InvariantChecker } from '../../sim/invariants/invariant.js';

const NAME = 'all-retrieved';
const key = (caller: string, h: bigint): string => `${caller}\u0000${h}`;
const CONSUMING: readonly number[] = [ErrorCode.Success, ErrorCode.NotFound, ErrorCode.InternalError];

class Checker implements InvariantChecker {
  private readonly open = new Map<string, string>();
  constructor(private readonly callers: readonly string[]) {}

  observe(e: TraceEvent): string | undefined {
    if (!this.callers.includes(e.t === 'ffi.launch' || e.t === 'ffi.retrieve' ? e.caller : '')) return undefined;
    if (e.t === 'ffi.launch' && e.code === ErrorCode.Success) this.open.set(key(e.caller, e.request), e.caller);
    if (e.t === 'ffi.retrieve' && CONSUMING.includes(e.code)) this.open.delete(key(e.caller, e.request));
    return undefined;
  }

  finish(): string | undefined {
    if (this.open.size === 0) return undefined;
    const by = [...new Set(this.open.values())].join(', ');
    return `${NAME}: ${this.open.size} request(s) launched by ${by} were never retrieved`;
  }
}

/** Every request launched by one of `callers` is retrieved by the end of the run. */
export function allRetrieved(...callers: readonly string[]): Invariant {
  return {
    name: NAME,
    description: `every request launched by ${callers.join(', ')} is retrieved by the end`,
    create: () => new Checker(callers),
  };
}
