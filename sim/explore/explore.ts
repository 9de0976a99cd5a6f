/**
 * Exploration: many runs of one target over seeds (and, with swarm, policies), each
 * judged by its outcome. `runBatch` is the unit a worker thread executes; `explore`
 * runs batches in order in this thread. Results are keyed by run index, so the
 * failures found and their order are the same however the runs were split.
 */
import { failureSignature, type RunOutcome } from '../outcome.js';
import { hostOptions, runSimulation, type HostOptions } from '../run/run.js';
import { DEFAULT_PCT_STEPS, type StrategySpec } from '../scheduler/strategy.js';
import { planRun, runsAt, shardRuns, type ExploreConfig, type RunPlan } from './plan.js';
import type { RunTarget } from './target.js';

/** One run's result, small and structured-cloneable (it crosses worker threads). */
export interface RunSummary {
  readonly plan: RunPlan;
  readonly outcome: RunOutcome;
  readonly decisions: number;
  readonly steps: number;
  readonly events: number;
}

export interface ExploreReport {
  readonly runs: number;
  /** Every failing run, by run index. */
  readonly failures: readonly RunSummary[];
  /** The first run of each distinct failure (by signature), in order of discovery. */
  readonly distinct: readonly RunSummary[];
}

export function runOne(target: RunTarget, plan: RunPlan, host: HostOptions = {}): RunSummary {
  const r = runSimulation(target.build(), {
    seed: plan.seed,
    strategy: plan.strategy,
    policies: plan.policies,
    budgets: target.budgets,
    ...hostOptions(host),
  });
  return { plan, outcome: r.outcome, decisions: r.decisions, steps: r.steps, events: r.events };
}

/**
 * PCT needs the number of steps (decisions) a run takes; measure it with one FIFO run
 * of the base seed, so every worker and shard uses the same estimate.
 */
export function calibrateStrategy(target: RunTarget, config: ExploreConfig): StrategySpec {
  const s = config.strategy;
  // An explicit pct:DEPTH:STEPS is taken as given.
  if (s.kind !== 'pct' || s.steps !== DEFAULT_PCT_STEPS) return s;
  const pilot = runOne(target, { ...planRun(config, target.policies, 0), strategy: { kind: 'fifo' } });
  return { kind: 'pct', depth: s.depth, steps: Math.max(1, pilot.decisions) };
}

export function runBatch(
  target: RunTarget,
  config: ExploreConfig,
  indices: readonly number[],
  host: HostOptions = {},
): RunSummary[] {
  const out: RunSummary[] = [];
  for (const i of indices) {
    const s = runOne(target, planRun(config, target.policies, i), host);
    out.push(s);
    if (config.stopAtFirst && s.outcome.kind === 'failure') break;
  }
  return out;
}

/**
 * What a batch sends back across the thread boundary: how many runs it made and the
 * failing ones. Passing runs only count, so they are not cloned (most runs pass).
 */
export interface BatchResult {
  readonly ran: number;
  readonly failures: readonly RunSummary[];
}

export function summarizeBatch(runs: readonly RunSummary[]): BatchResult {
  return { ran: runs.length, failures: runs.filter((s) => s.outcome.kind === 'failure') };
}

export interface ExploreProgress {
  readonly done: number;
  readonly total: number;
  readonly failures: number;
}

/** Folds run summaries, in index order, into a report; honours stop-at-first. */
export class ReportBuilder {
  private runs = 0;
  private readonly failures: RunSummary[] = [];
  private readonly distinct = new Map<string, RunSummary>();
  stopped = false;
  constructor(private readonly stopAtFirst: boolean) {}

  /**
   * The next batch in index order. Under stop-at-first a batch ends at its first failure
   * (`runBatch`), so counting all its runs counts exactly those up to that failure.
   */
  addBatch(b: BatchResult): void {
    if (this.stopped) return;
    this.runs += b.ran;
    for (const s of b.failures) {
      this.failures.push(s);
      const sig = failureSignature(s.outcome);
      if (!this.distinct.has(sig)) this.distinct.set(sig, s);
    }
    if (this.stopAtFirst && b.failures.length > 0) this.stopped = true;
  }

  get failureCount(): number {
    return this.failures.length;
  }

  get runCount(): number {
    return this.runs;
  }

  report(): ExploreReport {
    return { runs: this.runs, failures: [...this.failures], distinct: [...this.distinct.values()] };
  }
}

export function explore(
  target: RunTarget,
  config: ExploreConfig,
  options: HostOptions & { onProgress?: (p: ExploreProgress) => void; batch?: number } = {},
): ExploreReport {
  const calibrated: ExploreConfig = { ...config, strategy: calibrateStrategy(target, config) };
  const range = shardRuns(config.runs, config.shard);
  const builder = new ReportBuilder(config.stopAtFirst);
  const batch = options.batch ?? 64;
  for (let at = 0; at < range.count && !builder.stopped; at += batch) {
    builder.addBatch(summarizeBatch(runBatch(target, calibrated, runsAt(range, at, at + batch), hostOptions(options))));
    options.onProgress?.({ done: builder.runCount, total: range.count, failures: builder.failureCount });
  }
  return builder.report();
}
