/**
 * What a reader of one event needs from the events before it: which function a handle
 * names, and which module a request runs in. Fed the events in order, once.
 */
import type { RequestLaunchedEvent, TraceEvent } from '../../sim/events.js';

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
  private readonly requests = new Map<bigint, RequestInfo>();

  /** Takes in `e`; call it for every event, in trace order, before describing the next. */
  observe(e: TraceEvent): void {
    if (e.t === 'ffi.create_function' && e.code === 0) {
      this.functions.set(key(e.caller, e.handle), `${e.module}.${e.name}`);
    } else if (e.t === 'req.launched') {
      this.requests.set(e.request, requestInfo(e));
    }
  }

  /** `worker.work` for a handle `caller` created, if it did. */
  functionName(caller: string, handle: bigint): string | undefined {
    return this.functions.get(key(caller, handle));
  }

  /** The latest launch of `request` seen so far. */
  request(request: bigint): RequestInfo | undefined {
    return this.requests.get(request);
  }
}

function key(caller: string, handle: bigint): string {
  return `${caller}\u0000${handle}`;
}

function requestInfo(e: RequestLaunchedEvent): RequestInfo {
  return { request: e.request, caller: e.caller, module: e.module, fn: e.fn, blocking: e.blocking, launchedAt: e.at, due: e.due };
}
