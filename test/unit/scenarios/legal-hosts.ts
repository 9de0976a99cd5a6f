/**
 * Hosts that are legal per ABI.md but differ from the reference host where the contract
 * leaves the choice open: how handles are numbered. ABI.md asks only that handles be
 * nonzero u64s and that an unknown, removed or consumed handle be InvalidArguments; it
 * does not say function and request handles share one number space, nor that values
 * stay small, nor (handles being scoped to the module that got them) that two modules'
 * handles differ. The catalogue must pass on these as on the reference host, or it
 * reports false failures to a host developer whose host is correct.
 *
 * All keep the reference host's other choices (handles scoped to the module that got
 * them, never reissued within a module and kind in a run), so only the numbering differs.
 */
import type { FfiResult, IsReadyValue } from '../../../sim/host/api.js';
import type { ErrorCode } from '../../../sim/host/codes.js';
import { HandleMap } from '../../../sim/handle-map.js';
import { ReferenceHost, type FunctionEntry, type HostEnv, type RequestEntry } from '../../../sim/host/reference-host.js';
import type { HostFactory } from '../../../sim/run/context.js';

export const U64_MAX = (1n << 64n) - 1n;

/**
 * Function handles and request handles from two independent counters, each starting at
 * `first` and moving by `step` (whatever the `handles` policy says): function 1 and
 * request 1 both exist, and a removed function's value may be a live request's.
 */
class PerKindHandlesHost extends ReferenceHost {
  /** True while create_function allocates: the reference host allocates requests only in launches. */
  private creatingFunction = false;

  constructor(env: HostEnv, first: bigint, step: bigint) {
    super(env);
    const next = { function: first, request: first };
    // The allocator is shared by both kinds in the reference host; which kind asks is known here only.
    this.handles.allocate = () => {
      const kind = this.creatingFunction ? 'function' : 'request';
      const h = next[kind];
      next[kind] = h + step;
      if (h <= 0n || h > U64_MAX) throw new RangeError(`handle space exhausted: ${h}`);
      return h;
    };
  }

  override createFunction(caller: string, fnType: number, module: string, name: string): FfiResult<bigint> {
    this.creatingFunction = true;
    try {
      return super.createFunction(caller, fnType, module, name);
    } finally {
      this.creatingFunction = false;
    }
  }
}

/**
 * A HandleMap keyed by (module, handle): the module answered for is `scope()`, a number
 * per module, put above the handle's 64 bits. Only get, set and delete are keyed (has
 * goes through get); iteration yields the values the reference host needs, under keys
 * nobody reads.
 */
class ScopedHandleMap<V> extends HandleMap<V> {
  constructor(private readonly scope: () => bigint) {
    super();
  }
  private key(handle: bigint): bigint {
    // No u64 (the FFI refuses those before the host sees them): a key no handle has.
    return BigInt.asUintN(64, handle) === handle ? (this.scope() << 64n) | handle : -1n;
  }
  override get(handle: bigint): V | undefined {
    return super.get(this.key(handle));
  }
  override set(handle: bigint, value: V): this {
    return super.set(this.key(handle), value);
  }
  override delete(handle: bigint): boolean {
    return super.delete(this.key(handle));
  }
}

/**
 * Every module has its own handle table and its own two counters, function handles and
 * requests each from 1: the guest's function 1, its request 1, a launched module's
 * function 1 and its request 1 can all be live at once. Legal, since a handle means
 * something only to the module that got it; the values collide across modules and
 * across kinds, so a scenario or invariant that tells handles apart by value alone
 * fails here.
 */
class PerModuleHandlesHost extends ReferenceHost {
  protected override readonly functions = new ScopedHandleMap<FunctionEntry>(() => this.scope());
  protected override readonly requests = new ScopedHandleMap<RequestEntry>(() => this.scope());
  /** The module whose call is being answered (a blocking launch answers others' calls inside its own). */
  private caller = '';
  private creatingFunction = false;
  private readonly scopes = new Map<string, { readonly id: bigint; next: { function: bigint; request: bigint } }>();

  constructor(env: HostEnv) {
    super(env);
    this.handles.allocate = () => {
      const next = this.module().next;
      const kind = this.creatingFunction ? 'function' : 'request';
      const h = next[kind];
      next[kind] = h + 1n;
      return h;
    };
  }

  private module(): { readonly id: bigint; next: { function: bigint; request: bigint } } {
    let m = this.scopes.get(this.caller);
    if (m === undefined) {
      m = { id: BigInt(this.scopes.size + 1), next: { function: 1n, request: 1n } };
      this.scopes.set(this.caller, m);
    }
    return m;
  }

  private scope(): bigint {
    return this.module().id;
  }

  /** Answers `caller`'s call with its own table, then goes back to the module whose call this one is inside. */
  private as<T>(caller: string, answer: () => T): T {
    const outer = this.caller;
    this.caller = caller;
    try {
      return answer();
    } finally {
      this.caller = outer;
    }
  }

  override createFunction(caller: string, fnType: number, module: string, name: string): FfiResult<bigint> {
    return this.as(caller, () => {
      this.creatingFunction = true;
      try {
        return super.createFunction(caller, fnType, module, name);
      } finally {
        this.creatingFunction = false;
      }
    });
  }

  override removeFunction(caller: string, handle: bigint): ErrorCode {
    return this.as(caller, () => super.removeFunction(caller, handle));
  }

  override launch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint> {
    return this.as(caller, () => super.launch(caller, handle, input));
  }

  override blockingLaunch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint> {
    return this.as(caller, () => super.blockingLaunch(caller, handle, input));
  }

  override isReady(caller: string, request: bigint): FfiResult<IsReadyValue> {
    return this.as(caller, () => super.isReady(caller, request));
  }

  override retrieve(caller: string, request: bigint, len: number): FfiResult<Uint8Array> {
    return this.as(caller, () => super.retrieve(caller, request, len));
  }
}

export interface LegalHost {
  readonly name: string;
  readonly make: HostFactory;
}

export const LEGAL_HOSTS: readonly LegalHost[] = [
  {
    name: 'function and request handles numbered independently from 1',
    make: (env) => new PerKindHandlesHost(env, 1n, 1n),
  },
  {
    name: 'handles counted down from u64::MAX, per kind (all >= 2^63)',
    make: (env) => new PerKindHandlesHost(env, U64_MAX, -1n),
  },
  {
    // A value guests like to take for "never issued": no constant is.
    name: 'handles counted up from 0xdeadbeef, per kind',
    make: (env) => new PerKindHandlesHost(env, 0xdead_beefn, 1n),
  },
  {
    name: 'handles numbered per module, functions and requests each from 1',
    make: (env) => new PerModuleHandlesHost(env),
  },
];
