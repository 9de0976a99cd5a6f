/**
 * Shrinking a failing run: fewer non-default scheduling decisions, simpler policy
 * draws, simpler policies, fewer frames, while the run still fails the same way
 * (same failure signature). The result is a configuration that the caller re-runs
 * with a recorder to save the shrunk trace.
 */
import type { EventSink, TraceEvent } from '../events.js';
import type { Policies } from '../host/policies.js';
import { sameFailure, type RunOutcome } from '../outcome.js';
import type { HostFactory } from '../run/context.js';
import { runSimulation, type RunOptions, type RunResult } from '../run/run.js';
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

export interface ShrinkResult {
  readonly config: ShrinkConfig;
  readonly outcome: RunOutcome;
  readonly stats: ShrinkStats;
  /** False when the scripted re-run did not reproduce the failure (nothing was shrunk). */
  readonly reproduced: boolean;
}

/** Run options that play a shrink configuration (add `sinks` to record it). */
export function shrinkRunOptions(target: RunTarget, plan: RunPlan, config: ShrinkConfig, host?: HostFactory): RunOptions {
  return {
    seed: plan.seed,
    strategy: plan.strategy,
    policies: config.policies,
    budgets: config.frames === undefined ? target.budgets : { ...target.budgets, frames: config.frames },
    selector: new ScriptedSelector(config.positions),
    draws: (seeded) => new ScriptedDraws({ latencies: config.latencies, faults: config.faults }, seeded),
    ...(host === undefined ? {} : { host }),
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

function capture(target: RunTarget, plan: RunPlan, host: HostFactory | undefined): { result: RunResult; config: ShrinkConfig } {
  const events: TraceEvent[] = [];
  const sink: EventSink = { emit: (e) => events.push(e) };
  const result = runSimulation(target.build(), {
    seed: plan.seed,
    strategy: plan.strategy,
    policies: plan.policies,
    budgets: target.budgets,
    sinks: [sink],
    ...(host === undefined ? {} : { host }),
  });
  return { result, config: configFromEvents(events, plan.policies) };
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

export function shrink(
  target: RunTarget,
  plan: RunPlan,
  options: { host?: HostFactory; maxRuns?: number; from?: readonly TraceEvent[]; onRun?: (runs: number, max: number) => void } = {},
): ShrinkResult {
  const { host } = options;
  const budget: TestBudget = { left: options.maxRuns ?? 400 };
  const maxRuns = options.maxRuns ?? 400;
  let runs = 0;
  const run = (c: ShrinkConfig): RunResult => {
    options.onRun?.(++runs, maxRuns);
    return runSimulation(target.build(), shrinkRunOptions(target, plan, c, host));
  };
  // From a trace: start from its recorded choices (re-running them by position), not the seed.
  const original =
    options.from === undefined
      ? capture(target, plan, host)
      : (() => {
          const config = configFromEvents(options.from, plan.policies);
          return { result: run(config), config };
        })();
  const outcome = original.result.outcome;
  const before = original.config;
  const stats = (c: ShrinkConfig, frames: number): ShrinkStats => ({
    decisions: [before.positions.size, c.positions.size],
    latencies: [before.latencies.size, c.latencies.size],
    faults: [before.faults.size, c.faults.size],
    frames: [original.result.frames, frames],
    runs: (options.maxRuns ?? 400) - budget.left,
  });
  if (outcome.kind !== 'failure' || !sameFailure(run(before).outcome, outcome)) {
    return { config: before, outcome, stats: stats(before, original.result.frames), reproduced: false };
  }
  // A simpler configuration is kept only if its run is no longer than the original: fewer
  // choices that make the run longer (more frames, more events) are not a smaller repro.
  const fails = (c: ShrinkConfig): boolean => {
    const r = run(c);
    return sameFailure(r.outcome, outcome) && r.events <= original.result.events && r.frames <= original.result.frames;
  };

  let current = before;
  for (let progress = true; progress && budget.left > 0; ) {
    progress = false;
    for (const simplify of policySimplifications(current.policies)) {
      if (budget.left <= 0) break;
      const next = simplify(current);
      budget.left--;
      if (fails(next)) {
        current = next;
        progress = true;
      }
    }
    const positions = ddmin(
      [...current.positions],
      (kept) => fails({ ...current, positions: new Map(kept) }),
      budget,
    );
    if (positions.length < current.positions.size) progress = true;
    current = { ...current, positions: new Map(positions) };

    const latencies = ddmin(
      [...current.latencies],
      (kept) => fails({ ...current, latencies: new Map(kept) }),
      budget,
    );
    if (latencies.length < current.latencies.size) progress = true;
    current = { ...current, latencies: new Map(latencies) };

    const faults = ddmin([...current.faults], (kept) => fails({ ...current, faults: new Set(kept) }), budget);
    if (faults.length < current.faults.size) progress = true;
    current = { ...current, faults: new Set(faults) };
  }
  // Fewer frames: the frame the failure showed in is the most an applet's run needs. A
  // guest that ends by itself keeps its budget: there it is a deadline, and a fixed
  // guest replayed in check mode may need every frame of it.
  const last = run(current);
  const applet = !target.build().guest.finite;
  if (applet && budget.left > 0 && last.frames < (current.frames ?? Infinity) && current.frames !== last.frames) {
    const fewer = { ...current, frames: last.frames };
    budget.left--;
    if (fails(fewer)) current = fewer;
  }
  const final = run(current);
  return { config: current, outcome: final.outcome, stats: stats(current, final.frames), reproduced: true };
}
