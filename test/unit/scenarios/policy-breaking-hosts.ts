/**
 * Hosts that keep the contract but do not play the policies they are given: each has one
 * planted policy bug. The catalogue accepts them (ABI.md lets a host choose), so only the
 * opt-in `policies-played` check tells them apart. And a wrapper that makes a host report
 * no `req.*` or `module.fault` events, since a host under development need not, and the
 * check must then judge from the FFI and draw events alone, without false failures.
 */
import type { EventSink } from '../../../sim/events.js';
import type { DrawSource } from '../../../sim/host/draws.js';
import type { Policies } from '../../../sim/host/policies.js';
import { ReferenceHost, type HostEnv, type RequestEntry } from '../../../sim/host/reference-host.js';
import type { Invocation, InvocationEnv } from '../../../sim/modules/module.js';
import { SeedStreams } from '../../../sim/random.js';
import type { HostFactory } from '../../../sim/run/context.js';

/** The reference host playing `played` instead of what its run gave it (a host reading its own configuration). */
export function playing(played: Partial<Policies>): HostFactory {
  return (env) => new ReferenceHost({ ...env, policies: { ...env.policies, ...played } });
}

/** Numbers every handle by 2 (1, 3, 5, …): unique and nonzero, but not sequential. */
class StepTwoHandlesHost extends ReferenceHost {
  constructor(env: HostEnv) {
    super(env);
    let next = 1n;
    this.handles.allocate = () => {
      const h = next;
      next += 2n;
      return h;
    };
  }
}

/** Starts every function at once, while its `req.launched` says it is due after the drawn latency. */
class StartsEarlyHost extends ReferenceHost {
  protected override run(
    entry: RequestEntry,
    invoke: (fn: string, input: Uint8Array, env: InvocationEnv) => Invocation,
    input: Uint8Array,
  ): void {
    super.run(entry, invoke, input, 0);
  }
}

/** Decides faults with a generator of its own: the `faults` fraction, but not the seed's draws. */
function ownFaults(env: HostEnv): ReferenceHost {
  const own = new SeedStreams('own faults').stream('faults');
  const draws: DrawSource = {
    latency: (spec) => env.draws.latency(spec),
    handle: () => env.draws.handle(),
    fault: (p) => own.next() < p,
  };
  return new ReferenceHost({ ...env, draws });
}

export interface PolicyBreakingHost {
  readonly name: string;
  readonly make: HostFactory;
}

export const POLICY_BREAKING = {
  eagerAlways: { name: 'returns launch errors at launch whatever the policy', make: playing({ errors: 'eager' }) },
  deferredAlways: { name: 'defers launch errors to retrieve whatever the policy', make: playing({ errors: 'deferred' }) },
  sequentialAlways: { name: 'numbers handles 1, 2, 3 whatever the policy', make: playing({ handles: 'sequential' }) },
  randomAlways: { name: 'draws random handles whatever the policy', make: playing({ handles: 'random' }) },
  stepTwo: { name: 'numbers handles 1, 3, 5', make: (env) => new StepTwoHandlesHost(env) },
  noLatency: { name: 'draws its latencies from fixed:0 whatever the policy', make: playing({ latency: { kind: 'fixed', us: 0 } }) },
  startsEarly: { name: 'starts functions before the due time it reports', make: (env) => new StartsEarlyHost(env) },
  halfFaults: { name: 'injects faults with probability 0.5 whatever the policy', make: playing({ faults: 0.5 }) },
  ownFaults: { name: 'decides faults with a generator of its own', make: ownFaults },
} as const satisfies Record<string, PolicyBreakingHost>;

const UNREPORTED: ReadonlySet<string> = new Set(['req.launched', 'req.completed', 'module.fault']);

/** `make`'s host, with its `req.*` and `module.fault` events dropped: a host that reports no requests. */
export function reportingNothing(make: HostFactory): HostFactory {
  return (env) => {
    const sink: EventSink = { emit: (e) => (UNREPORTED.has(e.t) ? undefined : env.sink.emit(e)) };
    return make({ ...env, sink });
  };
}
