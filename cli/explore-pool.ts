/**
 * Exploration on a worker-thread pool. Runs go out in batches; results are folded in
 * run-index order, so the failures found, their order and the report are identical
 * for any number of workers (and to the in-process `explore`).
 *
 * One pool serves every target of an `arksim explore` (the catalogue is ~20 of them):
 * starting worker threads and warming their JIT costs ~0.2 s, as much as thousands
 * of runs.
 */
import { Piscina } from 'piscina';
import { calibrateStrategy, ReportBuilder, type BatchResult, type ExploreProgress, type ExploreReport } from '../sim/explore/explore.js';
import { runsAt, shardRuns, type ExploreConfig } from '../sim/explore/plan.js';
import type { RunTarget } from '../sim/explore/target.js';
import { isWorkerUserError, UsageError } from './errors.js';
import type { BatchTask } from './explore-worker.js';
import { tuneForBusyWorkers } from './v8-tuning.js';

/**
 * Runs per batch: large enough that messaging is a small part of a batch, small enough
 * that every worker gets many batches (even load) and a stop-at-first wastes little.
 */
export function batchSize(runs: number, workers: number): number {
  return Math.min(256, Math.max(16, Math.ceil(runs / (workers * 16))));
}

export class ExplorePool {
  private readonly pool: Piscina<BatchTask, BatchResult>;

  constructor(readonly workers: number) {
    tuneForBusyWorkers(workers);
    this.pool = new Piscina<BatchTask, BatchResult>({
      filename: new URL('./explore-worker.js', import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 1000,
      // Batches are synchronous, so a second task per worker does not run alongside the
      // first: it waits in the worker's own queue and starts the moment the first ends,
      // instead of after a round trip through this (busy-core) thread.
      concurrentTasksPerWorker: 2,
      // Runs allocate many short-lived objects: a larger young generation means fewer
      // scavenges per worker.
      resourceLimits: { maxYoungGenerationSizeMb: 96 },
    });
  }

  async explore(target: RunTarget, config: ExploreConfig, onProgress?: (p: ExploreProgress) => void): Promise<ExploreReport> {
    const ref = target.ref;
    if (ref === undefined) throw new Error(`target ${target.name} cannot be rebuilt in a worker thread`);
    const calibrated: ExploreConfig = { ...config, strategy: calibrateStrategy(target, config) };
    // Batches are made as they are sent: --runs may be far more than memory could list.
    const range = shardRuns(config.runs, config.shard);
    const size = batchSize(range.count, this.workers);
    const batchCount = Math.ceil(range.count / size);

    const builder = new ReportBuilder(config.stopAtFirst);
    const done = new Map<number, BatchResult>();
    let folded = 0;
    let next = 0;
    const inFlight = new Set<Promise<void>>();
    const dispatch = (b: number): void => {
      const task: BatchTask = { ref, policies: target.policies, frames: target.budgets.frames, config: calibrated, indices: runsAt(range, b * size, (b + 1) * size) };
      const p = this.pool.run(task).then((result) => {
        done.set(b, result);
        // Fold every batch that is now contiguous with what was folded before.
        for (let r = done.get(folded); r !== undefined && !builder.stopped; r = done.get(folded)) {
          builder.addBatch(r);
          done.delete(folded++);
          onProgress?.({ done: builder.runCount, total: range.count, failures: builder.failureCount });
        }
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    };
    // Three batches per worker: one running, one queued in the worker, one on its way.
    try {
      while (next < batchCount && !builder.stopped) {
        while (inFlight.size < this.workers * 3 && next < batchCount) dispatch(next++);
        await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    } catch (e) {
      // Leave the pool idle for the next exploration, not busy with this one's batches.
      await Promise.allSettled(inFlight);
      throw isWorkerUserError(e) ? new UsageError(e.message) : e;
    }
    return builder.report();
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
