/**
 * memory: heap in use (after full garbage collections) after 1,000 and after 100,000
 * fan-out runs in one process. Target: the heap grows by at most 10% (no leak per run).
 *
 * Gotchas: needs `global.gc` (main.ts runs itself with `--expose-gc`).
 */
import type { Benchmark, Figure } from './benchmark.js';
import { runFanouts } from './fanout.js';

const FIRST = 1_000;
const TOTAL = 100_000;

/** Heap used after collecting everything collectable (twice: weak refs and finalizers settle). */
function heapAfterGc(): number {
  const gc = globalThis.gc;
  if (typeof gc !== 'function') throw new Error('memory: run node with --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const MIB = 1024 * 1024;

export const memoryBenchmark: Benchmark = {
  name: 'memory',
  async run(): Promise<readonly Figure[]> {
    runFanouts(0, FIRST);
    const early = heapAfterGc();
    runFanouts(FIRST, TOTAL - FIRST);
    const late = heapAfterGc();
    return [
      {
        name: 'memory',
        value: late / MIB,
        unit: 'MiB',
        baseline: early / MIB,
        ratio: late / early,
        ratioMeans: `heap after ${TOTAL / 1000}k / ${FIRST / 1000}k runs`,
        target: { on: 'ratio', op: '<=', bound: 1.1 },
        note: `heapUsed after gc: ${(early / MIB).toFixed(2)} MiB after ${FIRST} runs, ${(late / MIB).toFixed(2)} MiB after ${TOTAL} runs`,
      },
    ];
  },
};
