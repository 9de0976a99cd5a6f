/**
 * The FFI as one module sees it: the six calls, synchronous, answering with exactly
 * the values a Wasm guest gets (error codes, `bigint` handles, `{ isReady, size }`).
 * Every call is traced here, whichever host answers it, so recording, replay
 * comparison and invariant checks see the same stream for every host.
 *
 * This is also where every caller (TS guest, JS module, the Wasm binding on top) meets
 * the contract's "the host never throws into the guest":
 * - an argument a Wasm guest's binding could not pass (see ffi-arguments.ts), or a
 *   payload larger than a trace records, is InvalidArguments and an `ffi.rejected`
 *   event, and the host never sees the call;
 * - an exception the host throws is InternalError and an `ffi.rejected` event
 *   ("internal error: ..."); SimAbort (the run ends), FuelExhaustedError (the Wasm
 *   caller ends) and a stack overflow (the run ends, see sim/stack.ts) pass through.
 * So every event emitted here is recordable. A call made after the run ended throws
 * RunEndedError.
 */
import { isSimAbort, SimAbort } from '../abort.js';
import { copyBytes } from '../bytes.js';
import type { EventSink, FfiCallName } from '../events.js';
import type { ModuleRunHost } from '../host/api.js';
import { ErrorCode } from '../host/codes.js';
import { failure } from '../outcome.js';
import { isStackOverflow } from '../stack.js';
import { eventText } from '../text.js';
import { isFuelExhausted } from '../wasm/fuel-host.js';
import { badBytesAnswer, badCodeAnswer, badHandleAnswer, badReadyAnswer } from './host-answers.js';
import { notName, notPayload, notU32, notU64, recordedArg } from './ffi-arguments.js';

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

/** Whether the run has ended, shared by every module's FFI; the run's context sets it. */
export interface RunStatus {
  readonly closed: boolean;
}

/**
 * An FFI call made after its run ended, by a guest or module that kept its `ffi`. Thrown
 * to the caller: there is no host left to answer and no trace to record the call in.
 */
export class RunEndedError extends Error {
  override readonly name = 'RunEndedError';
  constructor(
    readonly module: string,
    readonly call: FfiCallName,
  ) {
    super(`module ${module} called ${call} after its run ended: an ffi belongs to one run (use the one each run passes)`);
  }
}

/**
 * What an FFI call lets through to its caller instead of answering with an error code:
 * what ends the run (SimAbort, a stack overflow), the guest's call (FuelExhaustedError)
 * or a call that came too late (RunEndedError). The GuestFfi and the Wasm binding share it.
 */
export function passesThroughFfi(e: unknown): boolean {
  return isSimAbort(e) || isFuelExhausted(e) || isStackOverflow(e) || e instanceof RunEndedError;
}

export function bindGuestFfi(
  host: ModuleRunHost,
  caller: string,
  sink: EventSink,
  now: () => number,
  nesting: BlockingNesting,
  status: RunStatus,
): GuestFfi {
  const open = (call: FfiCallName): void => {
    if (status.closed) throw new RunEndedError(caller, call);
  };
  /** Answers a call without the host; `args` as the caller passed them. */
  const reject = (call: FfiCallName, at: number, args: readonly unknown[], reason: string, code: ErrorCode = ErrorCode.InvalidArguments): ErrorCode => {
    sink.emit({ t: 'ffi.rejected', at, caller, call, args: args.map(recordedArg), reason: eventText(reason), code });
    return code;
  };
  /** What the host threw, as the caller's InternalError; what ends the run or the caller passes through. */
  const hostThrew = (call: FfiCallName, at: number, args: readonly unknown[], e: unknown): ErrorCode => {
    if (passesThroughFfi(e)) throw e;
    return reject(call, at, args, `internal error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, ErrorCode.InternalError);
  };
  /** A malformed host answer, as the caller's InternalError (see host-answers.ts). */
  const hostMisanswered = (call: FfiCallName, at: number, args: readonly unknown[], why: string): ErrorCode =>
    reject(call, at, args, `internal error: the host answered ${call} with ${why}`, ErrorCode.InternalError);
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
    const call = blocking ? 'blocking_launch' : 'launch';
    open(call);
    const at = now();
    const refused = notU64('fn_handle', handle) ?? notPayload('input', input);
    if (refused !== undefined) return { code: reject(call, at, [handle, input], refused), request: 0n };
    // The host keeps its own copy; the trace must show the bytes as they were at the call.
    const bytes = copyBytes(input);
    let r;
    try {
      r = blocking ? blockingLaunch(handle, bytes) : host.launch(caller, handle, bytes);
    } catch (e) {
      return { code: hostThrew(call, at, [handle, input], e), request: 0n };
    }
    const bad = badHandleAnswer(r);
    if (bad !== undefined) return { code: hostMisanswered(call, at, [handle, input], bad), request: 0n };
    const request = r.code === 0 ? r.value : 0n;
    sink.emit({ t: 'ffi.launch', at, end: now(), caller, blocking, handle, input: bytes, code: r.code, request });
    return { code: r.code, request };
  };
  return {
    module: caller,
    createFunction(fnType, module, name) {
      open('create_function');
      const at = now();
      const args = [fnType, module, name];
      const refused = notU32('fn_type', fnType) ?? notName('fn_module', module) ?? notName('fn_name', name);
      if (refused !== undefined) return { code: reject('create_function', at, args, refused), handle: 0n };
      let r;
      try {
        r = host.createFunction(caller, fnType, module, name);
      } catch (e) {
        return { code: hostThrew('create_function', at, args, e), handle: 0n };
      }
      const bad = badHandleAnswer(r);
      if (bad !== undefined) return { code: hostMisanswered('create_function', at, args, bad), handle: 0n };
      const handle = r.code === 0 ? r.value : 0n;
      sink.emit({ t: 'ffi.create_function', at, caller, fnType, module, name, code: r.code, handle });
      return { code: r.code, handle };
    },
    removeFunction(handle) {
      open('remove_function');
      const at = now();
      const refused = notU64('fn_handle', handle);
      if (refused !== undefined) return reject('remove_function', at, [handle], refused);
      let code;
      try {
        code = host.removeFunction(caller, handle);
      } catch (e) {
        return hostThrew('remove_function', at, [handle], e);
      }
      const bad = badCodeAnswer(code);
      if (bad !== undefined) return hostMisanswered('remove_function', at, [handle], bad);
      sink.emit({ t: 'ffi.remove_function', at, caller, handle, code });
      return code;
    },
    blockingLaunch: (handle, input = EMPTY) => start(true, handle, input),
    launch: (handle, input = EMPTY) => start(false, handle, input),
    isReady(request) {
      open('is_ready');
      const at = now();
      const refused = notU64('request', request);
      if (refused !== undefined) return { code: reject('is_ready', at, [request], refused), isReady: false, size: 0 };
      let r;
      try {
        r = host.isReady(caller, request);
      } catch (e) {
        return { code: hostThrew('is_ready', at, [request], e), isReady: false, size: 0 };
      }
      const bad = badReadyAnswer(r);
      if (bad !== undefined) return { code: hostMisanswered('is_ready', at, [request], bad), isReady: false, size: 0 };
      const ready = r.code === 0 ? r.value.ready : false;
      const size = r.code === 0 ? r.value.size : 0;
      sink.emit({ t: 'ffi.is_ready', at, caller, request, code: r.code, ready, size });
      return { code: r.code, isReady: ready, size };
    },
    retrieve(request, len) {
      open('retrieve');
      const at = now();
      const refused = notU64('request', request) ?? notU32('out_buffer_len', len);
      if (refused !== undefined) return { code: reject('retrieve', at, [request, len], refused), output: EMPTY };
      let r;
      try {
        r = host.retrieve(caller, request, len);
      } catch (e) {
        return { code: hostThrew('retrieve', at, [request, len], e), output: EMPTY };
      }
      const bad = badBytesAnswer(r);
      if (bad !== undefined) return { code: hostMisanswered('retrieve', at, [request, len], bad), output: EMPTY };
      const output = r.code === 0 ? r.value : EMPTY;
      sink.emit({ t: 'ffi.retrieve', at, caller, request, len, code: r.code, output });
      // The caller gets its own copy: the events (req.completed, ffi.retrieve) keep these
      // bytes, and a TS guest may write into what it got (events never change once emitted).
      return { code: r.code, output: output.length === 0 ? EMPTY : copyBytes(output) };
    },
  };
}
