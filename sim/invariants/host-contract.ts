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

/**
 * What the checker knows about one (caller, handle): as a function handle, whether it
 * was issued and whether removed; as a request, its view until consumed. One record per
 * key, so an FFI event costs one lookup; the fields stay separate because a host may
 * give a function handle and a request the same value (ABI.md does not put the two
 * kinds in one number space).
 */
interface Slot {
  created: boolean;
  removed: boolean;
  request: RequestView | undefined;
  consumed: boolean;
}

const NONZERO = 'handle-nonzero: the host issued handle 0';
// Worded before uniqueness became per module, and kept: saved traces' outcomes hold this text.
const UNIQUE = 'handle-unique: the host issued the same handle twice';

class HostContractChecker implements InvariantChecker {
  /**
   * Per (caller, handle): handles are unique per caller and kind. A handle means
   * something only to the module that got it (another module's is InvalidArguments), so
   * a host may number each module's handles on its own, and ABI.md does not put function
   * and request handles in one number space either; both are the reference host's
   * choices, not the contract's. The issued marks live in the slots, so checking
   * uniqueness costs no lookup of its own.
   */
  private readonly slots = new PerCaller<Slot>();

  observe(e: TraceEvent): string | undefined {
    switch (e.t) {
      case 'ffi.create_function':
        if (e.code === ErrorCode.Success) return this.create(e.caller, e.handle);
        return undefined;
      case 'ffi.rejected':
        // InternalError here is the FFI answering for a host that threw or answered out of
        // contract (a handle that is no bigint, a negative size): ABI.md says a host never
        // throws, and a guest that tolerates InternalError would hide the bug. The guest's
        // own mistakes are InvalidArguments.
        return e.code === ErrorCode.InternalError ? `host-error in ${e.call}: ${e.reason}` : undefined;
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
    const slot: Slot = { created: false, removed: false, request: undefined, consumed: false };
    this.slots.set(caller, handle, slot);
    return slot;
  }

  private create(caller: string, handle: bigint): string | undefined {
    if (handle === 0n) return NONZERO;
    const slot = this.slots.get(caller, handle);
    if (slot?.created === true) return UNIQUE;
    this.slot(caller, handle, slot).created = true;
    return undefined;
  }

  private launch(caller: string, handle: bigint, code: number, request: bigint, blocking: boolean): string | undefined {
    if (this.slots.get(caller, handle)?.removed === true && code !== ErrorCode.InvalidArguments) {
      return 'removed-handle-honoured: a launch with a removed function handle was not InvalidArguments';
    }
    if (code !== ErrorCode.Success) return undefined;
    if (request === 0n) return NONZERO;
    const slot = this.slots.get(caller, request);
    // Issued before as a request: live (its view) or consumed.
    if (slot !== undefined && (slot.request !== undefined || slot.consumed)) return UNIQUE;
    this.slot(caller, request, slot).request = { ready: false, size: undefined, blocking };
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
  description: 'ABI.md part 2: the host never throws, handles nonzero and unique per module and kind, readiness monotonic, sizes exact, consumed/removed handles dead',
  observes: ['ffi.create_function', 'ffi.remove_function', 'ffi.launch', 'ffi.is_ready', 'ffi.retrieve', 'ffi.rejected'],
  create: () => new HostContractChecker(),
};
