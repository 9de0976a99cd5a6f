/**
 * One simulated run: build the seeded context, instantiate modules and guest, drive
 * the guest frame by frame on the virtual scheduler, drain what is left, and decide
 * the outcome. Same seed, strategy, policies and budgets: same events, byte for byte.
 */
import { isSimAbort, SimAbort } from '../abort.js';
import { isStackOverflow, STACK_EXHAUSTED } from '../stack.js';
import type { Budgets } from '../budget.js';
import type { FrameState, GuestDriver } from '../guest/driver.js';
import { describe } from '../guest/ffi-arguments.js';
import type { ModuleRunHost } from '../host/api.js';
import type { Policies } from '../host/policies.js';
import { hostContract } from '../invariants/host-contract.js';
import { InvariantSink } from '../invariants/invariant-sink.js';
import { policiesPlayed } from '../invariants/policies-played/index.js';
import { failure, PASS, type RunOutcome } from '../outcome.js';
import type { StrategySpec } from '../scheduler/strategy.js';
import { createContext, type ContextOptions } from './context.js';
import type { Simulation } from './simulation.js';

export interface RunOptions extends ContextOptions {
  /**
   * End the run at the first invariant violation (default). Conformance checking turns
   * this off to report every difference instead.
   */
  readonly checkInvariants?: boolean;
  /**
   * Also check that the host plays the run's policies (the `policies-played` invariant:
   * error timing, handle numbering, latency, injected faults, as far as one run shows
   * them). Default false: the contract lets a host choose otherwise, and the catalogue
   * accepts it. For a host that is configured from `env.policies` and `env.draws`.
   */
  readonly checkPolicies?: boolean;
}

/**
 * The host a run uses and whether it is held to its policies: what exploration,
 * shrinking, saving and replay pass on to every run they make, so that a failure found
 * with them shrinks and replays as the same failure.
 */
export type HostOptions = Pick<RunOptions, 'host' | 'checkPolicies'>;

/** Just the host options of `o` (an options bag that holds others too), to pass on. */
export function hostOptions(o: HostOptions): HostOptions {
  return {
    ...(o.host === undefined ? {} : { host: o.host }),
    ...(o.checkPolicies === undefined ? {} : { checkPolicies: o.checkPolicies }),
  };
}

export interface RunResult {
  readonly outcome: RunOutcome;
  readonly seed: string;
  readonly strategy: StrategySpec;
  readonly policies: Policies;
  readonly budgets: Budgets;
  readonly steps: number;
  readonly decisions: number;
  readonly frames: number;
  /** Virtual microseconds at the end. */
  readonly time: number;
  readonly events: number;
  /** For replays: why the run left the recorded schedule, if it did. */
  readonly offTrack: string | undefined;
}

export function runSimulation(sim: Simulation, options: RunOptions): RunResult {
  const ctx = createContext(options);
  const { scheduler, sink, registry, host, budgets, ffiFor, log } = ctx;
  // The run's own policies (the default ones if none were given), which the host was handed.
  const played = options.checkPolicies === true ? [policiesPlayed(ctx.policies)] : [];
  const invariants = options.checkInvariants === false ? [] : [hostContract, ...played, ...(sim.invariants ?? [])];
  const invariantSink = new InvariantSink(invariants, scheduler);
  sink.add(invariantSink);
  const now = (): number => scheduler.now();

  let frames = 0;
  let last: FrameState = { kind: 'running' };
  let outcome: RunOutcome = PASS;
  try {
    // Everything is instantiated before any `ark_initialize` runs, so one may launch
    // functions of any module, whatever the order the modules were listed in.
    const wasmStack = { used: 0 };
    const modules = sim.modules.map((m) => m.instantiate({ scheduler, ffiFor, log, fuel: budgets.fuel, wasmStack, sink, now }));
    for (const m of modules) registry.add(m);
    const guest: GuestDriver = sim.guest.instantiate({
      ffi: ffiFor(sim.guest.name),
      scheduler,
      rng: ctx.streams.stream('inputs'),
      log: (message) => log(sim.guest.name, message),
      fuel: budgets.fuel,
      wasmStack,
      sink,
      now,
    });
    if (guest.launchable !== undefined) registry.add(guest.launchable);
    for (const m of modules) m.initialize?.();
    guest.initialize?.();
    const tick = (): void => {
      const index = frames++;
      sink.emit({ t: 'frame', at: now(), index });
      last = guest.frame(index);
      if (last.kind === 'finished' || frames >= budgets.frames) return;
      if (last.kind === 'waiting' && scheduler.pending === 0) {
        throw new SimAbort(failure('deadlock', `guest waits for ${last.label} and nothing is scheduled`, { module: guest.module }));
      }
      // A frame that overran (a long blocking_launch) makes the next one late, never re-entrant.
      scheduler.schedule(tick, Math.max(0, frames * budgets.frameUs - now()));
    };
    scheduler.throwIfAborted();
    scheduler.schedule(tick, 0);
    scheduler.flush();
    outcome = endOfRun(guest, last, budgets, host, invariantSink);
  } catch (e) {
    if (!isSimAbort(e) && !isStackOverflow(e)) throw e;
    // The first reason to stop wins: a divergence found mid-frame beats the panic it caused.
    outcome = scheduler.abortedWith ?? (isSimAbort(e) ? e.outcome : STACK_EXHAUSTED);
  }
  // No call reaches the host from now on (a kept ffi throws RunEndedError), and what it
  // still has scheduled or subscribed (a stream on real time) is cancelled. Before the
  // outcome, so that a host whose dispose() throws fails this run, in its trace too,
  // rather than ending the exploration.
  ctx.endCalls();
  try {
    host.dispose?.();
  } catch (error) {
    if (outcome.kind === 'pass') outcome = failure('invariant', `host-contract: the host's dispose() threw ${errorText(error)}`);
  }
  sink.emit({ t: 'run.outcome', at: now(), outcome });
  ctx.close();
  return {
    outcome,
    seed: ctx.streams.seed,
    strategy: ctx.strategy,
    policies: ctx.policies,
    budgets,
    steps: scheduler.steps,
    decisions: scheduler.decisions,
    frames,
    time: now(),
    events: sink.count,
    offTrack: ctx.cursor?.offTrack,
  };
}

/** A thrown value for a message: an Error's name and message, anything else as a string. */
function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function endOfRun(
  guest: GuestDriver,
  last: FrameState,
  budgets: Budgets,
  host: ModuleRunHost,
  invariants: InvariantSink,
): RunOutcome {
  if (guest.finite && last.kind !== 'finished') {
    const waiting = last.kind === 'waiting' ? ` (waiting for ${last.label})` : '';
    return failure('budget-exhausted', `guest did not finish within ${budgets.frames} frames${waiting}`, {
      module: guest.module,
    });
  }
  let pending: readonly unknown[];
  try {
    pending = host.pendingRequests();
  } catch (error) {
    // A host under development that breaks its own interface fails the run, which says so; it does not end the exploration.
    return failure('invariant', `host-contract: the host's pendingRequests() threw ${errorText(error)}`);
  }
  // Nor may a malformed answer (a missing `return`) end it: TypeScript's types do not hold at run time.
  if (!Array.isArray(pending)) {
    return failure('invariant', `host-contract: the host's pendingRequests() returned ${describe(pending)}, not an array of requests`);
  }
  if (pending.length > 0) {
    // Nothing is scheduled that could complete them: usually a module stream waiting on real time.
    return failure(
      'pending-requests',
      `${pending.length} launched request(s) never completed, and nothing scheduled could complete them ` +
        '(a module stream on real time, such as RxJS\'s default scheduler or a Promise, or one that never completes)',
    );
  }
  const v = invariants.finish(host);
  return v === undefined ? PASS : failure('invariant', v);
}
