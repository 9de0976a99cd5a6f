/**
 * The host invariants of ABI.md part 2, checked on every run from the FFI events
 * alone, so they hold a host under test to the contract whatever its internals.
 * Messages name no handle values or times: a shrunk run fails "the same way".
 */
import type { TraceEvent } from '../events.js';
import { ErrorCode } from '../host/codes.js';
import type { Invariant, InvariantChecker } from './invariant.js';
import { PerCaller } from './per-caller.js';

interface RequestView {
  ready: boolean;
  size: number | undefined;
  blocking: boolean;
}


class HostContractChecker implements InvariantChecker {
  private readonly issued = new Set<bigint>();
  private readonly requests = new PerCaller<RequestView>();
  private readonly consumed = new PerCaller<true>();
  private readonly removed = new PerCaller<true>();

  observe(e: TraceEvent): string | undefined {
    switch (e.t) {
      case 'ffi.create_function':
        if (e.code === ErrorCode.Success) return this.issue(e.handle);
        return undefined;
      case 'ffi.remove_function':
        if (this.removed.has(e.caller, e.handle) && e.code !== ErrorCode.InvalidArguments) {
          return 'removed-handle-honoured: remove_function accepted a function handle already removed';
        }
        if (e.code === ErrorCode.Success) this.removed.set(e.caller, e.handle, true);
        return undefined;
      case 'ffi.launch':
        return this.launch(e.caller, e.handle, e.code, e.request, e.blocking);
      case 'ffi.is_ready':
        return this.isReady(e.caller, e.request, e.code, e.ready, e.size);
      case 'ffi.retrieve':
        return this.retrieve(e.caller, e.request, e.code, e.len, e.output.length);
      default:
        return undefined;
    }
  }

  private issue(handle: bigint): string | undefined {
    if (handle === 0n) return 'handle-nonzero: the host issued handle 0';
    if (this.issued.has(handle)) return 'handle-unique: the host issued the same handle twice';
    this.issued.add(handle);
    return undefined;
  }

  private launch(caller: string, handle: bigint, code: number, request: bigint, blocking: boolean): string | undefined {
    if (this.removed.has(caller, handle) && code !== ErrorCode.InvalidArguments) {
      return 'removed-handle-honoured: a launch with a removed function handle was not InvalidArguments';
    }
    if (code !== ErrorCode.Success) return undefined;
    const v = this.issue(request);
    if (v !== undefined) return v;
    this.requests.set(caller, request, { ready: false, size: undefined, blocking });
    return undefined;
  }

  private isReady(caller: string, request: bigint, code: number, ready: boolean, size: number): string | undefined {
    if (this.consumed.has(caller, request) && code !== ErrorCode.InvalidArguments) {
      return 'consumed-handle-honoured: is_ready answered for a consumed request';
    }
    const r = this.requests.get(caller, request);
    if (r === undefined || code !== ErrorCode.Success) return undefined;
    if (r.blocking && !ready) return 'blocking-ready: a request from blocking_launch was not ready when the call returned';
    if (r.ready && !ready) return 'ready-monotonic: is_ready went back to false';
    if (r.ready && r.size !== size) return 'size-stable: is_ready changed size after the request was ready';
    if (ready) {
      r.ready = true;
      r.size = size;
    }
    return undefined;
  }

  private retrieve(caller: string, request: bigint, code: number, len: number, bytes: number): string | undefined {
    if (this.consumed.has(caller, request) && code !== ErrorCode.InvalidArguments) {
      return 'consumed-handle-honoured: retrieve answered for a consumed request';
    }
    const r = this.requests.get(caller, request);
    if (r === undefined) return undefined;
    if (code === ErrorCode.Unavailable && (r.ready || r.blocking)) {
      return 'ready-means-retrievable: retrieve returned Unavailable after is_ready said ready';
    }
    if (code === ErrorCode.Success) {
      if (bytes !== len) return 'size-matches-output: retrieve returned a different number of bytes than the buffer';
      if (r.size !== undefined && r.size !== bytes) {
        return 'size-matches-output: retrieve returned a different number of bytes than is_ready reported';
      }
    }
    if (code === ErrorCode.Success || code === ErrorCode.NotFound || code === ErrorCode.InternalError) {
      this.requests.delete(caller, request);
      this.consumed.set(caller, request, true);
    }
    return undefined;
  }

  finish(): string | undefined {
    return undefined;
  }
}

export const hostContract: Invariant = {
  name: 'host-contract',
  description: 'ABI.md part 2: handles unique and nonzero, readiness monotonic, sizes exact, consumed/removed handles dead',
  observes: ['ffi.create_function', 'ffi.remove_function', 'ffi.launch', 'ffi.is_ready', 'ffi.retrieve'],
  create: () => new HostContractChecker(),
};
