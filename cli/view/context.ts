/**
 * What a reader of one event needs from the events before it: which function a handle
 * names, and which module a request runs in. Fed the events in order, once.
 */
import type { RequestLaunchedEvent, TraceEvent } from '../../sim/events.js';
import { FunctionSource } from '../../sim/host/codes.js';

/** A request as `req.launched` described it. */
export interface RequestInfo {
  readonly request: bigint;
  readonly caller: string;
  readonly module: string;
  readonly fn: string;
  readonly blocking: boolean;
  readonly launchedAt: number;
  readonly due: number;
}

export class TraceContext {
  private readonly functions = new Map<string, string>();
  /** By value: `req.completed` and `module.fault` name only that. */
  private readonly requests = new Map<bigint, RequestInfo>();
  /** By caller and value: a host may number each module's requests on its own, and FFI calls name their caller. */
  private readonly callerRequests = new Map<string, RequestInfo>();

  /** A context that has seen the same events, to go on with other ones (`diff`: each side's events from the divergence on). */
  copy(): TraceContext {
    const c = new TraceContext();
    for (const [k, v] of this.functions) c.functions.set(k, v);
    for (const [k, v] of this.requests) c.requests.set(k, v);
    for (const [k, v] of this.callerRequests) c.callerRequests.set(k, v);
    return c;
  }

  /** Takes in `e`; call it for every event, in trace order, before describing the next. */
  observe(e: TraceEvent): void {
    if (e.t === 'ffi.create_function' && e.code === 0) {
      // OwnModule ignores the module name passed with it: the function is the caller's.
      const module = e.fnType === FunctionSource.OwnModule ? e.caller : e.module;
      this.functions.set(key(e.caller, e.handle), `${module}.${e.name}`);
    } else if (e.t === 'req.launched') {
      const info = requestInfo(e);
      this.requests.set(e.request, info);
      this.callerRequests.set(key(e.caller, e.request), info);
    }
  }

  /** `worker.work` for a handle `caller` created, if it did. */
  functionName(caller: string, handle: bigint): string | undefined {
    return this.functions.get(key(caller, handle));
  }

  /**
   * The latest launch of `request` seen so far: `caller`'s own when it is given and has
   * one (another module may have a request of the same value), else any module's.
   */
  request(request: bigint, caller?: string): RequestInfo | undefined {
    return (caller === undefined ? undefined : this.callerRequests.get(key(caller, request))) ?? this.requests.get(request);
  }
}

function key(caller: string, handle: bigint): string {
  return `${caller}\u0000${handle}`;
}

function requestInfo(e: RequestLaunchedEvent): RequestInfo {
  return { request: e.request, caller: e.caller, module: e.module, fn: e.fn, blocking: e.blocking, launchedAt: e.at, due: e.due };
}
