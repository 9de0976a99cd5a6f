/**
 * recording: the cost of recording. The same fan-out runs with a `TraceWriter` on a
 * memory target (the CLI's `recordRun`: header, writer, finish) against plain runs.
 * Target: recording adds at most 30%.
 *
 * recording/per-trace (informational): the same runs, each with a trace that gets its
 * header and footer but none of the run's events: what a trace costs before a single
 * event is encoded (header, chunk framing, CRC-32s, SHA-256, footer). It is the floor
 * under the first figure, measured in the same run, so the two can be read together.
 */
import { recordRun, traceHeader, type HeaderFields } from '../cli/trace-io.js';
import { memoryTarget, TraceWriter } from '../recorder/index.js';
import type { Benchmark, Figure } from './benchmark.js';
import { FANOUT, fanoutOptions, RANDOM, runFanout, runFanouts } from './fanout.js';
import { measurePair } from './measure.js';

const RUNS = 1000;
const TIMING = { warmup: 2, repeats: 9 };

/** The header fields of fan-out run `seed`'s trace. */
function headerFields(seed: number): HeaderFields {
  return { seed: String(seed), strategy: RANDOM, mode: 'record', parent: null };
}

/** Records runs 0..RUNS-1; returns the trace bytes written. */
function recordFanouts(): number {
  let bytes = 0;
  for (let seed = 0; seed < RUNS; seed++) {
    const r = recordRun(FANOUT, fanoutOptions(seed), headerFields(seed), undefined);
    if (r.result.outcome.kind !== 'pass') throw new Error(`recording: fanout seed ${seed} did not pass`);
    bytes += r.bytes?.length ?? 0;
  }
  return bytes;
}

/** Runs 0..RUNS-1 unrecorded, each beside a trace with its header and footer and no events; returns the trace bytes. */
function emptyTracesBeside(): number {
  let bytes = 0;
  for (let seed = 0; seed < RUNS; seed++) {
    const header = traceHeader(FANOUT, fanoutOptions(seed), headerFields(seed));
    const writer = new TraceWriter(header, memoryTarget());
    const r = runFanout(seed);
    bytes += writer.finish(r.outcome).length;
  }
  return bytes;
}

export const recordingBenchmark: Benchmark = {
  name: 'recording',
  async run(): Promise<readonly Figure[]> {
    const t = await measurePair(recordFanouts, () => runFanouts(0, RUNS), TIMING);
    const floor = await measurePair(emptyTracesBeside, () => runFanouts(0, RUNS), TIMING);
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
      {
        name: 'recording/per-trace',
        value: floor.value.ms,
        unit: 'ms',
        baseline: floor.baseline.ms,
        ratio: floor.value.ms / floor.baseline.ms,
        ratioMeans: 'empty trace beside / plain time',
        target: null,
        note: `informational: the same ${RUNS} runs, each beside a trace of its header and footer only (no events): the per-trace floor under 'recording'`,
      },
    ];
  },
};
