/**
 * Which runs an exploration makes: run i's seed, strategy and policies depend on i
 * and the configuration only, so any split of the runs (worker threads, CI shards)
 * makes the same runs and finds the same failures.
 */
import type { Policies } from '../host/policies.js';
import { SeedStreams } from '../random.js';
import type { StrategySpec } from '../scheduler/strategy.js';

export interface Shard {
  /** 0-based. */
  readonly index: number;
  readonly count: number;
}

export interface ExploreConfig {
  readonly runs: number;
  /** Base seed; run i's seed is derived from it. */
  readonly seed: string;
  readonly strategy: StrategySpec;
  /** Each run also draws its policies (swarm testing, Groce et al. ISSTA 2012). */
  readonly swarm: boolean;
  readonly stopAtFirst: boolean;
  readonly shard?: Shard;
}

export interface RunPlan {
  readonly index: number;
  readonly seed: string;
  readonly strategy: StrategySpec;
  readonly policies: Policies;
}

/** Numeric bases count up (`42` → 42, 43, …); other text gets a suffix (`ci` → ci#0, ci#1, …). */
export function seedForRun(base: string, index: number): string {
  if (/^-?\d+$/.test(base)) {
    const n = BigInt(base) + BigInt(index);
    return n.toString();
  }
  return `${base}#${index}`;
}

/**
 * The run indices of a shard, in order: `first`, `first + step`, ... (`count` of them).
 * A description, never a list: `--runs` may be 2^53 - 1 with `--stop-at-first`, and a
 * list of that many indices would not fit in memory.
 */
export interface RunRange {
  readonly first: number;
  readonly step: number;
  readonly count: number;
}

/** The runs of this shard of `runs` (all of them without a shard). `I/N` on the command line is 1-based. */
export function shardRuns(runs: number, shard: Shard | undefined): RunRange {
  const first = shard?.index ?? 0;
  const step = shard?.count ?? 1;
  return { first, step, count: first < runs ? Math.floor((runs - 1 - first) / step) + 1 : 0 };
}

/** Positions `from` to `to - 1` of `range` as run indices (a batch: a short list). */
export function runsAt(range: RunRange, from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = from; k < Math.min(to, range.count); k++) out.push(range.first + k * range.step);
  return out;
}

/** Run indices of this shard, in order, as a list: for a bounded number of runs. */
export function runIndices(runs: number, shard: Shard | undefined): number[] {
  const range = shardRuns(runs, shard);
  return runsAt(range, 0, range.count);
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const i = m === null ? NaN : Number(m[1]);
  const n = m === null ? NaN : Number(m[2]);
  if (!(n >= 1 && i >= 1 && i <= n)) throw new RangeError(`shard must be I/N with 1 <= I <= N, got "${text}"`);
  return { index: i - 1, count: n };
}

const SWARM_LATENCIES: readonly Policies['latency'][] = [
  { kind: 'fixed', us: 0 },
  { kind: 'fixed', us: 1000 },
  { kind: 'fixed', us: 16_667 },
  { kind: 'uniform', min: 0, max: 5000 },
  { kind: 'uniform', min: 0, max: 50_000 },
  { kind: 'uniform', min: 10_000, max: 100_000 },
];

/**
 * A run's policies under `--swarm`: error timing, latency and handle numbering drawn
 * from the run's own seed. Fault injection stays as configured: a guest is not wrong
 * to fail on a fault unless it claims to tolerate them.
 */
export function swarmPolicies(seed: string, base: Policies): Policies {
  const rng = new SeedStreams(seed).stream('swarm');
  return {
    errors: rng.below(2) === 0 ? 'eager' : 'deferred',
    latency: SWARM_LATENCIES[rng.below(SWARM_LATENCIES.length)] ?? base.latency,
    handles: rng.below(2) === 0 ? 'sequential' : 'random',
    faults: base.faults,
  };
}

export function planRun(config: ExploreConfig, base: Policies, index: number): RunPlan {
  const seed = seedForRun(config.seed, index);
  return {
    index,
    seed,
    strategy: config.strategy,
    policies: config.swarm ? swarmPolicies(seed, base) : base,
  };
}
