/**
 * Hosts that are legal per ABI.md but differ from the reference host where the contract
 * leaves the choice open: how handles are numbered. ABI.md asks only that handles be
 * nonzero u64s and that an unknown, removed or consumed handle be InvalidArguments; it
 * does not say function and request handles share one number space, nor that values
 * stay small. The catalogue must pass on these as on the reference host, or it reports
 * false failures to a host developer whose host is correct.
 *
 * Both keep the reference host's other choices (handles scoped to the module that got
 * them, never reissued within a kind in a run), so only the numbering differs.
 */
import type { FfiResult } from '../../../sim/host/api.js';
import { ReferenceHost, type HostEnv } from '../../../sim/host/reference-host.js';
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
];
