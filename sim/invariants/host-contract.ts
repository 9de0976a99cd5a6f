/**
 * The host invariants of ABI.md part 2, checked on every run from the FFI events
 * alone, so they hold a host under test to the contract whatever its internals.
 * Messages name no handle values or times: a shrunk run fails "the same way".
 */
import type { TraceEvent } from '../events.js';
import { ErrorCode } from '../host/codes.js';
import type { Invariant, InvariantChecker } from './invariant.js';
import { PerCaller } from './per-caller.js';
import { HandleSet } from '../handle-map.js';

interface RequestView {
  ready: boolean;
  size: number | undefined;
  blocking: boolean;
}

/**
 * What the checker knows about one (caller, handle): as a function handle, whether it
 * was removed; as a request, its view until consumed. One record per key, so an FFI
 * event costs one lookup; the fields stay separate because a broken host may reuse a
 * value for both kinds.
 */
interface Slot {
  removed: boolean;
  request: RequestView | undefined;
  consumed: boolean;
}

class HostContractChecker implements InvariantChecker {
  /**
   * Handles issued, per kind: ABI.md asks that handles be unique, not that function and
   * request handles share one number space (the reference host's choice, not the contract).
   */
  private readonly issued = { function: new HandleSet(), request: new HandleSet() };
  private readonly slots = new PerCaller<Slot>();

  observe(e: TraceEvent): string | undefined {
    switch (e.t) {
      case 'ffi.create_function':
        if (e.code === ErrorCode.Success) return this.issue('function', e.handle);
        return undefined;
      case 'ffi.remove_function': {
        const slot = this.slots.get(e.caller, e.handle);
        if (slot?.removed === true && e.code !== ErrorCode.InvalidArguments) {
          return 'removed-handle-honoured: remove_function accepted a function handle already removed';
        }
        if (e.code === ErrorCode.Success) this.slot(e.caller, e.handle, slot).removed = true;
        return undefined;
      }
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

  private slot(caller: string, handle: bigint, found: Slot | undefined): Slot {
    if (found !== undefined) return found;
    const slot: Slot = { removed: false, request: undefined, consumed: false };
    this.slots.set(caller, handle, slot);
    return slot;
  }

  private issue(kind: 'function' | 'request', handle: bigint): string | undefined {
    if (handle === 0n) return 'handle-nonzero: the host issued handle 0';
    if (this.issued[kind].has(handle)) return 'handle-unique: the host issued the same handle twice';
    this.issued[kind].add(handle);
    return undefined;
  }

  private launch(caller: string, handle: bigint, code: number, request: bigint, blocking: boolean): string | undefined {
    if (this.slots.get(caller, handle)?.removed === true && code !== ErrorCode.InvalidArguments) {
      return 'removed-handle-honoured: a launch with a removed function handle was not InvalidArguments';
    }
    if (code !== ErrorCode.Success) return undefined;
    const v = this.issue('request', request);
    if (v !== undefined) return v;
    this.slot(caller, request, this.slots.get(caller, request)).request = { ready: false, size: undefined, blocking };
    return undefined;
  }

  private isReady(caller: string, request: bigint, code: number, ready: boolean, size: number): string | undefined {
    const slot = this.slots.get(caller, request);
    if (slot === undefined) return undefined;
    if (slot.consumed && code !== ErrorCode.InvalidArguments) {
      return 'consumed-handle-honoured: is_ready answered for a consumed request';
    }
    const r = slot.request;
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
    const slot = this.slots.get(caller, request);
    if (slot === undefined) return undefined;
    if (slot.consumed && code !== ErrorCode.InvalidArguments) {
      return 'consumed-handle-honoured: retrieve answered for a consumed request';
    }
    const r = slot.request;
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
      slot.request = undefined;
      slot.consumed = true;
    }
    return undefined;
  }
}

export const hostContract: Invariant = {
  name: 'host-contract',
  description: 'ABI.md part 2: handles unique and nonzero, readiness monotonic, sizes exact, consumed/removed handles dead',
  observes: ['ffi.create_function', 'ffi.remove_function', 'ffi.launch', 'ffi.is_ready', 'ffi.retrieve'],
  create: () => new HostContractChecker(),
};
