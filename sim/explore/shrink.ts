/**
 * Shrinking a failing run: fewer non-default scheduling decisions, simpler policy
 * draws, simpler policies, fewer frames, while the run still fails the same way
 * (same failure signature). The result is a configuration that the caller re-runs
 * with a recorder to save the shrunk trace.
 */
import type { TraceEvent } from '../events.js';
import type { Policies } from '../host/policies.js';
import { sameFailure, type RunOutcome } from '../outcome.js';
import { hostOptions, runSimulation, type HostOptions, type RunOptions, type RunResult } from '../run/run.js';
import { recordedOutcome } from '../replay/replay.js';
import { ddmin, type TestBudget } from './ddmin.js';
import type { RunPlan } from './plan.js';
import { ScriptedDraws, ScriptedSelector } from './scripted.js';
import type { RunTarget } from './target.js';

export interface ShrinkConfig {
  readonly policies: Policies;
  readonly frames: number | undefined;
  /** Decision index → candidate position, for decisions that did not take the first candidate. */
  readonly positions: ReadonlyMap<number, number>;
  readonly latencies: ReadonlyMap<number, number>;
  readonly faults: ReadonlySet<number>;
}

export interface ShrinkStats {
  readonly decisions: readonly [before: number, after: number];
  readonly latencies: readonly [before: number, after: number];
  readonly faults: readonly [before: number, after: number];
  readonly frames: readonly [before: number, after: number];
  readonly runs: number;
}

interface ShrinkResultBase {
  readonly config: ShrinkConfig;
  readonly stats: ShrinkStats;
}

/** The failure was reproduced and shrunk (perhaps not at all, if the budget ran out). */
export interface Shrunk extends ShrinkResultBase {
  readonly reproduced: true;
  /** The shrunk configuration's run's outcome: the same failure (sameFailure) as `expected`. */
  readonly outcome: RunOutcome;
}

/** The re-run did not fail the way it had to; nothing was shrunk (`config` is the starting one). */
export interface NotReproduced extends ShrinkResultBase {
  readonly reproduced: false;
  /** The failure to reproduce: the trace's recorded one (`expect`), or the seeded run's. */
  readonly expected: RunOutcome;
  /** What the scripted re-run ended with instead (also `outcome`). */
  readonly actual: RunOutcome;
  readonly outcome: RunOutcome;
}

export type ShrinkResult = Shrunk | NotReproduced;

/** `host` and `checkPolicies` are those the failing run had: every run made here has them too. */
export interface ShrinkOptions extends HostOptions {
  /**
   * The most runs to spend, every run counted: the ones that reproduce the failure
   * (reproduceRuns) and every simplification tried. Default 400; less than
   * reproduceRuns is a RangeError.
   */
  readonly maxRuns?: number;
  /** Start from a recorded run's events (its choices, re-run by position), not from the seed. */
  readonly from?: readonly TraceEvent[];
  /**
   * The failure to reproduce before shrinking, by sameFailure: by default the outcome
   * `from` recorded (its last event), else the seeded run's. A recorded trace's footer
   * outcome is the one to pass: a re-run that fails another way is another bug.
   */
  readonly expect?: RunOutcome;
  /** After each run: runs so far, and the most there will be. */
  readonly onRun?: (runs: number, max: number) => void;
}

/** Runs spent reproducing the failure before any simplification: one from a trace; from a seed, the seeded run and its scripted re-run. */
export function reproduceRuns(fromTrace: boolean): number {
  return fromTrace ? 1 : 2;
}

/** Run options that play a shrink configuration (add `sinks` to record it). */
export function shrinkRunOptions(target: RunTarget, plan: RunPlan, config: ShrinkConfig, host: HostOptions = {}): RunOptions {
  return {
    seed: plan.seed,
    strategy: plan.strategy,
    policies: config.policies,
    budgets: config.frames === undefined ? target.budgets : { ...target.budgets, frames: config.frames },
    selector: new ScriptedSelector(config.positions),
    draws: (seeded) => new ScriptedDraws({ latencies: config.latencies, faults: config.faults }, seeded),
    ...hostOptions(host),
  };
}

/** The shrinker's starting point from a run's events: its non-default decisions and its draws. */
export function configFromEvents(events: readonly TraceEvent[], policies: Policies): ShrinkConfig {
  const positions = new Map<number, number>();
  const latencies = new Map<number, number>();
  const faults = new Set<number>();
  let decision = 0;
  let latency = 0;
  let fault = 0;
  for (const e of events) {
    if (e.t === 'sched.decision') {
      const p = e.candidates.indexOf(e.chosen);
      if (p > 0) positions.set(decision, p);
      decision++;
    } else if (e.t === 'draw.latency') {
      latencies.set(latency++, e.value);
    } else if (e.t === 'draw.fault') {
      if (e.value) faults.add(fault);
      fault++;
    }
  }
  return { policies, frames: undefined, positions, latencies, faults };
}

/** Simpler policies to try, one change at a time, simplest first. */
function policySimplifications(p: Policies): ((c: ShrinkConfig) => ShrinkConfig)[] {
  const out: ((c: ShrinkConfig) => ShrinkConfig)[] = [];
  if (p.faults > 0) out.push((c) => ({ ...c, policies: { ...c.policies, faults: 0 }, faults: new Set() }));
  if (p.handles !== 'sequential') out.push((c) => ({ ...c, policies: { ...c.policies, handles: 'sequential' } }));
  if (p.errors !== 'eager') out.push((c) => ({ ...c, policies: { ...c.policies, errors: 'eager' } }));
  if (!(p.latency.kind === 'fixed' && p.latency.us === 0)) {
    out.push((c) => ({ ...c, policies: { ...c.policies, latency: { kind: 'fixed', us: 0 } }, latencies: new Map() }));
  }
  return out;
}

export function shrink(target: RunTarget, plan: RunPlan, options: ShrinkOptions = {}): ShrinkResult {
  const host = hostOptions(options);
  const maxRuns = options.maxRuns ?? 400;
  const needed = reproduceRuns(options.from !== undefined);
  if (!(maxRuns >= needed)) throw new RangeError(`shrink needs at least ${needed} run(s) to reproduce the failure; maxRuns is ${maxRuns}`);
  // Every run is counted here, and each is paid for from the budget before it is made
  // (ddmin pays for its own tests), so `runs` never passes maxRuns.
  const budget: TestBudget = { left: maxRuns - needed };
  let runs = 0;
  const counted = (options_: RunOptions): RunResult => {
    const r = runSimulation(target.build(), options_);
    runs++;
    options.onRun?.(runs, maxRuns);
    return r;
  };
  const run = (c: ShrinkConfig): RunResult => counted(shrinkRunOptions(target, plan, c, host));

  // From a trace: start from its recorded choices (re-running them by position), not the
  // seed; that one run is also the reproduction. From a seed: the seeded run, then its
  // choices re-run by position, which must fail the same way.
  let before: ShrinkConfig;
  let expected: RunOutcome;
  let reproduction: RunResult;
  /** The run shrinking starts from: no simplification may make a longer one. */
  let original: RunResult;
  if (options.from !== undefined) {
    before = configFromEvents(options.from, plan.policies);
    reproduction = run(before);
    original = reproduction;
    expected = options.expect ?? recordedOutcome(options.from) ?? reproduction.outcome;
  } else {
    const events: TraceEvent[] = [];
    const seeded = counted({
      seed: plan.seed,
      strategy: plan.strategy,
      policies: plan.policies,
      budgets: target.budgets,
      sinks: [{ emit: (e) => events.push(e) }],
      ...host,
    });
    before = configFromEvents(events, plan.policies);
    expected = options.expect ?? seeded.outcome;
    reproduction = run(before);
    original = seeded;
  }
  const stats = (c: ShrinkConfig, frames: number): ShrinkStats => ({
    decisions: [before.positions.size, c.positions.size],
    latencies: [before.latencies.size, c.latencies.size],
    faults: [before.faults.size, c.faults.size],
    frames: [original.frames, frames],
    runs,
  });
  if (expected.kind !== 'failure' || !sameFailure(reproduction.outcome, expected)) {
    const actual = reproduction.outcome;
    return { reproduced: false, expected, actual, outcome: actual, config: before, stats: stats(before, original.frames) };
  }
  // The run of the configuration kept so far: its frames and outcome are the result's,
  // with no run to find them again.
  let current = before;
  let currentRun = reproduction;
  // A simpler configuration is kept only if its run is no longer than the original: fewer
  // choices that make the run longer (more frames, more events) are not a smaller repro.
  // ddmin keeps exactly the last configuration this accepted, so `accepted` is its run.
  let accepted = reproduction;
  const fails = (c: ShrinkConfig): boolean => {
    const r = run(c);
    const ok = sameFailure(r.outcome, expected) && r.events <= original.events && r.frames <= original.frames;
    if (ok) accepted = r;
    return ok;
  };
  const keep = (next: ShrinkConfig, changed: boolean): void => {
    current = next;
    if (changed) currentRun = accepted;
  };

  for (let progress = true; progress && budget.left > 0; ) {
    progress = false;
    for (const simplify of policySimplifications(current.policies)) {
      if (budget.left <= 0) break;
      const next = simplify(current);
      budget.left--;
      if (fails(next)) {
        keep(next, true);
        progress = true;
      }
    }
    const positions = ddmin([...current.positions], (kept) => fails({ ...current, positions: new Map(kept) }), budget);
    const fewerPositions = positions.length < current.positions.size;
    keep({ ...current, positions: new Map(positions) }, fewerPositions);

    const latencies = ddmin([...current.latencies], (kept) => fails({ ...current, latencies: new Map(kept) }), budget);
    const fewerLatencies = latencies.length < current.latencies.size;
    keep({ ...current, latencies: new Map(latencies) }, fewerLatencies);

    const faults = ddmin([...current.faults], (kept) => fails({ ...current, faults: new Set(kept) }), budget);
    const fewerFaults = faults.length < current.faults.size;
    keep({ ...current, faults: new Set(faults) }, fewerFaults);
    progress ||= fewerPositions || fewerLatencies || fewerFaults;
  }
  // Fewer frames: the frame the failure showed in is the most an applet's run needs. A
  // guest that ends by itself keeps its budget: there it is a deadline, and a fixed
  // guest replayed in check mode may need every frame of it.
  const applet = !target.build().guest.finite;
  const shown = currentRun.frames;
  if (applet && budget.left > 0 && shown < (current.frames ?? Infinity) && current.frames !== shown) {
    const fewer = { ...current, frames: shown };
    budget.left--;
    if (fails(fewer)) keep(fewer, true);
  }
  return { reproduced: true, config: current, outcome: currentRun.outcome, stats: stats(current, currentRun.frames) };
}
