/**
 * The FFI as one module sees it: the six calls, synchronous, answering with exactly
 * the values a Wasm guest gets (error codes, `bigint` handles, `{ isReady, size }`).
 * Every call is traced here, whichever host answers it, so recording, replay
 * comparison and invariant checks see the same stream for every host.
 */
import { SimAbort } from '../abort.js';
import type { EventSink } from '../events.js';
import type { ModuleRunHost } from '../host/api.js';
import type { ErrorCode } from '../host/codes.js';
import { failure } from '../outcome.js';

export interface GuestFfi {
  /** The module these calls come from. */
  readonly module: string;
  createFunction(fnType: number, module: string, name: string): { readonly code: ErrorCode; readonly handle: bigint };
  removeFunction(handle: bigint): ErrorCode;
  blockingLaunch(handle: bigint, input?: Uint8Array): { readonly code: ErrorCode; readonly request: bigint };
  launch(handle: bigint, input?: Uint8Array): { readonly code: ErrorCode; readonly request: bigint };
  isReady(request: bigint): { readonly code: ErrorCode; readonly isReady: boolean; readonly size: number };
  retrieve(request: bigint, len: number): { readonly code: ErrorCode; readonly output: Uint8Array };
}

const EMPTY: Uint8Array = new Uint8Array(0);

/**
 * Blocking launches that may be unfinished at once, each made from inside the function
 * the previous one launched. A blocking launch waits by running the scheduler on the
 * caller's stack, so each level costs JavaScript stack (a few kilobytes, more with the
 * Wasm frames in between): a function that blocking-launches itself without end would
 * otherwise exhaust it at a depth that depends on V8's compiled code, not on the seed.
 * The limit makes it the same `budget-exhausted` outcome on every run; 64 is far deeper
 * than any call chain a module design needs and far from the stack's end (~350 levels of
 * a small Wasm module on Node's default stack).
 */
export const MAX_BLOCKING_DEPTH = 64;

/** The run's count of unfinished blocking launches, shared by every module's FFI. */
export interface BlockingNesting {
  depth: number;
}

export function bindGuestFfi(host: ModuleRunHost, caller: string, sink: EventSink, now: () => number, nesting: BlockingNesting): GuestFfi {
  const blockingLaunch = (handle: bigint, bytes: Uint8Array) => {
    if (nesting.depth >= MAX_BLOCKING_DEPTH) {
      throw new SimAbort(
        failure('budget-exhausted', `blocking launches nested more than ${MAX_BLOCKING_DEPTH} deep (each made inside the function the previous one launched)`, {
          module: caller,
        }),
      );
    }
    nesting.depth++;
    try {
      return host.blockingLaunch(caller, handle, bytes);
    } finally {
      nesting.depth--;
    }
  };
  const start = (blocking: boolean, handle: bigint, input: Uint8Array) => {
    const at = now();
    // The host keeps its own copy; the trace must show the bytes as they were at the call.
    const bytes = input.slice();
    const r = blocking ? blockingLaunch(handle, bytes) : host.launch(caller, handle, bytes);
    const request = r.code === 0 ? r.value : 0n;
    sink.emit({ t: 'ffi.launch', at, end: now(), caller, blocking, handle, input: bytes, code: r.code, request });
    return { code: r.code, request };
  };
  return {
    module: caller,
    createFunction(fnType, module, name) {
      const at = now();
      const r = host.createFunction(caller, fnType, module, name);
      const handle = r.code === 0 ? r.value : 0n;
      sink.emit({ t: 'ffi.create_function', at, caller, fnType, module, name, code: r.code, handle });
      return { code: r.code, handle };
    },
    removeFunction(handle) {
      const at = now();
      const code = host.removeFunction(caller, handle);
      sink.emit({ t: 'ffi.remove_function', at, caller, handle, code });
      return code;
    },
    blockingLaunch: (handle, input = EMPTY) => start(true, handle, input),
    launch: (handle, input = EMPTY) => start(false, handle, input),
    isReady(request) {
      const at = now();
      const r = host.isReady(caller, request);
      const ready = r.code === 0 ? r.value.ready : false;
      const size = r.code === 0 ? r.value.size : 0;
      sink.emit({ t: 'ffi.is_ready', at, caller, request, code: r.code, ready, size });
      return { code: r.code, isReady: ready, size };
    },
    retrieve(request, len) {
      const at = now();
      const r = host.retrieve(caller, request, len);
      const output = r.code === 0 ? r.value : EMPTY;
      sink.emit({ t: 'ffi.retrieve', at, caller, request, len, code: r.code, output });
      return { code: r.code, output };
    },
  };
}
