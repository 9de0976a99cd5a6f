/**
 * The host's answers agree with its own completions: no request reads as ready (or
 * hands out a result) before its `req.completed`, and none reads as not ready after it.
 * Only requests the host reported with `req.launched` are checked, so a host that emits
 * no `req.*` events is not held to it.
 */
import type { TraceEvent } from '../../sim/events.js';
import { codeName, ErrorCode } from '../../sim/host/codes.js';
import type { Invariant, InvariantChecker } from '../../sim/invariants/invariant.js';
import { HandleMap } from '../../sim/handle-map.js';

const NAME = 'ready-after-completion';

class Checker implements InvariantChecker {
  /** Launched requests: true once completed. */
  private readonly done = new HandleMap<boolean>();

  observe(e: TraceEvent): string | undefined {
    switch (e.t) {
      case 'req.launched':
        this.done.set(e.request, false);
        return undefined;
      case 'req.completed':
        this.done.set(e.request, true);
        return undefined;
      case 'ffi.is_ready': {
        const done = this.done.get(e.request);
        if (done === undefined || e.code !== ErrorCode.Success) return undefined;
        if (e.ready && !done) return `${NAME}: is_ready said ready before the request completed`;
        if (!e.ready && done) return `${NAME}: is_ready said not ready after the request completed`;
        return undefined;
      }
      case 'ffi.retrieve': {
        const done = this.done.get(e.request);
        if (done === undefined) return undefined;
        if (!done && e.code !== ErrorCode.Unavailable && e.code !== ErrorCode.InvalidArguments) {
          return `${NAME}: retrieve answered ${codeName(e.code)} before the request completed (expected Unavailable)`;
        }
        if (done && e.code === ErrorCode.Unavailable) return `${NAME}: retrieve said Unavailable after the request completed`;
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
