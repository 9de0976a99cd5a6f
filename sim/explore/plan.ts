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

/** Run indices of this shard, in order. `I/N` on the command line is 1-based. */
export function runIndices(runs: number, shard: Shard | undefined): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) if (shard === undefined || i % shard.count === shard.index) out.push(i);
  return out;
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
