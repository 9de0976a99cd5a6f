/**
 * The six `ark-module-run-v0` imports of one Wasm instance, over the GuestFfi of
 * its module. This layer reads and writes the caller's memory; the host sees values.
 *
 * - Pointers and lengths are u32 (`>>> 0`), handles u64 (`BigInt.asUintN(64, h)`).
 * - Every range, out-pointers included, is checked before the host is called, so
 *   a call with a bad pointer has no effect on host state; a range outside memory
 *   or a name that is not strict UTF-8 is InvalidArguments and an `ffi.rejected` event.
 * - Out-values are written only on Success.
 * - The guest never sees a JS exception from the host: the GuestFfi answers one with
 *   InternalError (sim/guest/ffi.ts), and so does this binding for one of its own
 *   (a bug in arksim). What ends the run or the guest (SimAbort, FuelExhaustedError,
 *   a stack overflow, RunEndedError) passes through.
 */
import type { EventSink, FfiCallName } from '../events.js';
import { passesThroughFfi, type GuestFfi } from '../guest/ffi.js';
import { ErrorCode } from '../host/codes.js';
import type { GuestMemory } from './guest-memory.js';

export interface FfiBindingEnv {
  readonly ffi: GuestFfi;
  readonly memory: GuestMemory;
  readonly sink: EventSink;
  now(): number;
}

/** A call the binding answers itself; carries the reason for the `ffi.rejected` event. */
class Rejected {
  constructor(
    readonly reason: string,
    readonly code: ErrorCode = ErrorCode.InvalidArguments,
  ) {}
}

// ignoreBOM: a leading U+FEFF is part of the name the guest passed, not a byte-order mark to drop.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const HANDLE_BYTES = 8;
const IS_READY_BYTES = 8;

const u32 = (v: number): number => v >>> 0;
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
const hex = (v: number): string => `0x${v.toString(16)}`;

export function moduleRunImports(env: FfiBindingEnv): Record<string, (...args: never[]) => number> {
  const { ffi, memory } = env;

  const range = (what: string, ptr: number, len: number): void => {
    if (!memory.contains(ptr, len)) {
      throw new Rejected(`${what} [${hex(ptr)}, +${len}) is outside memory (${memory.size} bytes)`);
    }
  };
  const name = (what: string, ptr: number, len: number): string => {
    range(what, ptr, len);
    try {
      return utf8.decode(memory.read(ptr, len));
    } catch {
      throw new Rejected(`${what} is not valid UTF-8`);
    }
  };

  /** Runs one call; a Rejected or an unexpected exception becomes a code and an event. */
  const guard = (call: FfiCallName, args: readonly (number | bigint)[], body: () => number): number => {
    const at = env.now();
    let rejected: Rejected;
    try {
      return body();
    } catch (e) {
      if (passesThroughFfi(e)) throw e;
      rejected =
        e instanceof Rejected
          ? e
          : new Rejected(`internal error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, ErrorCode.InternalError);
    }
    env.sink.emit({ t: 'ffi.rejected', at, caller: ffi.module, call, args, reason: rejected.reason, code: rejected.code });
    return rejected.code;
  };

  const start = (blocking: boolean) => (rawHandle: bigint, rawPtr: number, rawLen: number, rawOut: number): number => {
    const [handle, ptr, len, out] = [u64(rawHandle), u32(rawPtr), u32(rawLen), u32(rawOut)];
    return guard(blocking ? 'blocking_launch' : 'launch', [handle, ptr, len, out], () => {
      range('input', ptr, len);
      range('out_request_ptr', out, HANDLE_BYTES);
      const input = memory.read(ptr, len);
      const r = blocking ? ffi.blockingLaunch(handle, input) : ffi.launch(handle, input);
      // Nested work may have grown the memory meanwhile; it never shrinks, so `out` is still inside.
      if (r.code === ErrorCode.Success) memory.writeU64(out, r.request);
      return r.code;
    });
  };

  return {
    module_run__create_function: (
      rawType: number,
      rawModulePtr: number,
      rawModuleLen: number,
      rawNamePtr: number,
      rawNameLen: number,
      rawOut: number,
    ): number => {
      const args = [rawType, rawModulePtr, rawModuleLen, rawNamePtr, rawNameLen, rawOut].map(u32);
      const [fnType, modulePtr, moduleLen, namePtr, nameLen, out] = args as [number, number, number, number, number, number];
      return guard('create_function', args, () => {
        range('fn_module', modulePtr, moduleLen);
        range('fn_name', namePtr, nameLen);
        range('out_fn_handle_ptr', out, HANDLE_BYTES);
        const module = name('fn_module', modulePtr, moduleLen);
        const fn = name('fn_name', namePtr, nameLen);
        // fn_type goes to the host as given: rejecting values outside the enum is its job.
        const r = ffi.createFunction(fnType, module, fn);
        if (r.code === ErrorCode.Success) memory.writeU64(out, r.handle);
        return r.code;
      });
    },
    module_run__remove_function: (rawHandle: bigint): number => {
      const handle = u64(rawHandle);
      return guard('remove_function', [handle], () => ffi.removeFunction(handle));
    },
    module_run__blocking_launch: start(true),
    module_run__launch: start(false),
    module_run__is_ready: (rawRequest: bigint, rawOut: number): number => {
      const [request, out] = [u64(rawRequest), u32(rawOut)];
      return guard('is_ready', [request, out], () => {
        range('out_is_ready_ptr', out, IS_READY_BYTES);
        const r = ffi.isReady(request);
        if (r.code === ErrorCode.Success) memory.writeIsReady(out, r.isReady, r.size);
        return r.code;
      });
    },
    module_run__retrieve: (rawRequest: bigint, rawPtr: number, rawLen: number): number => {
      const [request, ptr, len] = [u64(rawRequest), u32(rawPtr), u32(rawLen)];
      return guard('retrieve', [request, ptr, len], () => {
        range('out_buffer', ptr, len);
        const r = ffi.retrieve(request, len);
        // The host answers Success only for len == size; never write past the checked range.
        if (r.code === ErrorCode.Success) memory.write(ptr, r.output.subarray(0, len));
        return r.code;
      });
    },
  };
}
