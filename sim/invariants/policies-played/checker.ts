/**
 * What each policy's checker is: one run's events in, a violation's detail out (the
 * invariant puts its name and the checker's policy in front). Calls are named as ABI.md names them.
 */
import type { RequestLaunchedEvent, TraceEvent } from '../../events.js';
import { codeName, ErrorCode } from '../../host/codes.js';

/** The policy a checker judges, as `Policies` names it: part of its failures' message and signature. */
export type PolicyName = 'errors' | 'handles' | 'latency' | 'faults';

export interface PolicyChecker {
  readonly policy: PolicyName;
  /** A violation's detail, or undefined. */
  observe(event: TraceEvent): string | undefined;
  /** What only the whole run shows; called once, at its end. */
  finish?(): string | undefined;
}

/** `launch` or `blocking_launch`, the call an `ffi.launch` or `req.launched` event is about. */
export function launchCall(blocking: boolean): string {
  return blocking ? 'blocking_launch' : 'launch';
}

/** The launch a reported request came from, as messages name it: `launch of worker::echo at t=0`. */
export function launchOf(e: RequestLaunchedEvent): string {
  return `${launchCall(e.blocking)} of ${e.module}::${e.fn} at t=${e.at}`;
}

/** A code as messages name it: `NotFound`, not `NotFound (6)` (the codes a request ends with; others as codeName). */
export function codeWord(code: number): string {
  if (code === ErrorCode.Success) return 'Success';
  if (code === ErrorCode.NotFound) return 'NotFound';
  return code === ErrorCode.InternalError ? 'InternalError' : codeName(code);
}
