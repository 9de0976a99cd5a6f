/**
 * errors=eager|deferred: where a launch error reaches the caller (ABI.md part 2).
 *
 * deferred: "launch succeeds; is_ready becomes true with size 0 and retrieve returns
 * the code", so `launch` and `blocking_launch` never return NotFound or InternalError,
 * and a request that fails reads ready with size 0.
 *
 * eager: an error known when the launch returns is returned by it. NotFound is known
 * then (whether the function exists is a launch-time question), so it never comes from
 * `retrieve`; a blocking launch returns after its function finished, so its failure
 * never comes from `retrieve` either; and an injected fault or NotFound never fails a
 * request an async launch handed out. An async launch of a function that exists and
 * then fails still succeeds: that InternalError can only come from `retrieve`.
 *
 * Judged from the FFI events, for every host, except the injected fault of an async
 * launch: only the host's own `module.fault` (kind `injected`) tells it from the
 * function failing, so a host that reports none is not judged on it.
 */
import type { LaunchEvent, ModuleFaultEvent, RequestLaunchedEvent, RetrieveEvent, TraceEvent } from '../../events.js';
import { ErrorCode } from '../../host/codes.js';
import type { ErrorTiming } from '../../host/policies.js';
import { PerCaller } from '../per-caller.js';
import { launchCall, launchOf, type PolicyChecker } from './checker.js';

/** A request a launch handed out, until a retrieve consumes it. */
interface HandedOut {
  readonly blocking: boolean;
  /** What is_ready said once the request was ready. */
  size: number | undefined;
}

/** A request the host reported with `req.launched`. */
interface Reported {
  readonly launched: RequestLaunchedEvent;
}

/** The launch errors the policy places: the only codes a launch error can be. */
function launchError(code: number): 'NotFound' | 'InternalError' | undefined {
  if (code === ErrorCode.NotFound) return 'NotFound';
  return code === ErrorCode.InternalError ? 'InternalError' : undefined;
}

const consumes = (code: number): boolean =>
  code === ErrorCode.Success || code === ErrorCode.NotFound || code === ErrorCode.InternalError;

export class ErrorTimingChecker implements PolicyChecker {
  readonly policy = 'errors' as const;
  private readonly handedOut = new PerCaller<HandedOut>();
  /** eager only: requests the host reported, to tell which one a `module.fault` fails. */
  private readonly reported = new PerCaller<Reported>();

  constructor(private readonly errors: ErrorTiming) {}

  observe(e: TraceEvent): string | undefined {
    switch (e.t) {
      case 'ffi.launch':
        return this.launch(e);
      case 'ffi.is_ready': {
        const r = e.code === ErrorCode.Success && e.ready ? this.handedOut.get(e.caller, e.request) : undefined;
        if (r !== undefined) r.size = e.size;
        return undefined;
      }
      case 'ffi.retrieve':
        return this.retrieve(e);
      case 'req.launched':
        if (this.errors === 'eager') {
          this.reported.set(e.caller, e.request, { launched: e });
        }
        return undefined;
      case 'req.completed':
        if (this.errors === 'eager') this.reported.delete(e.caller, e.request);
        return undefined;
      case 'module.fault':
        return this.errors === 'eager' ? this.fault(e) : undefined;
      default:
        return undefined;
    }
  }

  private launch(e: LaunchEvent): string | undefined {
    if (e.code === ErrorCode.Success) {
      this.handedOut.set(e.caller, e.request, { blocking: e.blocking, size: undefined });
      return undefined;
    }
    const error = launchError(e.code);
    if (error === undefined || this.errors !== 'deferred') return undefined;
    return `${launchCall(e.blocking)} returned ${error} at t=${e.at} under errors=deferred (the error must come from retrieve)`;
  }

  private retrieve(e: RetrieveEvent): string | undefined {
    const r = this.handedOut.get(e.caller, e.request);
    if (consumes(e.code)) this.handedOut.delete(e.caller, e.request);
    const error = launchError(e.code);
    if (error === undefined) return undefined;
    if (this.errors === 'deferred') {
      if (r?.size === undefined || r.size === 0) return undefined;
      return `retrieve returned ${error} at t=${e.at} after is_ready said size ${r.size} under errors=deferred (a failed request reads ready with size 0)`;
    }
    if (error === 'NotFound') return `retrieve returned NotFound at t=${e.at} under errors=eager (the launch must return it)`;
    if (r?.blocking === true) {
      return `retrieve returned InternalError at t=${e.at} for a request of blocking_launch under errors=eager (the blocking_launch must return it)`;
    }
    return undefined;
  }

  private fault(e: ModuleFaultEvent): string | undefined {
    if (e.kind !== 'injected' && e.kind !== 'not-found') return undefined;
    // The reference host names no request (0) here: the launch returned the error.
    const r = this.reported.get(e.caller, e.request);
    if (r === undefined || r.launched.blocking) return undefined;
    const what = e.kind === 'injected' ? 'an injected fault' : 'NotFound';
    const code = e.kind === 'injected' ? 'InternalError' : 'NotFound';
    return `${launchOf(r.launched)} handed out a request that failed with ${what} at t=${e.at} under errors=eager (the launch must return ${code})`;
  }
}
