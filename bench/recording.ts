/**
 * recording: the cost of recording. The same fan-out runs with a `TraceWriter` on a
 * memory target (the CLI's `recordRun`: header, writer, finish) against plain runs.
 * Target: recording adds at most 30%.
 */
import { recordRun } from '../cli/trace-io.js';
import type { Benchmark, Figure } from './benchmark.js';
import { FANOUT, fanoutOptions, RANDOM, runFanouts } from './fanout.js';
import { measurePair } from './measure.js';

const RUNS = 1000;

/** Records runs 0..RUNS-1; returns the trace bytes written. */
function recordFanouts(): number {
  let bytes = 0;
  for (let seed = 0; seed < RUNS; seed++) {
    const r = recordRun(FANOUT, fanoutOptions(seed), { seed: String(seed), strategy: RANDOM, mode: 'record', parent: null }, undefined);
    if (r.result.outcome.kind !== 'pass') throw new Error(`recording: fanout seed ${seed} did not pass`);
    bytes += r.bytes?.length ?? 0;
  }
  return bytes;
}

export const recordingBenchmark: Benchmark = {
  name: 'recording',
  async run(): Promise<readonly Figure[]> {
    const t = await measurePair(recordFanouts, () => runFanouts(0, RUNS), { warmup: 2, repeats: 9 });
    return [
      {
        name: 'recording',
        value: t.value.ms,
        unit: 'ms',
        baseline: t.baseline.ms,
        ratio: t.value.ms / t.baseline.ms,
        ratioMeans: 'recorded / plain time',
        target: { on: 'ratio', op: '<=', bound: 1.3 },
        note: `${RUNS} fanout runs; value with TraceWriter(memoryTarget()) via recordRun, baseline without`,
      },
    ];
  },
};
