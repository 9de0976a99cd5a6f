/**
 * Timing for benchmarks: warm up, repeat, take the median. A figure and its baseline are
 * always measured in the same process, interleaved (A B A B ...), so drift on a noisy
 * machine (thermal, a neighbour's load) hits both alike; numbers from another run are
 * never compared.
 *
 * Gotchas: the wall clock is allowed here and only here (bench/ is outside the
 * determinism rules of sim/, recorder/ and scenarios/).
 */
import { performance } from 'node:perf_hooks';

export interface MeasureOptions {
  /** Untimed runs first, so the JIT has compiled the hot path. */
  readonly warmup: number;
  /** Timed runs; the median is reported. */
  readonly repeats: number;
}

/** The median of the samples (the mean of the middle two for an even count). */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new RangeError('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Milliseconds one call takes (awaited, so async work counts in full). */
export async function timeOnce(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export interface Timing {
  /** Median milliseconds. */
  readonly ms: number;
  readonly samples: readonly number[];
}

/** Median milliseconds of `work` after `warmup` untimed calls. */
export async function measure(work: () => unknown, options: MeasureOptions): Promise<Timing> {
  for (let i = 0; i < options.warmup; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < options.repeats; i++) samples.push(await timeOnce(work));
  return { ms: median(samples), samples };
}

export interface PairTiming {
  readonly value: Timing;
  readonly baseline: Timing;
}

/**
 * Medians of `value` and `baseline`, each warmed up, then timed alternately; which goes
 * first alternates too, so neither always runs on a cache or heap the other left behind.
 */
export async function measurePair(value: () => unknown, baseline: () => unknown, options: MeasureOptions): Promise<PairTiming> {
  for (let i = 0; i < options.warmup; i++) {
    await value();
    await baseline();
  }
  const v: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < options.repeats; i++) {
    if (i % 2 === 0) {
      v.push(await timeOnce(value));
      b.push(await timeOnce(baseline));
    } else {
      b.push(await timeOnce(baseline));
      v.push(await timeOnce(value));
    }
  }
  return { value: { ms: median(v), samples: v }, baseline: { ms: median(b), samples: b } };
}

/** Items per second for `count` items in `ms` milliseconds. */
export function perSecond(count: number, ms: number): number {
  return (count * 1000) / ms;
}
