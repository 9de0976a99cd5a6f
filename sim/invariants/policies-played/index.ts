/**
 * `policies-played`: an opt-in invariant (RunOptions `checkPolicies`) that holds a host
 * to the policies its run was given (ABI.md part 2, "Policies the simulator plays"),
 * which `env.policies` and `env.draws` hand it. The catalogue accepts every legal host
 * whatever the policies say, so without this a host that, say, returns NotFound from
 * `launch` under errors=deferred passes: arksim cannot tell it from a legal eager host.
 *
 * Judged exactly from one run's events, with no statistics; each policy's file says
 * what it judges and what it leaves out, and why:
 * - error timing (error-timing.ts), from the FFI events;
 * - handle numbering (handle-numbering.ts), from the handles issued and `draw.handle`;
 * - latency (latency.ts), from `draw.latency` and the requests the host reports with
 *   `req.launched` (their `due`);
 * - injected faults (faults.ts), from `draw.fault` and the host's `module.fault` events.
 * What rests on `req.*` and `module.fault` events judges only what the host reports
 * with them (a host that reports none is judged on the rest).
 *
 * Gotchas: failures are compared (by explore and the shrinker) by the text before the
 * message's colon, here the name and the policy: violations of one policy are one
 * failure, whatever call or time they name. A trace records the option (its header's
 * `checkPolicies`), and replay and shrink turn the check on from it.
 */
import type { TraceEvent, TraceEventTag } from '../../events.js';
import type { Policies } from '../../host/policies.js';
import { violationMessage, type Invariant, type InvariantChecker } from '../invariant.js';
import type { PolicyChecker } from './checker.js';
import { ErrorTimingChecker } from './error-timing.js';
import { FaultsChecker } from './faults.js';
import { HandleNumberingChecker } from './handle-numbering.js';
import { LatencyChecker } from './latency.js';

const NAME = 'policies-played';

/** One array for every run: runs with equal `observes` arrays share their event routing (invariant-sink.ts). */
const OBSERVES: readonly TraceEventTag[] = [
  'ffi.create_function',
  'ffi.launch',
  'ffi.is_ready',
  'ffi.retrieve',
  'draw.latency',
  'draw.fault',
  'draw.handle',
  'req.launched',
  'req.completed',
  'module.fault',
];

/**
 * `policies-played (errors): …`: the policy is part of the name before the colon, which
 * is what explore and the shrinker compare invariant failures by, so two policies a host
 * does not play are two failures, and shrinking one keeps it on that policy.
 */
function violation(c: PolicyChecker, detail: string): string {
  return violationMessage(`${NAME} (${c.policy})`, detail);
}

class Checker implements InvariantChecker {
  private readonly checkers: readonly PolicyChecker[];
  constructor(policies: Policies) {
    this.checkers = [
      new ErrorTimingChecker(policies.errors),
      new HandleNumberingChecker(policies.handles),
      new LatencyChecker(policies.latency),
      new FaultsChecker(policies.faults),
    ];
  }

  observe(e: TraceEvent): string | undefined {
    for (const c of this.checkers) {
      const v = c.observe(e);
      if (v !== undefined) return violation(c, v);
    }
    return undefined;
  }

  finish(): string | undefined {
    for (const c of this.checkers) {
      const v = c.finish?.();
      if (v !== undefined) return violation(c, v);
    }
    return undefined;
  }
}

/** The invariant for a run under `policies` (the run's own: swarm and the shrinker change them per run). */
export function policiesPlayed(policies: Policies): Invariant {
  return {
    name: NAME,
    description: 'the host plays the run\'s policies: error timing, handle numbering, latency and injected faults, as far as one run shows them',
    observes: OBSERVES,
    create: () => new Checker(policies),
  };
}
