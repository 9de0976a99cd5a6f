/**
 * The host's answers agree with its own completions: no request reads as ready (or
 * hands out a result) before its `req.completed`, and none reads as not ready after it.
 * Only requests the host reported with `req.launched` are checked, so a host that emits
 * no `req.*` events is not held to it.
 */
import type { TraceEvent } from '../../sim/events.js';
import { codeName, ErrorCode } from '../../sim/host/codes.js';
import type { Invariant, InvariantChecker } from '../../sim/invariants/invariant.js';
import { PerCaller } from '../../sim/invariants/per-caller.js';

const NAME = 'ready-after-completion';

interface Launched {
  done: boolean;
}

class Checker implements InvariantChecker {
  /** Launched requests, per caller: a host may number each module's requests on its own. */
  private readonly requests = new PerCaller<Launched>();

  observe(e: TraceEvent): string | undefined {
    switch (e.t) {
      case 'req.launched':
        this.requests.set(e.caller, e.request, { done: false });
        return undefined;
      case 'req.completed': {
        const r = this.requests.get(e.caller, e.request);
        if (r !== undefined) r.done = true;
        return undefined;
      }
      case 'ffi.is_ready': {
        const r = this.requests.get(e.caller, e.request);
        if (r === undefined || e.code !== ErrorCode.Success) return undefined;
        if (e.ready && !r.done) return `${NAME}: is_ready said ready before the request completed`;
        if (!e.ready && r.done) return `${NAME}: is_ready said not ready after the request completed`;
        return undefined;
      }
      case 'ffi.retrieve': {
        const r = this.requests.get(e.caller, e.request);
        if (r === undefined) return undefined;
        if (!r.done && e.code !== ErrorCode.Unavailable && e.code !== ErrorCode.InvalidArguments) {
          return `${NAME}: retrieve answered ${codeName(e.code)} before the request completed (expected Unavailable)`;
        }
        if (r.done && e.code === ErrorCode.Unavailable) return `${NAME}: retrieve said Unavailable after the request completed`;
        return undefined;
      }
      default:
        return undefined;
    }
  }
}

export const readyAfterCompletion: Invariant = {
  name: NAME,
  description: "is_ready and retrieve agree with the host's own req.completed events",
  observes: ['req.launched', 'req.completed', 'ffi.is_ready', 'ffi.retrieve'],
  create: () => new Checker(),
};
