/**
 * Imported first by the CLI and the benchmarks, for its side effect: turns off V8's
 * allocation-site pretenuring for this process (and so for its worker threads; V8
 * flags are process-wide).
 *
 * Why: arksim runs thousands of short simulations back to back. Objects that live for
 * one run survive a young-generation GC whenever one lands mid-run, so V8 decides their
 * allocation sites are long-lived and allocates them straight in the old generation.
 * Those dead old objects then keep each later run's young objects alive until a full
 * GC: every scavenge copied about 1.7 MB, and GC took ~30% of a fan-out run. With
 * pretenuring off, runs are ~35% faster (measured: 35 us -> 24 us per fan-out run) and
 * results are unchanged (flags affect memory placement, never values).
 */
import { availableParallelism } from 'node:os';
import v8 from 'node:v8';

v8.setFlagsFromString('--no-allocation-site-pretenuring');

/**
 * Called before starting `workers` worker threads that will keep their cores busy (an
 * exploration pool). With at least as many workers as cores, turns off V8's parallel
 * scavenging for the isolates started from now on: a young-generation collection then
 * runs on its own worker thread instead of posting helper tasks to other threads, which
 * on a saturated machine only take a core from another worker and make the collection
 * wait for them. Measured on 2 cores, 2 workers: 112k -> 120k fan-out runs/s (median of
 * 4 alternating runs each); one worker on 2 cores loses ~3% without the helpers, so
 * fewer workers than cores keep them. Flags affect scheduling and memory, never values.
 */
export function tuneForBusyWorkers(workers: number): void {
  if (workers >= availableParallelism()) v8.setFlagsFromString('--no-parallel-scavenge');
}
