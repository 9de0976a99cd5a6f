/**
 * workers: exploration throughput on the worker-thread pool, 2 workers against 1, same
 * configuration (fan-out, random strategy). Target: 1.8 times the runs/s on 2 cores.
 * Each pool is started once and warmed up before timing, as `arksim explore` keeps one
 * pool for all its targets: the figure is exploration throughput, not thread start-up
 * (its start-up time is given in the figure's note).
 *
 * A second, informational figure measures what the machine gives right now: the same
 * pure arithmetic loop on 1 and on 2 worker threads. On a shared machine another
 * process's load caps the first figure; this one says by how much.
 */
import { isDeepStrictEqual } from 'node:util';
import { Worker } from 'node:worker_threads';
import { ExplorePool } from '../cli/explore-pool.js';
import type { ExploreReport } from '../sim/explore/explore.js';
import type { ExploreConfig } from '../sim/explore/plan.js';
import type { Benchmark, Figure } from './benchmark.js';
import { FANOUT, RANDOM } from './fanout.js';
import { measurePair, perSecond } from './measure.js';

// About a second per exploration on one worker.
const RUNS = 48_000;
const CONFIG: ExploreConfig = { runs: RUNS, seed: '0', strategy: RANDOM, swarm: false, stopAtFirst: false };

/** A fixed amount of arithmetic (about 0.3 s on one core), for the parallelism probe. */
const SPIN = `
let x = 0;
for (let i = 0; i < 3e8; i++) x = (x + i * 7) % 1000003;
require('node:worker_threads').parentPort.postMessage(x);
`;

/** Runs `threads` copies of SPIN at once; resolves when all are done. */
function spin(threads: number): Promise<void> {
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const w = new Worker(SPIN, { eval: true });
      w.once('message', () => void w.terminate().then(() => resolve(), reject));
      w.once('error', reject);
    });
  return Promise.all(Array.from({ length: threads }, one)).then(() => undefined);
}

async function parallelismFigure(): Promise<Figure> {
  const t = await measurePair(() => spin(2), () => spin(1), { warmup: 0, repeats: 3 });
  // Two units of work in t.value.ms against one unit in t.baseline.ms.
  const two = perSecond(2, t.value.ms);
  const one = perSecond(1, t.baseline.ms);
  return {
    name: 'workers/cpu-probe',
    value: two,
    unit: 'units/s',
    baseline: one,
    ratio: two / one,
    ratioMeans: '2 / 1 thread, pure CPU',
    target: null,
    note: 'informational: the speed-up this machine gave a pure arithmetic loop during this run, the ceiling for `workers`',
  };
}

function checkSameReport(a: ExploreReport, b: ExploreReport): void {
  if (a.runs !== RUNS || b.runs !== RUNS) throw new Error(`workers: expected ${RUNS} runs, got ${a.runs} and ${b.runs}`);
  if (!isDeepStrictEqual(a.failures, b.failures) || !isDeepStrictEqual(a.distinct, b.distinct)) {
    throw new Error('workers: 1 and 2 workers found different failures');
  }
}

export const workersBenchmark: Benchmark = {
  name: 'workers',
  async run(): Promise<readonly Figure[]> {
    const reports: ExploreReport[] = [];
    // CPU time of the whole process (main thread, workers, GC and compiler threads) per
    // wall time: how many cores each pool size actually kept busy.
    const cores = new Map<number, { cpu: number; wall: number }>();
    const startup = performance.now();
    // Every thread loaded and ready: one small exploration per pool. One pool after the
    // other: a pool with as many workers as cores changes a V8 flag for the isolates
    // started after it (tuneForBusyWorkers), and the 1-worker pool, which keeps the
    // default, must have started before that.
    const pools = new Map<number, ExplorePool>();
    for (const w of [1, 2]) {
      const pool = new ExplorePool(w);
      pools.set(w, pool);
      await pool.explore(FANOUT, { ...CONFIG, runs: 64 * w });
    }
    const startupMs = performance.now() - startup;
    const explore = async (workers: number): Promise<void> => {
      const cpu0 = process.cpuUsage();
      const wall0 = performance.now();
      reports.push(await (pools.get(workers) as ExplorePool).explore(FANOUT, CONFIG));
      const cpu = process.cpuUsage(cpu0);
      const c = cores.get(workers) ?? { cpu: 0, wall: 0 };
      cores.set(workers, { cpu: c.cpu + (cpu.user + cpu.system) / 1000, wall: c.wall + performance.now() - wall0 });
    };
    const busy = (workers: number): string => {
      const c = cores.get(workers);
      return c === undefined ? '?' : (c.cpu / c.wall).toFixed(2);
    };
    let t;
    try {
      t = await measurePair(() => explore(2), () => explore(1), { warmup: 1, repeats: 7 });
    } finally {
      await Promise.all([...pools.values()].map((p) => p.close()));
    }
    const [first, ...rest] = reports;
    for (const r of rest) checkSameReport(first as ExploreReport, r);
    const two = perSecond(RUNS, t.value.ms);
    const one = perSecond(RUNS, t.baseline.ms);
    return [
      {
        name: 'workers',
        value: two,
        unit: 'runs/s',
        baseline: one,
        ratio: two / one,
        ratioMeans: '2 / 1 worker runs/s',
        target: { on: 'ratio', op: '>=', bound: 1.8 },
        note:
          `ExplorePool.explore, ${RUNS} fanout runs on started pools (starting both took ${startupMs.toFixed(0)} ms); cores busy: ${busy(1)} with 1 worker, ${busy(2)} with 2; ` +
          `${first?.failures.length ?? 0} failures, identical for 1 and 2 workers`,
      },
      await parallelismFigure(),
    ];
  },
};
