import { HandleMap } from '../handle-map.js';
import { PerCaller } from './per-caller.js';

/** What an invariant keeps per launched request; `shared` is set here (see below). */
export interface LaunchedState {
  /** Another module's request had the same value while this one was in flight: `req.*` events cannot tell them apart. */
  shared: boolean;
}

/**
 * Per-request state for invariants that follow the host's `req.*` events. A request
 * handle means something only to the module that launched it, and a host may number
 * each module's requests on its own, so two modules' requests can have the same value.
 * `req.launched` and the `ffi.*` calls name the caller, and state is kept per (caller,
 * request); `req.completed` and `module.fault` name only the value, and are resolved
 * through the requests launched with that value and not yet completed. One such request
 * (always, when every module's handles differ, as the reference host's do): it is that
 * one. Several: those events cannot say which one they are about, so every request that
 * shared the value in flight is marked `shared` for good, and checks that need to know
 * skip it rather than guess.
 *
 * Cost: a launch is one keyed write and one lookup more than a map by value alone; a
 * completion, a lookup and a delete.
 */
export class LaunchedRequests<V extends LaunchedState> {
  private readonly byCaller = new PerCaller<V>();
  /** Launched, not yet completed, by value: one request, or those that shared the value. */
  private readonly inFlight = new HandleMap<V | V[]>();

  /** A `req.launched` event. */
  launched(caller: string, request: bigint, state: V): void {
    this.byCaller.set(caller, request, state);
    const other = this.inFlight.get(request);
    if (other === undefined) {
      this.inFlight.set(request, state);
      return;
    }
    const group = Array.isArray(other) ? other : [other];
    group.push(state);
    for (const s of group) s.shared = true;
    if (group !== other) this.inFlight.set(request, group);
  }

  /** `caller`'s request, as its `ffi.*` calls name it. */
  get(caller: string, request: bigint): V | undefined {
    return this.byCaller.get(caller, request);
  }

  /** The request in flight with this value (for `module.fault`), unless there is none or several. */
  inFlightWith(request: bigint): V | undefined {
    const found = this.inFlight.get(request);
    return found === undefined || Array.isArray(found) ? undefined : found;
  }

  /**
   * A `req.completed` event: the request it completes, unless there is none or several
   * in flight with the value. Either way one of those is no longer in flight; while any
   * of several is, the value stays shared, so a request launched with it is too.
   */
  completed(request: bigint): V | undefined {
    const found = this.inFlight.get(request);
    if (found === undefined) return undefined;
    if (!Array.isArray(found)) {
      this.inFlight.delete(request);
      return found;
    }
    found.pop();
    if (found.length === 0) this.inFlight.delete(request);
    return undefined;
  }
}
